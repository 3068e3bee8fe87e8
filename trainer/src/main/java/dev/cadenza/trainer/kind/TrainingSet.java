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
 * splits, the keys the music is played in, and whether the model learns when notes are struck again.
 *
 * @param train the split the model learns from
 * @param valid the split that chooses the epoch (moved to C with {@link Keys#C}, otherwise as it is)
 * @param keys the keys the training music is played in
 * @param articulation whether the model learns re-strikes (the data must have onsets to teach them)
 */
public record TrainingSet(Dataset train, Dataset valid, Keys keys, boolean articulation) {

    /** The keys a run's music is played in. */
    public enum Keys {
        /** Each piece in its own key. */
        ORIGINAL,
        /** Each piece in all twelve keys that fit the range. */
        ALL,
        /** Each piece moved to C ({@link Transpositions#toC}), to be moved to the key asked for at play time. */
        C;

        /** The name on the command line and in a preset's manifest. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TrainingSet {
        if (keys == null) {
            throw new IllegalArgumentException("missing keys");
        }
    }

    /** The pieces within {@code range}, in the keys asked for, said to {@code listener}. */
    public TrainingData data(PitchRange range, TrainingListener listener) {
        List<PianoRoll> pieces = rolls(train);
        List<PianoRoll> validPieces = rolls(valid);
        if (keys == Keys.ALL) {
            int original = pieces.size();
            pieces = Transpositions.allKeys(pieces, range);
            listener.message(String.format("%s/%s in all twelve keys: %d pieces (of %d possible) within %s", train.name(),
                    train.split(), pieces.size(), 12 * original, range));
        } else if (keys == Keys.C) {
            int original = pieces.size() + validPieces.size();
            pieces = Transpositions.toC(pieces, range);
            validPieces = Transpositions.toC(validPieces, range);
            listener.message(String.format("%s/%s and %s moved to C: %d pieces (of %d) within %s", train.name(),
                    train.split(), valid.split(), pieces.size() + validPieces.size(), original, range));
        }
        return new TrainingData(train.name(), train.sha256(), range, train.stepsPerQuarter(), pieces, validPieces);
    }

    /** The lowest to the highest pitch that sounds in either split, widened to hold the moves to other keys. */
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
        return keys == Keys.ORIGINAL ? sounding : Transpositions.widened(sounding);
    }

    /** A preset's description: what {@code model} was trained on ("biaxial LSTM trained on jsb_chorales"). */
    public String describe(String model) {
        return model + " trained on " + train.name() + switch (keys) {
            case ORIGINAL -> "";
            case ALL -> " in all twelve keys";
            case C -> " moved to C";
        };
    }

    private static List<PianoRoll> rolls(Dataset d) {
        return d.pieces().stream().map(Piece::roll).toList();
    }
}
