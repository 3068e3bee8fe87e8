package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialFeatures;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training pieces as the model reads them, and random segments cut from them: a piece is
 * drawn with probability proportional to its length, then a start uniformly among those that
 * leave a whole segment (a piece shorter than a segment gives all of itself, the rest padded and
 * not scored). Pitches outside the model's range are dropped. A model with a key input hears with
 * each segment how far its piece was moved ({@link PianoRoll#movedBy()}).
 */
final class Segments {
    private final BiaxialConfig config;
    private final List<byte[][]> pieces = new ArrayList<>();
    /** Per piece, the shift back to where it was written (minus how far it was moved). */
    private final int[] keyShifts;
    private final long[] cumulative;
    private final long frames;

    Segments(BiaxialConfig config, List<PianoRoll> rolls) {
        this.config = config;
        cumulative = new long[rolls.size()];
        keyShifts = new int[rolls.size()];
        long total = 0;
        for (PianoRoll roll : rolls) {
            byte[][] cells = cellsOf(config, roll);
            keyShifts[pieces.size()] = -roll.movedBy();
            pieces.add(cells);
            total += cells.length;
            cumulative[pieces.size() - 1] = total;
        }
        frames = total;
    }

    /** A roll's cells in the model's range, read as the model reads them ({@link BiaxialFeatures#normalised}). */
    static byte[][] cellsOf(BiaxialConfig config, PianoRoll roll) {
        PitchRange range = config.range();
        PitchRange source = roll.range();
        int notes = range.size();
        byte[][] cells = new byte[roll.length()][notes];
        byte[] previous = new byte[notes];
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < source.size(); i++) {
                int pitch = source.pitch(i);
                if (range.contains(pitch)) {
                    int n = range.index(pitch);
                    cells[t][n] = BiaxialFeatures.normalised(roll.code(t, i), previous[n], config.articulation());
                }
            }
            previous = cells[t];
        }
        return cells;
    }

    long frames() {
        return frames;
    }

    /** {@code count} random segments of {@code steps} steps. */
    List<Segment> random(int count, int steps, SplittableRandom random) {
        List<Segment> batch = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            long pick = random.nextLong(frames);
            int p = 0;
            while (cumulative[p] <= pick) {
                p++;
            }
            byte[][] piece = pieces.get(p);
            int start = piece.length > steps ? random.nextInt(piece.length - steps + 1) : 0;
            int length = Math.min(steps, piece.length - start);
            byte[][] cells = new byte[steps][];
            for (int t = 0; t < steps; t++) {
                cells[t] = t < length ? piece[start + t] : new byte[config.notes()];
            }
            byte[] before = start > 0 ? piece[start - 1] : new byte[config.notes()];
            batch.add(new Segment(cells, before, start, length, null, keyShifts[p]));
        }
        return batch;
    }
}
