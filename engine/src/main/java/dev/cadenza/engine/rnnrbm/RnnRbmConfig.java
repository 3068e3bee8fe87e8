package dev.cadenza.engine.rnnrbm;

import dev.cadenza.engine.roll.PitchRange;

/**
 * Sizes of an RNN-RBM (Boulanger-Lewandowski, Bengio &amp; Vincent, ICML 2012).
 *
 * <p>{@code window} is the number of consecutive steps one RBM covers (seed 000's variant): the
 * visible layer is {@code window} frames side by side, frame {@code k} of the window at offset
 * {@code k * range.size()}, and the RNN advances once per window. {@code window = 1} is the paper's
 * model. The same code path serves both.
 *
 * @param range pitches of a frame
 * @param stepsPerQuarter grid the model was trained at
 * @param window steps per RBM (1 = the paper)
 * @param hidden RBM hidden units
 * @param recurrent RNN units
 */
public record RnnRbmConfig(PitchRange range, int stepsPerQuarter, int window, int hidden, int recurrent) {

    public RnnRbmConfig {
        check("steps per quarter", stepsPerQuarter, 1, 96);
        check("window", window, 1, 64);
        check("hidden units", hidden, 1, 100_000);
        check("recurrent units", recurrent, 1, 100_000);
    }

    /** Visible units of the RBM: {@code window * range.size()}. */
    public int visible() {
        return window * range.size();
    }

    private static void check(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (expected " + min + ".." + max + ")");
        }
    }
}
