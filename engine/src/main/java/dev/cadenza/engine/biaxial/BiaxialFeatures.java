package dev.cadenza.engine.biaxial;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PitchRange;
import java.util.Arrays;

/**
 * The per-note input of the time axis at step {@code t}: 80 features computed from the frame of
 * step {@code t - 1} (all silent before the first step) and from {@code t} itself. Johnson's layout
 * (position 1, pitch class 12, vicinity 50, context 12, beat 4, constant 1), with these choices:
 *
 * <pre>
 *   index  count  feature of note n (MIDI pitch p) at step t
 *   0      1      position: p / 127 (Johnson feeds the raw index; scaled, it trains without surprises)
 *   1      12     pitch class: one-hot of p mod 12
 *   13     50     vicinity: for d = -12..12, at 13 + 2 (d + 12) whether pitch p + d sounded at t - 1
 *                 ("play"), and at 14 + 2 (d + 12) whether it was struck there ("articulate");
 *                 pitches outside the range count as silent
 *   63     12     context: at 63 + k, how many pitches of pitch class (p + k) mod 12 sounded at t - 1
 *   75     4      beat: at 75 + k, bit k of (t mod 16), 0 or 1 (one bar of 16ths; at coarser grids
 *                 the upper bits count bars of a phrase)
 *   79     1      constant 1
 *   80     1      key input, only in a model that has one ({@link BiaxialConfig#keyInput()}): the
 *                 {@link dev.cadenza.engine.model.Models#keyInput} of the piece, the same at every
 *                 step and note
 * </pre>
 *
 * The engine's model does not build these vectors: it adds the rows of the first layer's weights
 * that the non-zero features select, which is the same sum (see {@link BiaxialModel}). The trainer
 * builds them with {@link #compute}.
 */
public final class BiaxialFeatures {
    public static final int POSITION = 0;
    public static final int PITCH_CLASS = 1;
    public static final int VICINITY = 13;
    /** Vicinity half-width in semitones: one octave each side. */
    public static final int RADIUS = 12;
    public static final int CONTEXT = 63;
    public static final int BEAT = 75;
    public static final int BEAT_BITS = 4;
    public static final int CONSTANT = 79;
    /** Features per note without a key input. */
    public static final int COUNT = 80;
    /** The key input's index, after the others. */
    public static final int KEY = 80;

    private BiaxialFeatures() {
    }

    /**
     * A cell as the model reads it, given the same pitch's cell the step before: a pitch sounding
     * after a silent step is struck (whatever the source says); without {@code articulation} a pitch
     * sounding after a sounding step is held, so that a repeated note reads as one held note, as
     * the piano-roll datasets have it.
     */
    public static byte normalised(byte cell, byte before, boolean articulation) {
        if (!Cell.sounding(cell)) {
            return Cell.SILENT_CODE;
        }
        if (!Cell.sounding(before)) {
            return Cell.STRUCK_CODE; // an onset (Cell.onset), whatever the source says
        }
        return articulation ? cell : Cell.HELD_CODE;
    }

    /** The position feature of a MIDI pitch. */
    public static float position(int pitch) {
        return pitch / 127f;
    }

    /** The beat feature {@code bit} (0..3) of step {@code step}. */
    public static float beat(int step, int bit) {
        return (step >> bit) & 1;
    }

    /** Index of the vicinity feature of the pitch {@code offset} semitones away (-12..12); +1 for articulate. */
    public static int vicinity(int offset) {
        return VICINITY + 2 * (offset + RADIUS);
    }

    /**
     * Writes the features of every note of {@code range} at step {@code step} into
     * {@code out[offset .. offset + notes * COUNT)}, note by note.
     *
     * @param previous the cell codes of step {@code step - 1}, one per note (all silent at step 0)
     */
    public static void compute(PitchRange range, byte[] previous, int step, float[] out, int offset) {
        compute(range, previous, step, COUNT, 0f, out, offset);
    }

    /**
     * As {@link #compute(PitchRange, byte[], int, float[], int)}, {@code features} per note
     * ({@link #COUNT}, or one more for a model with a key input, which gets {@code key}).
     */
    public static void compute(PitchRange range, byte[] previous, int step, int features, float key, float[] out,
            int offset) {
        int notes = range.size();
        if (previous.length != notes) {
            throw new IllegalArgumentException("previous frame has " + previous.length + " cells (expected " + notes + ")");
        }
        Arrays.fill(out, offset, offset + notes * features, 0f);
        int[] counts = new int[12];
        for (int m = 0; m < notes; m++) {
            if (Cell.sounding(previous[m])) {
                counts[range.pitch(m) % 12]++;
            }
        }
        for (int n = 0; n < notes; n++) {
            int base = offset + n * features;
            int pitch = range.pitch(n);
            int pc = pitch % 12;
            out[base + POSITION] = position(pitch);
            out[base + PITCH_CLASS + pc] = 1f;
            for (int d = -RADIUS; d <= RADIUS; d++) {
                int m = n + d;
                if (m >= 0 && m < notes && Cell.sounding(previous[m])) {
                    out[base + vicinity(d)] = 1f;
                    if (previous[m] == Cell.STRUCK_CODE) {
                        out[base + vicinity(d) + 1] = 1f;
                    }
                }
            }
            for (int k = 0; k < 12; k++) {
                out[base + CONTEXT + k] = counts[(pc + k) % 12];
            }
            for (int k = 0; k < BEAT_BITS; k++) {
                out[base + BEAT + k] = beat(step, k);
            }
            out[base + CONSTANT] = 1f;
            if (features > COUNT) {
                out[base + KEY] = key;
            }
        }
    }
}
