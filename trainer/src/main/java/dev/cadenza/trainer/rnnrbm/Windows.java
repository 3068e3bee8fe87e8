package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.model.Models;
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
 * zero state. A model with a key input hears, with each piece, the key it came from ({@link
 * PianoRoll#movedBy()}).
 */
final class Windows {
    private Windows() {
    }

    /** The windows of a piece or of part of one, with the key input the model hears beside them (0 without one). */
    record Sequence(int[][] windows, double key) {
        int length() {
            return windows.length;
        }
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

    /**
     * Every piece as windows, in order (for validation and evaluation), with its key input: for a
     * model with one, that of the key the piece was in before it was moved to C.
     */
    static List<Sequence> pieces(RnnRbmConfig config, List<PianoRoll> rolls) {
        List<Sequence> out = new ArrayList<>(rolls.size());
        for (PianoRoll roll : rolls) {
            int[][] windows = of(config, roll);
            if (windows.length > 0) {
                out.add(new Sequence(windows, config.keyInput() ? Models.keyInput(-roll.movedBy()) : 0));
            }
        }
        return out;
    }

    /** Pieces cut into sub-sequences of at most {@code length} windows, each with its piece's key input. */
    static List<Sequence> chunks(List<Sequence> pieces, int length) {
        List<Sequence> out = new ArrayList<>();
        for (Sequence piece : pieces) {
            for (int from = 0; from < piece.length(); from += length) {
                out.add(new Sequence(java.util.Arrays.copyOfRange(piece.windows(), from,
                        Math.min(piece.length(), from + length)), piece.key()));
            }
        }
        return out;
    }

    /** Mini-batches of {@code size} sub-sequences, shuffled by {@code seed}. */
    static List<List<Sequence>> batches(List<Sequence> chunks, int size, long seed) {
        List<Sequence> order = new ArrayList<>(chunks);
        Collections.shuffle(order, new Random(seed));
        List<List<Sequence>> out = new ArrayList<>();
        for (int from = 0; from < order.size(); from += size) {
            out.add(order.subList(from, Math.min(order.size(), from + size)));
        }
        return out;
    }

    static long count(List<Sequence> sequences) {
        long n = 0;
        for (Sequence s : sequences) {
            n += s.length();
        }
        return n;
    }
}
