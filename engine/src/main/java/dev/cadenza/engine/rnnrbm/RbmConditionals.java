package dev.cadenza.engine.rnnrbm;

import dev.cadenza.engine.roll.Frame;

/**
 * What evaluation and training checks ask of an RNN-RBM besides playing: the biases of each
 * window's RBM given the true past, and the RBM's conditionals. Kept apart from
 * {@link RnnRbmModel}'s real-time API (a stream plays through
 * {@link dev.cadenza.engine.model.StepModel} alone), on a model of its own. One thread at a time.
 */
public final class RbmConditionals {
    private final RnnRbmModel model;

    public RbmConditionals(RnnRbmWeights weights) {
        this.model = new RnnRbmModel(weights);
    }

    public void reset(long seed) {
        model.reset(seed);
    }

    /** The key the music is in, for a model with a key input ({@link RnnRbmModel#movedFromC}); kept across resets. */
    public void movedFromC(int whiteKeyShift) {
        model.movedFromC(whiteKeyShift);
    }

    /** Advances with a frame that was played. */
    public void observe(Frame played) {
        model.observe(played);
    }

    /**
     * The biases of the next window's RBM given the frames observed: {@code bv_t} into
     * {@code bvOut} [visible], {@code bh_t} into {@code bhOut} [hidden].
     */
    public void nextBiases(float[] bvOut, float[] bhOut) {
        model.nextBiases(bvOut, bhOut);
    }

    /** {@code out[j] = sigmoid(bh[j] + sum_i v[i] W[i][j])}: p(h = 1 | v). */
    public void hiddenProbabilities(float[] visible, float[] hiddenBias, float[] out) {
        model.hiddenProbabilities(visible, hiddenBias, out);
    }

    /** {@code out[i] = sigmoid(bv[i] + sum_j W[i][j] h[j])}: p(v = 1 | h). */
    public void visibleProbabilities(float[] hidden, float[] visibleBias, float[] out) {
        model.visibleProbabilities(hidden, visibleBias, out);
    }
}
