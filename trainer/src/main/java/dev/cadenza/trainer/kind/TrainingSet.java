package dev.cadenza.trainer.kind;

import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Piece;
import dev.cadenza.trainer.data.TrainingData;
import dev.cadenza.trainer.data.Transpositions;
import dev.cadenza.trainer.run.TrainingListener;
import java.util.List;

/**
 * The music a run learns from, before a kind chooses its pitch range: the train and validation
 * splits, whether the train split is played in all twelve keys, and whether the model learns when
 * notes are struck again.
 *
 * @param train the split the model learns from
 * @param valid the split that chooses the epoch (never transposed)
 * @param transpose whether each training piece is also played in the other eleven keys that fit the range
 * @param articulation whether the model learns re-strikes (the data must have onsets to teach them)
 */
public record TrainingSet(Dataset train, Dataset valid, boolean transpose, boolean articulation) {

    /** The pieces within {@code range}: the train split in every key that fits when transposing, said to {@code listener}. */
    public TrainingData data(PitchRange range, TrainingListener listener) {
        List<PianoRoll> pieces = rolls(train);
        if (transpose) {
            int original = pieces.size();
            pieces = Transpositions.allKeys(pieces, range);
            listener.message(String.format("%s/%s in all twelve keys: %d pieces (of %d possible) within %s", train.name(),
                    train.split(), pieces.size(), 12 * original, range));
        }
        return new TrainingData(train.name(), train.sha256(), range, train.stepsPerQuarter(), pieces, rolls(valid));
    }

    /** The lowest to the highest pitch that sounds in either split, widened to hold every key when transposing. */
    public PitchRange soundingRange() {
        int low = 127;
        int high = 0;
        for (Dataset d : List.of(train, valid)) {
            for (Piece piece : d.pieces()) {
                PianoRoll roll = piece.roll();
                for (int t = 0; t < roll.length(); t++) {
                    for (int i = 0; i < roll.range().size(); i++) {
                        if (roll.sounding(t, i)) {
                            low = Math.min(low, roll.range().pitch(i));
                            high = Math.max(high, roll.range().pitch(i));
                        }
                    }
                }
            }
        }
        if (low > high) {
            throw new TrainerException("no notes in " + train.name() + ": nothing to train on");
        }
        PitchRange sounding = new PitchRange(low, high);
        return transpose ? Transpositions.widened(sounding) : sounding;
    }

    /** A preset's description: what {@code model} was trained on ("biaxial LSTM trained on jsb_chorales"). */
    public String describe(String model) {
        return model + " trained on " + train.name() + (transpose ? " in all twelve keys" : "");
    }

    private static List<PianoRoll> rolls(Dataset d) {
        return d.pieces().stream().map(Piece::roll).toList();
    }
}
