package dev.cadenza.trainer.eval;

import java.util.SplittableRandom;

/**
 * Annealed importance sampling of the partition functions of many RBMs at once (Salakhutdinov &amp;
 * Murray, ICML 2008, section 4).
 *
 * <p>Base model: W = 0, hidden biases 0 and visible biases {@code b} (the RBM's own, or better, the
 * logits of its estimated marginals), whose log Z is exact. Intermediate distributions
 * {@code p*_beta(v) = exp(v.((1 - beta) b + beta bv)) prod_j (1 + exp(beta (bh_j + (v W)_j)))} for
 * the inverse temperatures {@code beta_k = k / K}, k = 1..K ({@link #schedule}). Each chain
 * starts from an exact sample of the base model; at each k it adds
 * {@code log p*_k(v) - log p*_{k-1}(v)} to its log importance weight, then (below the last k)
 * moves by one Gibbs sweep that leaves {@code p_k} invariant. A chain's estimate of log Z is {@code log Z_base + log w}; the estimate from several
 * chains is {@link #logMeanExp} of theirs, unbiased for Z, so low for log Z in expectation: by
 * little when the chains equilibrate at each temperature, by a lot in RBMs whose Gibbs chains
 * barely move between modes (see {@link #reverseChainEstimates} for the other side).
 *
 * <p>Measured on 200 JSB test frames of a partly trained model (88 x 150), the variance of a
 * chain's log w per frame at 200 temperatures: 0.06 from the Gibbs marginals' logits, against
 * 0.96 to 1.59 from the RBM's own biases. The schedule's shape, measured with that base on the
 * first 500 Nottingham test frames of the shipped {@code nottingham-rnnrbm} at 1,000 temperatures
 * (forward / reverse log-likelihood per frame, each erring on its own side): {@code (k/K)^4}
 * -1.77 / -7.09, {@code (k/K)^2} -1.87 / -6.56, linear -2.06 / -6.11, {@code (k/K)^0.5}
 * -2.04 / -5.85: the hard part is near beta = 1; on 300 JSB frames at 100 temperatures the
 * linear and quadratic ones agree (-11.85 / -11.92 and -11.84 / -11.93).
 *
 * <p>Not thread safe: one call at a time per thread; the chains' steps use the machine's cores inside each call ({@link ChainBlock}).
 */
final class AnnealedImportanceSampling {

    /** Rows (RBMs x chains) per block: big enough for fast products, small enough for cache and memory. */
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

