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
 * <p>{@code articulation} adds a second unit per pitch and step, "struck", beside "sounding": a
 * step's units are the range's sounding units, then its struck units, so a held note and the same
 * note struck again are different frames (what MIDI files carry and the JSON benchmarks do not).
 *
 * <p>{@code keyInput}: a model that learnt its music moved to C also hears, as one more input to
 * its biases, the key each piece came from ({@link dev.cadenza.engine.model.Models#keyInput}): its
 * music's register depends on it (a chorale in G moved up a fourth to C sits a fourth higher than
 * one written in C), and a model that does not know it wanders between those registers. At play
 * time it hears the key it will be moved to.
 *
 * @param range pitches of a frame
 * @param stepsPerQuarter grid the model was trained at
 * @param window steps per RBM (1 = the paper)
 * @param hidden RBM hidden units
 * @param recurrent RNN units
 * @param articulation whether each step has struck units beside its sounding ones
 * @param keyInput whether the biases hear the key the music came from (see above)
 */
public record RnnRbmConfig(PitchRange range, int stepsPerQuarter, int window, int hidden, int recurrent,
        boolean articulation, boolean keyInput) {
    /** The paper's model: sounding units only. */
    public RnnRbmConfig(PitchRange range, int stepsPerQuarter, int window, int hidden, int recurrent) {
        this(range, stepsPerQuarter, window, hidden, recurrent, false);
    }

    /** Without a key input. */
    public RnnRbmConfig(PitchRange range, int stepsPerQuarter, int window, int hidden, int recurrent,
            boolean articulation) {
        this(range, stepsPerQuarter, window, hidden, recurrent, articulation, false);
    }

    public RnnRbmConfig {
        check("steps per quarter", stepsPerQuarter, 1, 96);
        check("window", window, 1, 64);
        check("hidden units", hidden, 1, 100_000);
        check("recurrent units", recurrent, 1, 100_000);
    }

    /** Units per step: the range's pitches, twice with articulation (sounding, then struck). */
    public int unitsPerStep() {
        return articulation ? 2 * range.size() : range.size();
    }

    /** These sizes with a key input or without. */
    public RnnRbmConfig withKeyInput(boolean value) {
        return new RnnRbmConfig(range, stepsPerQuarter, window, hidden, recurrent, articulation, value);
    }

    /** Visible units of the RBM: {@code window * unitsPerStep()}. */
    public int visible() {
        return window * unitsPerStep();
    }

    private static void check(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (expected " + min + ".." + max + ")");
        }
    }
}
