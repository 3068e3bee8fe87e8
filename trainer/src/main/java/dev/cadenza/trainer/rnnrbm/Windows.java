package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Pieces as the kernel reads them: per window, the ascending indices of its sounding visible
 * units. A piece of T steps gives floor(T / window) windows (a trailing partial window is
 * dropped); frame k of a window occupies visible units {@code k * unitsPerStep ..}, its sounding
 * pitches and then, with articulation, its struck ones (a cell STRUCK, or sounding after silence);
 * pitches outside the model's range are dropped. For training, pieces are cut into consecutive sub-sequences of at
 * most {@code length} windows (the tutorial's batches of 100 frames), each starting from the RNN's
 * zero state.
 */
final class Windows {
    private Windows() {
    }

    /** The sounding visible units of every window of {@code roll}, in ascending order. */
    static int[][] of(RnnRbmConfig config, PianoRoll roll) {
        PitchRange range = config.range();
        PitchRange source = roll.range();
        int w = config.window();
        int pitches = range.size();
        int units = config.unitsPerStep();
        int count = roll.length() / w;
        int[][] out = new int[count][];
        int[] buffer = new int[config.visible()];
        for (int n = 0; n < count; n++) {
            int c = 0;
            for (int k = 0; k < w; k++) {
                int step = n * w + k;
                for (int i = 0; i < source.size(); i++) {
                    int pitch = source.pitch(i);
                    if (range.contains(pitch) && roll.sounding(step, i)) {
                        buffer[c++] = k * units + range.index(pitch);
                    }
                }
                if (!config.articulation()) {
                    continue;
                }
                for (int i = 0; i < source.size(); i++) {
                    int pitch = source.pitch(i);
                    boolean struck = Cell.onset(roll.code(step, i), step == 0 ? Cell.SILENT_CODE : roll.code(step - 1, i));
                    if (range.contains(pitch) && struck) {
                        buffer[c++] = k * units + pitches + range.index(pitch);
                    }
                }
            }
            out[n] = java.util.Arrays.copyOf(buffer, c);
        }
        return out;
    }

    /** Every piece as windows, in order (for validation and evaluation). */
    static List<int[][]> pieces(RnnRbmConfig config, List<PianoRoll> rolls) {
        List<int[][]> out = new ArrayList<>(rolls.size());
        for (PianoRoll roll : rolls) {
            int[][] windows = of(config, roll);
            if (windows.length > 0) {
                out.add(windows);
            }
        }
        return out;
    }

    /** Pieces cut into sub-sequences of at most {@code length} windows. */
    static List<int[][]> chunks(List<int[][]> pieces, int length) {
        List<int[][]> out = new ArrayList<>();
        for (int[][] piece : pieces) {
            for (int from = 0; from < piece.length; from += length) {
                out.add(java.util.Arrays.copyOfRange(piece, from, Math.min(piece.length, from + length)));
            }
        }
        return out;
    }

    /** Mini-batches of {@code size} sub-sequences, shuffled by {@code seed}. */
    static List<List<int[][]>> batches(List<int[][]> chunks, int size, long seed) {
        List<int[][]> order = new ArrayList<>(chunks);
        Collections.shuffle(order, new Random(seed));
        List<List<int[][]>> out = new ArrayList<>();
        for (int from = 0; from < order.size(); from += size) {
            out.add(order.subList(from, Math.min(order.size(), from + size)));
        }
        return out;
    }

    static long count(List<int[][]> sequences) {
        long n = 0;
        for (int[][] s : sequences) {
            n += s.length;
        }
        return n;
    }
}