    /** {@code beta_k = k / temperatures} for k = 1..temperatures. */
    static double[] schedule(int temperatures) {
        if (temperatures < 1) {
            throw new IllegalArgumentException("invalid AIS temperatures: " + temperatures + " (expected 1 or more)");
        }
        double[] betas = new double[temperatures];
        for (int k = 1; k <= temperatures; k++) {
            betas[k - 1] = (double) k / temperatures;
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
        return estimates(rbms, null, baseBiases, null, chains, betas, seed);
    }

    /**
     * As {@link #chainEstimates(ConditionalRbms, float[], int, double[], long)}, adding every
     * chain's last state to {@code visited}.
     */
    static double[] chainEstimates(ConditionalRbms rbms, float[] baseBiases, VisitedStates visited, int chains,
            double[] betas, long seed) {
        return estimates(rbms, null, baseBiases, visited, chains, betas, seed);
    }

    /**
     * Runs {@code chains} reverse AIS chains per RBM, each started from row n of {@code states}
     * ([count x visible], binary: the scored frames) and annealed down from the RBM to the base
     * model with the visible biases {@code baseBiases} (as in
     * {@link #chainEstimates(ConditionalRbms, float[], int, double[], long)}): the reverse
     * annealing of Burda, Grosse &amp; Salakhutdinov (AISTATS 2015). At {@code k = K..1} a chain
     * moves by one Gibbs sweep at {@code beta_k} (reversible for {@code p_k}), then adds
     * {@code log p*_k(v) - log p*_{k-1}(v)} at its new state. A chain's {@code exp(-F(v_n) -
     * log Z_base - log w)} is an unbiased estimate of the probability of v_n under the annealing
     * model (the forward chain as a generative model), which approaches the RBM with more
     * temperatures. Averaged over frames the RBM could have drawn, the annealing model's
     * log-probability is below the RBM's (it is another normalised distribution), so the estimate
     * errs low where forward AIS errs high: together they bracket the log-likelihood of data that
     * the model fits. (For a frame the RBM finds unlikely it can err either way; the tests check
     * both sides.)
     *
     * @return log-probability estimates of the states, one per chain, {@code [count x chains]},
     *     combined for a frame with {@link #logMeanExp}
     */
    static double[] reverseChainEstimates(ConditionalRbms rbms, float[] states, float[] baseBiases, int chains,
            double[] betas, long seed) {
        return estimates(rbms, states, baseBiases, null, chains, betas, seed);
    }

    private static double[] estimates(ConditionalRbms rbms, float[] reverseFrom, float[] baseBiases,
            VisitedStates visited, int chains, double[] betas, long seed) {
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
        ChainBlock.Weights w = new ChainBlock.Weights(rbms);
        int unitsPerBlock = Math.max(1, BLOCK_ROWS / chains);
        SplittableRandom random = new SplittableRandom(seed);
        for (int first = 0; first < rbms.count(); first += unitsPerBlock) {
            int units = Math.min(unitsPerBlock, rbms.count() - first);
            ChainBlock block = new ChainBlock(rbms, baseBiases, w, first, units, chains, random);
            double[] logWeights = reverseFrom == null ? forward(block, betas)
                    : reverse(block, reverseFrom, first, units, chains, betas);
            if (visited != null) {
                GibbsMarginals.addStates(visited, block.visibleState(), first, units, chains);
            }
            for (int k = 0; k < units; k++) {
                int n = first + k;
                double base = baseBiases == null ? rbms.baseLogPartition(n)
                        : baseLogPartition(baseBiases, n, rbms.visible(), rbms.hidden());
                double negF = reverseFrom == null ? 0 : -rbms.freeEnergy(n, reverseFrom, n * rbms.visible());
                for (int m = 0; m < chains; m++) {
                    double logZ = base + logWeights[k * chains + m];
                    out[n * chains + m] = reverseFrom == null ? logZ : negF - logZ;
                }
            }
        }
        return out;
    }

    /** Forward AIS: from exact base samples up to the RBM, a sweep after each increment but the last. */
    private static double[] forward(ChainBlock block, double[] betas) {
        double[] logWeights = new double[block.rows];
        block.startFromBase();
        double previousBeta = 0;
        for (int k = 1; k <= betas.length; k++) {
            double beta = betas[k - 1];
            float[][] input = block.hiddenInput();
            boolean move = k < betas.length;
            if (move) {
                block.sampleHidden(input, beta);
            }
            addIncrements(block, input, previousBeta, beta, logWeights);
            if (move) {
                block.visibleProbabilities(beta);
                block.sampleVisibleFromProbabilities();
            }
            previousBeta = beta;
        }
        return logWeights;
    }

    /** Reverse AIS: from the given states down to the base, a sweep at each temperature before its increment. */
    private static double[] reverse(ChainBlock block, float[] states, int first, int units, int chains,
            double[] betas) {
        double[] logWeights = new double[block.rows];
        block.startFrom(states, first, units, chains);
        float[][] input = block.hiddenInput();
        for (int k = betas.length; k >= 1; k--) {
            double beta = betas[k - 1];
            block.sampleHidden(input, beta);
            block.visibleProbabilities(beta);
            block.sampleVisibleFromProbabilities();
            input = block.hiddenInput();
            addIncrements(block, input, k == 1 ? 0 : betas[k - 2], beta, logWeights);
        }
        return logWeights;
    }

    /**
     * Adds to each chain's log weight {@code log p*_beta(v) - log p*_previous(v)}: per hidden unit,
     * {@code softplus(beta x) - softplus(previous x)} of its input x, written as
     * {@code (beta - previous) max(x, 0) + softplus(-beta |x|) - softplus(-previous |x|)} so that no
     * exponential overflows; plus {@code (beta - previous) v.(bv - base)} with a base of its own.
     */
    private static void addIncrements(ChainBlock block, float[][] input, double previousBeta, double beta,
            double[] logWeights) {
        double step = beta - previousBeta;
        block.forEachBand((r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                double s = 0;
                for (float xf : input[r]) {
                    double x = xf;
                    double a = Math.abs(x);
                    s += step * Math.max(x, 0) + softplusOfNegative(beta * a) - softplusOfNegative(previousBeta * a);
                }
                if (block.hasOwnBase()) {
                    s += step * block.visibleBiasGap(r);
                }
                logWeights[r] += s;
            }
        });
    }

    /**
     * {@code softplus(-a) = log(1 + exp(-a))} for {@code a >= 0}: through {@code Math.log}, which the
     * JIT compiles to an instruction sequence, not {@code Math.log1p}, which it calls (several times
     * slower here); the absolute error stays below 1e-16 for every {@code a}, which is what a sum
     * of log weights needs.
     */
    private static double softplusOfNegative(double a) {
        return Math.log(1.0 + Math.exp(-a));
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
