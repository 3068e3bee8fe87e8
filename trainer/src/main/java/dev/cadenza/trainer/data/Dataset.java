package dev.cadenza.trainer.data;

import dev.cadenza.engine.roll.PitchRange;
import java.util.List;

/**
 * One split of a dataset, loaded.
 *
 * @param name the dataset's name: its directory's name (e.g. {@code jsb_chorales})
 * @param split {@code train}, {@code valid}, {@code test}, or {@code all} for a whole MIDI folder
 * @param pieces the pieces, in a stable order (file order of a JSON dataset, sorted paths of a
 *     MIDI folder)
 * @param skipped files left out, with the reason
 * @param sha256 hex SHA-256 of the split's content (see {@link Datasets#load})
 * @param range pitch range of every piece's roll
 * @param stepsPerQuarter grid of every piece's roll
 */
public record Dataset(String name, String split, List<Piece> pieces, List<Skipped> skipped, String sha256,
        PitchRange range, int stepsPerQuarter) {
    public Dataset {
        pieces = List.copyOf(pieces);
        skipped = List.copyOf(skipped);
    }

    /** Steps over all pieces. */
    public long frames() {
        long frames = 0;
        for (Piece piece : pieces) {
            frames += piece.roll().length();
        }
        return frames;
    }
}
