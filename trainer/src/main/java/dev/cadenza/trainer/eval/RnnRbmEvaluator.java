package dev.cadenza.trainer.eval;

import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Piece;
import java.util.List;

/**
 * Evaluates an RNN-RBM on a dataset split: expected frame-level accuracy and log-likelihood per
 * time step, each frame predicted from the true frames before it (teacher forcing), every piece
 * starting from u_0 = 0 with its first frame scored.
 *
 * <ul>
 *   <li>Accuracy: each frame's conditional RBM is sampled by Gibbs sampling
 *       ({@link Options#gibbsChains()} chains started from the true frame before, after
 *       {@link Options#gibbsBurnIn()} sweeps {@link Options#gibbsSamples()} visible samples each);
 *       each sample v scores {@code TP / (TP + FP + FN)} against the true frame, and the frame's
 *       expected accuracy is their mean; the figure is the mean over the split's frames. The
 *       pooled accuracy uses the marginals {@code p_i = P(v_i = 1 | past)} instead (the mean of
 *       {@code P(v | h)} over the same sweeps): {@code E[TP] = sum_i p_i y_i},
 *       {@code E[FP] = sum_i p_i (1 - y_i)}, {@code E[FN] = sum_i (1 - p_i) y_i}, summed over every
 *       frame of the split before the ratio. The likely-notes prediction holds the notes whose
 *       marginal exceeds a threshold, and draws nothing; the copy baseline repeats the true frame
 *       before. All are tallied per piece ({@link FrameTally}).
 *   <li>Log-likelihood: {@code log p(v_t | past) = -F_t(v_t) - log Z_t}, with {@code log Z_t} from
 *       annealed importance sampling ({@link AnnealedImportanceSampling}), averaged over every
 *       frame of the split. AIS underestimates log Z until it has enough temperatures, so this
 *       figure errs high; two more figures bracket it: reverse AIS from the true frames, which
 *       errs low, and a certain upper bound from the states the accuracy's and the AIS chains
 *       visited ({@link VisitedStates}). Where the three disagree, AIS has not converged and the
 *       log-likelihood is only known to lie between the reverse estimate and the lower of the
 *       other two.
 * </ul>
 *
 * All frames' chains run together as big matrix products ({@link ChainBlock}). The result depends only on the
 * weights, the pieces and the options: the same seed gives the same figures.
 *
 * <p>Not thread safe; one evaluation at a time per thread (its chains use every core inside it).
 */
public final class RnnRbmEvaluator {

    /** Independent AIS runs the chains are dealt into to measure the log-likelihood's spread. */
    public static final int AIS_RUNS = 4;

    /**
     * Evaluation settings.
     *
     * @param seed seed of every random draw
     * @param aisChains AIS chains per frame, 1 or more ({@link #AIS_RUNS} or more for a spread)
     * @param aisTemperatures inverse temperatures from 0 to 1, {@code k / K}, 1 or more
     * @param gibbsChains Gibbs chains per frame for the accuracy
     * @param gibbsBurnIn sweeps discarded at the start of each chain
     * @param gibbsSamples samples per chain after the burn-in, each scored (and its p(v | h) averaged into the marginals)
     * @param maxFrames frames scored at most, from the split's start (for quick runs)
     * @param chainsFromScored start the accuracy's chains at the scored frame itself instead of the
     *     one before: not a prediction (the chains begin at the answer) but a measure of how slowly
     *     they mix, i.e. of how much any Gibbs-based accuracy owes to where its chains start
     */
    public record Options(long seed, int aisChains, int aisTemperatures, int gibbsChains, int gibbsBurnIn,
            int gibbsSamples, long maxFrames, boolean chainsFromScored) {

        public static final int DEFAULT_AIS_CHAINS = 16;
        public static final int DEFAULT_AIS_TEMPERATURES = 100;

        public Options {
            check("AIS chains", aisChains, 1, 100_000);
            check("AIS temperatures", aisTemperatures, 1, 1_000_000);
            check("Gibbs chains", gibbsChains, 1, 100_000);
            check("Gibbs burn-in sweeps", gibbsBurnIn, 0, 1_000_000);
            check("Gibbs samples", gibbsSamples, 1, 1_000_000);
            if (maxFrames < 1) {
                throw new TrainerException("invalid maximum frames: " + maxFrames + " (expected 1 or more)");
            }
        }

        /**
         * The defaults: 16 AIS chains, 100 temperatures; 8 Gibbs chains, 20 burn-in sweeps, 20
         * samples each; every frame; seed 1.
         */
        public static Options defaults() {
            return new Options(1, DEFAULT_AIS_CHAINS, DEFAULT_AIS_TEMPERATURES, 8, 20, 20, Long.MAX_VALUE, false);
        }

        public Options withSeed(long value) {
            return new Options(value, aisChains, aisTemperatures, gibbsChains, gibbsBurnIn, gibbsSamples, maxFrames,
                    chainsFromScored);
        }

        public Options withAis(int chains, int temperatures) {
            return new Options(seed, chains, temperatures, gibbsChains, gibbsBurnIn, gibbsSamples, maxFrames,
                    chainsFromScored);
        }

        public Options withGibbs(int chains, int burnIn, int samples) {
            return new Options(seed, aisChains, aisTemperatures, chains, burnIn, samples, maxFrames, chainsFromScored);
        }

        public Options withMaxFrames(long value) {
            return new Options(seed, aisChains, aisTemperatures, gibbsChains, gibbsBurnIn, gibbsSamples, value,
                    chainsFromScored);
        }

        public Options withChainsFromScored(boolean value) {
            return new Options(seed, aisChains, aisTemperatures, gibbsChains, gibbsBurnIn, gibbsSamples, maxFrames,
                    value);
        }

        private static void check(String what, long value, long min, long max) {
            if (value < min || value > max) {
                throw new TrainerException("invalid " + what + ": " + value + " (expected " + min + ".." + max + ")");
            }
        }
    }

