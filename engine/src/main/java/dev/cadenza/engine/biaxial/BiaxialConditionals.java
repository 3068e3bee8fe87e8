package dev.cadenza.engine.biaxial;

import dev.cadenza.engine.roll.Frame;

/**
 * What evaluation and training checks ask of a biaxial model besides playing: its probabilities for
 * frames that were played, and estimates of each note's marginal from draws of the note axis. Kept
 * apart from {@link BiaxialModel}'s real-time API (a stream plays through
 * {@link dev.cadenza.engine.model.StepModel} alone), on a model of its own. One thread at a time.
 */
public final class BiaxialConditionals implements AutoCloseable {
    private final BiaxialModel model;

    public BiaxialConditionals(BiaxialWeights weights) {
        this.model = new BiaxialModel(weights);
    }

    /** As {@link BiaxialModel#movedFromC}: the shift a model with a key input hears; kept across resets. */
    public void movedFromC(int shift) {
        model.movedFromC(shift);
    }

    /** Back to the initial state; {@code seed} seeds the draws of the estimates. */
    public void reset(long seed) {
        model.reset(seed);
    }

    /** As {@link BiaxialModel#reset(long, Frame, int)}: starts inside a piece, after {@code before}. */
    public void reset(long seed, Frame before, int step) {
        model.reset(seed, before, step);
    }

    /**
     * Advances with a frame that was played and writes, for each note, p(play) and p(articulate |
     * play) given the past and the notes of {@code played} below it (teacher forcing along both axes).
     * Either array may be null.
     */
    public void observe(Frame played, float[] playProbability, float[] articulateProbability) {
        model.observe(played, playProbability, articulateProbability);
    }

    /**
     * As {@link #observe(Frame, float[], float[])}, and also runs the note axis {@code samples} times
     * from this step's time-axis state, drawing every note from the model: {@code marginalPlay}
     * receives the Rao-Blackwellised estimate of p(play | past) per note, {@code drawn[2s]} and
     * {@code drawn[2s + 1]} the hits and the notes of draw s (see
     * {@code BiaxialModel}'s documentation of the same method).
     */
    public void observe(Frame played, float[] playProbability, float[] articulateProbability, float[] marginalPlay,
            int[] drawn, int samples) {
        model.observe(played, playProbability, articulateProbability, marginalPlay, drawn, samples);
    }

    @Override
    public void close() {
        model.close();
    }
}
