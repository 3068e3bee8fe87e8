package dev.cadenza.trainer.eval;

import java.util.SplittableRandom;

/**
 * Marginals {@code P(v_i = 1)} of many RBMs at once, by Gibbs sampling with the Rao-Blackwellised
 * estimator: after {@code burnIn} sweeps, each of the next {@code samples} sweeps of each chain adds
 * {@code P(v_i = 1 | h) = sigmoid(bv_i + (h W^T)_i)} for its hidden sample h, and the marginal is
 * the mean of these over chains and sweeps. Exact at once when W = 0; otherwise lower in variance
 * than counting the sampled v. Chains start from given states (the evaluator passes the true frame
 * before the scored one) or from the base model {@code v_i ~ Bernoulli(sigmoid(bv_i))}. The same
 * sweeps' visible samples, scored against true frames, give each frame's expected accuracy.
 *
 * <p>Not thread safe: one call at a time per thread.
 */
final class GibbsMarginals {

    private GibbsMarginals() {}

    /** @return the estimated marginals, {@code [count x visible]}, chains started from the base model */
    static float[] estimate(ConditionalRbms rbms, int chains, int burnIn, int samples, long seed) {
        return estimate(rbms, null, null, null, null, chains, burnIn, samples, seed);
    }

    /**
     * As {@link #estimate(ConditionalRbms, int, int, int, long)}, with every chain of RBM n started
     * from row n of {@code starts} ([count x visible], binary) when it is not null: a state near
     * the RBM's modes shortens the burn-in. When {@code targets} ([count x visible], binary) is not
     * null, also fills {@code sampleAccuracy[n]} with the mean, over the visible samples drawn
     * after the burn-in, of each sample's {@link Evaluation#frameAccuracy} against row n of the
     * targets. When {@code visited} is not null, every state of every chain (its start and each
     * sweep's, burn-in included) is added to it.
     */
    static float[] estimate(ConditionalRbms rbms, float[] starts, float[] targets, double[] sampleAccuracy,
            VisitedStates visited, int chains, int burnIn, int samples, long seed) {
        if (chains < 1 || samples < 1 || burnIn < 0) {
            throw new IllegalArgumentException(
                    "invalid Gibbs settings: " + chains + " chains, " + burnIn + " burn-in sweeps, " + samples
                            + " samples (expected at least 1, 0, 1)");
        }
        int visible = rbms.visible();
        float[] out = new float[rbms.count() * visible];
        ChainBlock.Weights w = new ChainBlock.Weights(rbms);
        int unitsPerBlock = Math.max(1, AnnealedImportanceSampling.BLOCK_ROWS / chains);
        double scale = 1.0 / ((double) chains * samples);
        SplittableRandom random = new SplittableRandom(seed);
        for (int first = 0; first < rbms.count(); first += unitsPerBlock) {
            int units = Math.min(unitsPerBlock, rbms.count() - first);
            ChainBlock block = new ChainBlock(rbms, w, first, units, chains, random);
            double[] sum = new double[block.rows * visible];
            if (starts == null) {
                block.startFromBase();
            } else {
                block.startFrom(starts, first, units, chains);
            }
            if (visited != null) {
                addStates(visited, block.visibleState(), first, units, chains);
            }
            for (int sweep = 0; sweep < burnIn + samples; sweep++) {
                block.sampleHidden(block.hiddenInput(), 1.0);
                float[][] p = block.visibleProbabilities(1.0);
                if (sweep >= burnIn) {
                    for (int r = 0; r < block.rows; r++) {
                        float[] pr = p[r];
                        int o = r * visible;
                        for (int i = 0; i < visible; i++) {
                            sum[o + i] += pr[i];
                        }
                    }
                }
                block.sampleVisibleFromProbabilities();
                boolean scoring = sweep >= burnIn && targets != null;
                float[] states = scoring || visited != null ? block.visibleState() : null;
                if (scoring) {
                    addSampleAccuracy(states, targets, sampleAccuracy, first, units, chains, visible, scale);
                }
                if (visited != null) {
                    addStates(visited, states, first, units, chains);
                }
            }
            for (int k = 0; k < units; k++) {
                int o = (first + k) * visible;
                for (int i = 0; i < visible; i++) {
                    double total = 0;
                    for (int m = 0; m < chains; m++) {
                        total += sum[(k * chains + m) * visible + i];
                    }
                    out[o + i] = (float) (total * scale);
                }
            }
        }
        return out;
    }

    /** Adds every chain's state of a block (RBMs {@code first ..}, {@code chains} rows each) to {@code visited}. */
    static void addStates(VisitedStates visited, float[] states, int first, int units, int chains) {
        for (int k = 0; k < units; k++) {
            for (int m = 0; m < chains; m++) {
                visited.add(first + k, states, k * chains + m);
            }
        }
    }

    private static void addSampleAccuracy(float[] states, float[] targets, double[] out, int first, int units,
            int chains, int visible, double scale) {
        for (int k = 0; k < units; k++) {
            int t = (first + k) * visible;
            double sum = 0;
            for (int m = 0; m < chains; m++) {
                sum += Evaluation.frameAccuracy(states, (k * chains + m) * visible, targets, t, visible);
            }
            out[first + k] += sum * scale;
        }
    }
}