    /**
     * Evaluates {@code weights} on a loaded dataset split; the result names no preset (see
     * {@link Evaluation#withPreset}).
     */
    public Evaluation evaluate(RnnRbmWeights weights, Dataset dataset, Options options) {
        return evaluate("", weights, dataset, options);
    }

    /** Evaluates {@code weights}, from the preset named {@code preset}, on a loaded dataset split. */
    public Evaluation evaluate(String preset, RnnRbmWeights weights, Dataset dataset, Options options) {
        List<PianoRoll> rolls = dataset.pieces().stream().map(Piece::roll).toList();
        return evaluate(preset, weights, dataset.name(), dataset.split(), rolls, options);
    }

    /**
     * Evaluates {@code weights} on the pieces of a split.
     *
     * @param preset the preset's name, for the report
     * @param dataset the dataset's name, for the report
     * @param split the split's name, for the report
     * @throws TrainerException if there is nothing to score or a piece leaves the model's range
     */
    public Evaluation evaluate(String preset, RnnRbmWeights weights, String dataset, String split,
            List<PianoRoll> pieces, Options options) {
        long start = System.nanoTime();
        Accuracies a = accuracies(weights, dataset, split, pieces, options, true);
        ConditionalRbms rbms = a.scored().rbms();
        float[] targets = a.scored().targets();
        float[] base = baseBiases(a.marginals());
        double[] logLikelihoods = logLikelihoods(rbms, targets, base, a.visited(), options);
        double frames = a.scored().frames();
        double ll = logLikelihoods[0] / frames;
        double reverse = reverseLogLikelihood(rbms, targets, base, options) / frames;
        double ceiling = a.visited().totalLogLikelihoodBound() / frames;
        double spread = Double.NaN;
        if (logLikelihoods.length > 2) {
            double mean = 0;
            for (int g = 1; g < logLikelihoods.length; g++) {
                mean += logLikelihoods[g] / frames;
            }
            mean /= logLikelihoods.length - 1;
            double ss = 0;
            for (int g = 1; g < logLikelihoods.length; g++) {
                double d = logLikelihoods[g] / frames - mean;
                ss += d * d;
            }
            spread = Math.sqrt(ss / (logLikelihoods.length - 2));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return Evaluation.of(preset, dataset, split, a.scored().frames(), a.tally()).withLogLikelihood(ll)
                .withAis(spread, reverse, ceiling, options.aisChains(), options.aisTemperatures())
                .withGibbsSamples(options.gibbsChains() * options.gibbsSamples()).withSeconds(seconds);
    }

    /**
     * The accuracies alone, without the log-likelihood (no AIS): what choosing the likely-notes
     * threshold on the valid split needs.
     */
    public FrameTally accuracies(RnnRbmWeights weights, Dataset dataset, Options options) {
        List<PianoRoll> rolls = dataset.pieces().stream().map(Piece::roll).toList();
        return accuracies(weights, dataset.name(), dataset.split(), rolls, options, false).tally();
    }

    private record Accuracies(TeacherForcing scored, float[] marginals, VisitedStates visited, FrameTally tally) {
    }

    private static Accuracies accuracies(RnnRbmWeights weights, String dataset, String split, List<PianoRoll> pieces,
            Options options, boolean visit) {
        TeacherForcing scored = TeacherForcing.of(weights, pieces, options.maxFrames());
        if (scored.frames() == 0) {
            throw new TrainerException("nothing to evaluate in " + dataset + "/" + split + ": " + pieces.size()
                    + " pieces, none with a whole window of " + weights.config.window() + " frames");
        }
        ConditionalRbms rbms = scored.rbms();
        // Chains start from the true frame before the scored one (silence for a piece's first), as
        // a prediction must; from the scored frame itself only to measure mixing.
        double[] perFrame = new double[rbms.count()];
        float[] starts = options.chainsFromScored() ? scored.targets() : scored.previous();
        VisitedStates visited = visit ? new VisitedStates(rbms, scored.targets()) : null;
        float[] marginals = GibbsMarginals.estimate(rbms, starts, scored.targets(), perFrame, visited,
                options.gibbsChains(), options.gibbsBurnIn(), options.gibbsSamples(), options.seed() ^ 0x5DEECE66DL);
        FrameTally tally = new FrameTally(pieces.size());
        int visible = rbms.visible();
        for (int n = 0; n < rbms.count(); n++) {
            tally.add(scored.pieceOf()[n], marginals, n * visible, scored.previous(), n * visible, scored.targets(),
                    n * visible, visible, perFrame[n], 0);
        }
        return new Accuracies(scored, marginals, visited, tally);
    }

    /**
     * Total log-likelihood of the targets by reverse AIS ({@link
     * AnnealedImportanceSampling#reverseChainEstimates}) with the same chains, temperatures and
     * base as the forward estimate.
     */
    static double reverseLogLikelihood(ConditionalRbms rbms, float[] targets, float[] baseBiases, Options options) {
        int chains = options.aisChains();
        double[] logP = AnnealedImportanceSampling.reverseChainEstimates(rbms, targets, baseBiases, chains,
                AnnealedImportanceSampling.schedule(options.aisTemperatures()), options.seed() ^ 0x2545F4914F6CDD1DL);
        double total = 0;
        for (int n = 0; n < rbms.count(); n++) {
            total += AnnealedImportanceSampling.logMeanExp(logP, n * chains, chains, 1);
        }
        return total;
    }

    /**
     * The AIS base model's visible biases: the logits of the Gibbs marginals, kept within
     * {@code [1e-6, 1 - 1e-6]} so that they stay finite. Any base gives an unbiased estimate of Z;
     * one close to the RBM gives one of far lower variance.
     */
    static float[] baseBiases(float[] marginals) {
        float[] b = new float[marginals.length];
        for (int i = 0; i < b.length; i++) {
            double p = Math.min(Math.max(marginals[i], 1e-6), 1 - 1e-6);
            b[i] = (float) Math.log(p / (1 - p));
        }
        return b;
    }

    /**
     * Total log-likelihood of the targets, AIS starting from a base with the visible biases
     * {@code baseBiases} (the chains' last states added to {@code visited}, when not null): element
     * 0 from every AIS chain pooled, then one total per independent run of the chains dealt
     * round-robin into {@code min(AIS_RUNS, chains)} runs (only element 0 when there is a single
     * chain).
     */
    static double[] logLikelihoods(ConditionalRbms rbms, float[] targets, float[] baseBiases, VisitedStates visited,
            Options options) {
        int chains = options.aisChains();
        double[] logZ = AnnealedImportanceSampling.chainEstimates(rbms, baseBiases, visited, chains,
                AnnealedImportanceSampling.schedule(options.aisTemperatures()), options.seed());
        int runs = chains >= 2 ? Math.min(AIS_RUNS, chains) : 0;
        double[] totals = new double[1 + runs];
        for (int n = 0; n < rbms.count(); n++) {
            double negF = -rbms.freeEnergy(n, targets, n * rbms.visible());
            totals[0] += negF - AnnealedImportanceSampling.logMeanExp(logZ, n * chains, chains, 1);
            for (int g = 0; g < runs; g++) {
                int size = (chains - g + runs - 1) / runs;
                totals[1 + g] += negF - AnnealedImportanceSampling.logMeanExp(logZ, n * chains + g, size, runs);
            }
        }
        return totals;
    }
}
