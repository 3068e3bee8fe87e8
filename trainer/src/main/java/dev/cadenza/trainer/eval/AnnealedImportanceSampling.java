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
 * <p>Base model: the RBM's own visible biases, {@code W = 0} and hidden biases 0, whose log Z is
 * exact ({@link ConditionalRbms#baseLogPartition}). Intermediate distributions
 * {@code p_k(v) ∝ exp(v.bv) prod_j (1 + exp(beta_k (bh_j + (v W)_j)))} for {@code temperatures}
 * inverse temperatures {@code beta_k = k / temperatures}, k = 1..temperatures (linear schedule).
 * Each chain starts from an exact sample of the base model; at each k it adds
 * {@code log p*_k(v) - log p*_{k-1}(v)} to its log importance weight, then (for k below the last)
 * moves by one Gibbs sweep that leaves {@code p_k} invariant. A chain's estimate of log Z is
 * {@code log Z_base + log w}; the estimate from several chains is {@link #logMeanExp} of theirs,
 * unbiased for Z (so slightly low for log Z, less so with more chains and temperatures).
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
        if (chains < 1) {
            throw new IllegalArgumentException("invalid AIS chains: " + chains + " (expected 1 or more)");
        }
        if (temperatures < 1) {
            throw new IllegalArgumentException("invalid AIS temperatures: " + temperatures + " (expected 1 or more)");
        }
        double[] out = new double[rbms.count() * chains];
        INDArray w = Nd4j.create(rbms.w(), new long[] {rbms.visible(), rbms.hidden()}, 'c');
        int unitsPerBlock = Math.max(1, BLOCK_ROWS / chains);
        Random random = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        try {
            for (int first = 0; first < rbms.count(); first += unitsPerBlock) {
                int units = Math.min(unitsPerBlock, rbms.count() - first);
                ChainBlock block = new ChainBlock(rbms, w, first, units, chains, random);
                double[] logWeights = runBlock(block, rbms.hidden(), temperatures);
                for (int k = 0; k < units; k++) {
                    double base = rbms.baseLogPartition(first + k);
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

    private static double[] runBlock(ChainBlock block, int hidden, int temperatures) {
        double[] logWeights = new double[block.rows];
        INDArray scaled = Nd4j.createUninitialized(DataType.FLOAT, block.rows, hidden);
        INDArray previous = Nd4j.createUninitialized(DataType.FLOAT, block.rows, hidden);
        INDArray ones = Nd4j.ones(DataType.FLOAT, hidden, 1);
        INDArray sums = Nd4j.createUninitialized(DataType.FLOAT, block.rows, 1);
        block.startFromBase();
        double previousBeta = 0;
        for (int k = 1; k <= temperatures; k++) {
            double beta = (double) k / temperatures;
            INDArray input = block.hiddenInput();
            input.muli(beta, scaled);
            input.muli(previousBeta, previous);
            if (k < temperatures) {
                block.sampleHidden(scaled);
            }
            Transforms.softPlus(scaled, false);
            Transforms.softPlus(previous, false);
            scaled.subi(previous);
            ChainBlock.rowSums(scaled, ones, sums);
            float[] increments = sums.data().asFloat();
            for (int r = 0; r < increments.length; r++) {
                logWeights[r] += increments[r];
            }
            if (k < temperatures) {
                block.visibleProbabilities(beta);
                block.sampleVisibleFromProbabilities();
            }
            previousBeta = beta;
        }
        return logWeights;
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
