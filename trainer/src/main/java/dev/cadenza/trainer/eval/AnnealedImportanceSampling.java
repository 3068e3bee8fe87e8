package dev.cadenza.trainer.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Annealed importance sampling of the partition functions of many RBMs at once (Salakhutdinov &amp;
 * Murray, ICML 2008, section 4).
 *
 * <p>Base model: W = 0, hidden biases 0 and visible biases {@code b} (the RBM's own, or better, the
 * logits of its estimated marginals), whose log Z is exact. Intermediate distributions
 * {@code p*_beta(v) = exp(v.((1 - beta) b + beta bv)) prod_j (1 + exp(beta (bh_j + (v W)_j)))} for
 * the inverse temperatures {@code beta_k = (k / K)^2}, k = 1..K ({@link #schedule}): denser near
 * {@code beta = 0}, where the weights were measured to vary most. Each chain starts from an exact
 * sample of the base model; at each k it adds {@code log p*_k(v) - log p*_{k-1}(v)} to its log
 * importance weight, then (below the last k) moves by one Gibbs sweep that leaves {@code p_k}
 * invariant. A chain's estimate of log Z is {@code log Z_base + log w}; the estimate from several
 * chains is {@link #logMeanExp} of theirs, unbiased for Z (so slightly low for log Z, less so with
 * more chains and temperatures).
 *
 * <p>Measured on 200 JSB test frames of a partly trained model (88 x 150), the variance of a
 * chain's log w per frame at 200 temperatures: 1.59 with a linear schedule from the RBM's own
 * biases, 0.96 with the quadratic one, 0.06 from the Gibbs marginals' logits.
 *
 * <p>Not thread safe: one call at a time per thread; ND4J uses the machine's cores inside each call.
 */
final class AnnealedImportanceSampling {

    /** Rows (RBMs x chains) per ND4J block: big enough for fast products, small enough for cache and memory. */
    static final int BLOCK_ROWS = 8192;

    private AnnealedImportanceSampling() {}

    /**
     * Runs {@code chains} independent AIS chains per RBM.
     *
     * @return log Z estimates, one per chain, {@code [count x chains]}: entry {@code n * chains + m}
     *     is chain {@code m}'s estimate for RBM {@code n}
     */
    static double[] chainEstimates(ConditionalRbms rbms, int chains, int temperatures, long seed) {
        return chainEstimates(rbms, chains, schedule(temperatures), seed);
    }

    /** {@code beta_k = (k / temperatures)^2} for k = 1..temperatures. */
    static double[] schedule(int temperatures) {
        if (temperatures < 1) {
            throw new IllegalArgumentException("invalid AIS temperatures: " + temperatures + " (expected 1 or more)");
        }
        double[] betas = new double[temperatures];
        for (int k = 1; k <= temperatures; k++) {
            double u = (double) k / temperatures;
            betas[k - 1] = u * u;
        }
        return betas;
    }

    /**
     * Runs {@code chains} independent AIS chains per RBM through the inverse temperatures
     * {@code betas} (increasing, the last 1; the start 0 is implied).
     */
    static double[] chainEstimates(ConditionalRbms rbms, int chains, double[] betas, long seed) {
        return chainEstimates(rbms, null, chains, betas, seed);
    }

    /**
     * Runs {@code chains} independent AIS chains per RBM from a base model with the visible biases
     * {@code baseBiases} ([count x visible]; null for the RBMs' own), W = 0 and hidden biases 0.
     * The intermediate distributions are {@code p*_beta(v) = exp(v.((1 - beta) base + beta bv))
     * prod_j (1 + exp(beta (bh_j + (v W)_j)))}. A base close to the RBM's marginals (say, from
     * Gibbs sampling) gives importance weights of lower variance than the RBM's own biases.
     */
    static double[] chainEstimates(ConditionalRbms rbms, float[] baseBiases, int chains, double[] betas, long seed) {
        if (baseBiases != null && baseBiases.length != rbms.bv().length) {
            throw new IllegalArgumentException("invalid length of the base biases: " + baseBiases.length + " (expected "
                    + rbms.bv().length + ")");
        }
        int temperatures = betas.length;
        if (temperatures < 1 || betas[temperatures - 1] != 1.0) {
            throw new IllegalArgumentException("invalid AIS schedule: " + temperatures + " temperatures ending at "
                    + (temperatures == 0 ? "nothing" : betas[temperatures - 1]) + " (expected 1 or more, ending at 1)");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("invalid AIS chains: " + chains + " (expected 1 or more)");
        }
        double[] out = new double[rbms.count() * chains];
        INDArray w = Nd4j.create(rbms.w(), new long[] {rbms.visible(), rbms.hidden()}, 'c');
        int unitsPerBlock = Math.max(1, BLOCK_ROWS / chains);
        Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        try {
            for (int first = 0; first < rbms.count(); first += unitsPerBlock) {
                int units = Math.min(unitsPerBlock, rbms.count() - first);
                ChainBlock block = new ChainBlock(rbms, baseBiases, w, first, units, chains, random);
                double[] logWeights = runBlock(block, rbms.visible(), rbms.hidden(), betas);
                for (int k = 0; k < units; k++) {
                    double base = baseBiases == null ? rbms.baseLogPartition(first + k)
                            : baseLogPartition(baseBiases, first + k, rbms.visible(), rbms.hidden());
                    for (int m = 0; m < chains; m++) {
                        out[(first + k) * chains + m] = base + logWeights[k * chains + m];
                    }
                }
            }
        } finally {
            ChainBlock.release(random);
        }
        return out;
    }

    /**
     * One block's log importance weights. The increment {@code sum_j softplus(beta x_j) -
     * softplus(beta' x_j)} is computed as {@code (beta - beta') sum_j relu(x_j) + sum_j
     * [softplus(-beta |x_j|) - softplus(-beta' |x_j|)]}, with {@code sum_j relu(x_j) = (sum_j x_j +
     * sum_j |x_j|) / 2}: ND4J's softplus overflows to infinity above 88 in float, and a trained
     * model's hidden inputs can get there; at non-positive arguments it cannot.
     */
    private static double[] runBlock(ChainBlock block, int visible, int hidden, double[] betas) {
        int temperatures = betas.length;
        double[] logWeights = new double[block.rows];
        INDArray scaled = Nd4j.createUninitialized(DataType.FLOAT, block.rows, hidden);
        INDArray ones = Nd4j.ones(DataType.FLOAT, hidden, 1);
        INDArray sums = Nd4j.createUninitialized(DataType.FLOAT, block.rows, 1);
        INDArray onesVisible = block.hasOwnBase() ? Nd4j.ones(DataType.FLOAT, visible, 1) : null;
        block.startFromBase();
        double previousBeta = 0;
        for (int k = 1; k <= temperatures; k++) {
            double beta = betas[k - 1];
            INDArray input = block.hiddenInput();
            if (k < temperatures) {
                block.sampleHidden(input, beta);
            }
            ChainBlock.rowSums(input, ones, sums);
            float[] sumInput = sums.data().asFloat();
            Transforms.abs(input, false);
            ChainBlock.rowSums(input, ones, sums);
            float[] sumAbs = sums.data().asFloat();
            input.muli(-beta, scaled);
            input.muli(-previousBeta);
            Transforms.softPlus(scaled, false);
            Transforms.softPlus(input, false);
            scaled.subi(input);
            ChainBlock.rowSums(scaled, ones, sums);
            float[] sumSoftplus = sums.data().asFloat();
            double step = beta - previousBeta;
            for (int r = 0; r < block.rows; r++) {
                logWeights[r] += step * 0.5 * ((double) sumInput[r] + sumAbs[r]) + sumSoftplus[r];
            }
            if (block.hasOwnBase()) {
                block.visibleBiasGap(onesVisible, sums);
                float[] gap = sums.data().asFloat();
                for (int r = 0; r < block.rows; r++) {
                    logWeights[r] += step * gap[r];
                }
            }
            if (k < temperatures) {
                block.visibleProbabilities(beta);
                block.sampleVisibleFromProbabilities();
            }
            previousBeta = beta;
        }
        return logWeights;
    }

    /** log Z of a base model with visible biases {@code biases[n]}, W = 0, hidden biases 0. */
    private static double baseLogPartition(float[] biases, int n, int visible, int hidden) {
        double s = hidden * Math.log(2);
        for (int i = 0; i < visible; i++) {
            s += ConditionalRbms.softplus(biases[n * visible + i]);
        }
        return s;
    }

    /** {@code log((1/count) sum_k exp(values[from + k * stride]))} for k = 0..count-1, without overflow. */
    static double logMeanExp(double[] values, int from, int count, int stride) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count; k++) {
            max = Math.max(max, values[from + k * stride]);
        }
        double s = 0;
        for (int k = 0; k < count; k++) {
            s += Math.exp(values[from + k * stride] - max);
        }
        return max + Math.log(s / count);
    }
}
