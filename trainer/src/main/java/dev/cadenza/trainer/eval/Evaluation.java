package dev.cadenza.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one model on one dataset split, per time step, under the protocol of {@code
 * docs/evaluation.md}: each frame predicted from the true frames before it (every piece's first
 * frame scored from the model's initial state), means over all scored frames (not means of
 * per-piece means).
 *
 * <p>Accuracy, under both conventions ({@link FrameTally}), for three predictions: the model's
 * sampled one, its likely notes (the notes whose marginal is above {@code likelyThreshold}, a
 * threshold chosen on the valid split), and the copy baseline (the true frame before), with
 * paired bootstrap intervals over pieces for model minus baseline.
 *
 * <p>Negative log-likelihood (NLL) per time step in nats, lower is better, as published tables
 * write it. The biaxial model's is exact. The RNN-RBM's rests on partition functions estimated
 * by annealed importance sampling: the forward estimate errs low, reverse AIS errs high, and a
 * certain lower bound (each frame's Z summed exactly over the states the chains visited) holds
 * whatever the chains did. AIS has converged when forward and reverse agree within {@value
 * #CONVERGED_NATS} nats and the forward figure is not below the certain bound; otherwise the NLL
 * is only known to lie in the bracket {@link #nllLow()}..{@link #nllHigh()}.
 *
 * @param preset the preset's name or path, as given
 * @param dataset the dataset's name (its directory), e.g. {@code jsb_chorales}
 * @param split {@code train}, {@code valid} or {@code test}
 * @param frames frames scored
 * @param tally the per-piece sums behind every accuracy
 * @param likelyThreshold the likely-notes threshold, one of {@link FrameTally}'s candidates
 * @param logLikelihood mean log-likelihood per frame in nats (whole frame): exact, or from the
 *     forward AIS estimates of the partition functions
 * @param logLikelihoodSpread standard deviation of {@code logLikelihood} between
 *     {@link RnnRbmEvaluator#AIS_RUNS} independent AIS runs that each use a share of the chains
 *     (NaN with fewer chains than that, or where exact); the figure itself pools every chain
 * @param logLikelihoodReverse the log-likelihood by reverse AIS from the true frames, which errs
 *     low where forward AIS errs high (NaN where the log-likelihood is exact)
 * @param logLikelihoodCeiling a certain upper bound on the log-likelihood (NaN where exact)
 * @param aisChains AIS chains per frame's RBM (0 where exact)
 * @param aisTemperatures inverse temperatures of the AIS schedule (0 where exact)
 * @param gibbsSamples draws per frame behind the sampled accuracy: Gibbs chains x samples for
 *     the RNN-RBM, note-axis runs for the biaxial model
 * @param seconds wall-clock time of the evaluation
 *
 * <p>Build one with {@link #of} and the {@code with...} methods.
 */
public record Evaluation(String preset, String dataset, String split, long frames, FrameTally tally,
        double likelyThreshold, double logLikelihood, double logLikelihoodSpread, double logLikelihoodReverse,
        double logLikelihoodCeiling, int aisChains, int aisTemperatures, int gibbsSamples, double seconds) {

    /** Largest gap between the forward and reverse AIS figures that counts as converged, nats. */
    public static final double CONVERGED_NATS = 0.1;

    /** How far AIS, summed in float, may pass the certain bound, summed in double, when both are exact. */
    public static final double ROUNDING_NATS = 0.005;

    /** Bootstrap resamples behind each interval. */
    public static final int RESAMPLES = 2000;

    /** The likely-notes threshold before one is chosen on the valid split. */
    public static final double DEFAULT_LIKELY_THRESHOLD = 0.5;

    public Evaluation {
        FrameTally.likely(likelyThreshold); // one of the candidates
    }

    /** The model's sampled prediction: frames drawn from it. */
    public FrameTally.Accuracy sampled() {
        return tally.accuracy(FrameTally.SAMPLED);
    }

    /** The model's likely notes: those whose marginal is above {@link #likelyThreshold()}. */
    public FrameTally.Accuracy likely() {
        return tally.accuracy(FrameTally.likely(likelyThreshold));
    }

    /** The copy baseline: each frame predicted as the true one before it. */
    public FrameTally.Accuracy copy() {
        return tally.accuracy(FrameTally.COPY);
    }

    /** 95 % paired bootstrap interval over pieces of sampled minus copy accuracy, in one convention. */
    public FrameTally.Interval sampledMinusCopy(boolean pooled) {
        return tally.difference(FrameTally.SAMPLED, FrameTally.COPY, pooled, RESAMPLES, 1);
    }

    /** 95 % paired bootstrap interval over pieces of likely-notes minus copy accuracy, in one convention. */
    public FrameTally.Interval likelyMinusCopy(boolean pooled) {
        return tally.difference(FrameTally.likely(likelyThreshold), FrameTally.COPY, pooled, RESAMPLES, 1);
    }

    /** Whether the log-likelihood is exact (no AIS). */
    public boolean exact() {
        return Double.isNaN(logLikelihoodReverse);
    }

    /** Whether the NLL is known: exact, or AIS converged (see the class comment). */
    public boolean converged() {
        return exact() || (logLikelihood <= logLikelihoodCeiling + ROUNDING_NATS
                && Math.abs(logLikelihood - logLikelihoodReverse) <= CONVERGED_NATS);
    }

    /** The NLL per time step, nats: exact, or the forward AIS estimate (trust it only when {@link #converged()}). */
    public double nll() {
        return -logLikelihood;
    }

    /** The certain lower bound on the NLL, nats (NaN where exact). */
    public double nllCertainLowerBound() {
        return -logLikelihoodCeiling;
    }

    /** The low end of the NLL's bracket: the larger of the forward AIS figure and the certain bound. */
    public double nllLow() {
        return exact() ? nll() : Math.max(nll(), nllCertainLowerBound());
    }

    /**
     * The high end of the NLL's bracket: the reverse AIS figure, raised to {@link #nllLow()} where
     * it lies below by no more than rounding. Where it falls further below (too few chains: it errs
     * high only on average), the bracket has no high end: NaN.
     */
    public double nllHigh() {
        if (exact()) {
            return nll();
        }
        double reverse = -logLikelihoodReverse;
        return reverse >= nllLow() - ROUNDING_NATS ? Math.max(reverse, nllLow()) : Double.NaN;
    }

    /**
     * The evaluation of {@code frames} frames of {@code preset} on {@code split} of
     * {@code dataset}, with the accuracies of {@code tally}, to fill in with the {@code with...}
     * methods: a log-likelihood of 0, exact (no AIS figures), the default likely-notes threshold,
     * no sampled draws, no time.
     */
    public static Evaluation of(String preset, String dataset, String split, long frames, FrameTally tally) {
        return new Evaluation(preset, dataset, split, frames, tally, DEFAULT_LIKELY_THRESHOLD, 0, Double.NaN,
                Double.NaN, Double.NaN, 0, 0, 0, 0);
    }

    /** The same evaluation with this mean log-likelihood per frame, nats. */
    public Evaluation withLogLikelihood(double value) {
        return new Evaluation(preset, dataset, split, frames, tally, likelyThreshold, value, logLikelihoodSpread,
                logLikelihoodReverse, logLikelihoodCeiling, aisChains, aisTemperatures, gibbsSamples, seconds);
    }

    /**
     * The same evaluation with its log-likelihood estimated by AIS: the spread between independent
     * runs, the reverse estimate, the certain ceiling, and the chains and temperatures behind them.
     */
    public Evaluation withAis(double spread, double reverse, double ceiling, int chains, int temperatures) {
        return new Evaluation(preset, dataset, split, frames, tally, likelyThreshold, logLikelihood, spread, reverse,
                ceiling, chains, temperatures, gibbsSamples, seconds);
    }

    /** The same evaluation with this many draws per frame behind the sampled accuracy. */
    public Evaluation withGibbsSamples(int value) {
        return new Evaluation(preset, dataset, split, frames, tally, likelyThreshold, logLikelihood, logLikelihoodSpread,
                logLikelihoodReverse, logLikelihoodCeiling, aisChains, aisTemperatures, value, seconds);
    }

    /** The same evaluation having taken this wall-clock time. */
    public Evaluation withSeconds(double value) {
        return new Evaluation(preset, dataset, split, frames, tally, likelyThreshold, logLikelihood, logLikelihoodSpread,
                logLikelihoodReverse, logLikelihoodCeiling, aisChains, aisTemperatures, gibbsSamples, value);
    }

    /** The same figures with the likely-notes prediction at another candidate threshold. */
    public Evaluation withLikelyThreshold(double threshold) {
        return new Evaluation(preset, dataset, split, frames, tally, threshold, logLikelihood, logLikelihoodSpread,
                logLikelihoodReverse, logLikelihoodCeiling, aisChains, aisTemperatures, gibbsSamples, seconds);
    }

    /**
     * The figures as preset metrics, named after the split ({@code <split>.}), insertion order
     * kept: {@code frames}, {@code pieces}; per prediction ({@code sampled}, {@code likely},
     * {@code copy}) {@code acc.<prediction>.pooled} and {@code .perFrame}, and {@code
     * acc.likely.threshold}; the bootstrap intervals {@code acc.sampledMinusCopy.pooled.low} (and
     * {@code .high}, and {@code perFrame}), likewise {@code acc.likelyMinusCopy}; {@code nll} where
     * it is known (exact or converged; {@code nll.exact} 1 where exact); for AIS, the bracket
     * {@code nll.low} and {@code nll.high}, {@code nll.converged} (1 or 0), {@code
     * nll.certainLowerBound}, {@code nll.reverseAis}, {@code nll.aisSpread} (where measured),
     * {@code aisChains}, {@code aisTemperatures}; and {@code gibbsSamples}. {@code nll.high} is left out where reverse AIS
     * fell below the low end. A forward AIS figure
     * that has not converged is never stored: it may be below the certain bound, a figure known
     * to be wrong.
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        String s = split + ".";
        m.put(s + "frames", (double) frames);
        m.put(s + "pieces", (double) tally.scoredPieces());
        putAccuracy(m, s + "acc.sampled", sampled());
        putAccuracy(m, s + "acc.likely", likely());
        m.put(s + "acc.likely.threshold", likelyThreshold);
        putAccuracy(m, s + "acc.copy", copy());
        putInterval(m, s + "acc.sampledMinusCopy.pooled", sampledMinusCopy(true));
        putInterval(m, s + "acc.sampledMinusCopy.perFrame", sampledMinusCopy(false));
        putInterval(m, s + "acc.likelyMinusCopy.pooled", likelyMinusCopy(true));
        putInterval(m, s + "acc.likelyMinusCopy.perFrame", likelyMinusCopy(false));
        if (converged()) {
            m.put(s + "nll", nll());
        }
        if (exact()) {
            m.put(s + "nll.exact", 1.0);
        } else {
            m.put(s + "nll.low", nllLow());
            if (!Double.isNaN(nllHigh())) {
                m.put(s + "nll.high", nllHigh());
            }
            m.put(s + "nll.converged", converged() ? 1.0 : 0.0);
            m.put(s + "nll.certainLowerBound", nllCertainLowerBound());
            m.put(s + "nll.reverseAis", -logLikelihoodReverse);
            if (!Double.isNaN(logLikelihoodSpread)) {
                m.put(s + "nll.aisSpread", logLikelihoodSpread);
            }
            m.put(s + "aisChains", (double) aisChains);
            m.put(s + "aisTemperatures", (double) aisTemperatures);
        }
        m.put(s + "gibbsSamples", (double) gibbsSamples);
        return m;
    }

    private static void putAccuracy(Map<String, Double> m, String key, FrameTally.Accuracy a) {
        m.put(key + ".pooled", a.pooled());
        m.put(key + ".perFrame", a.perFrame());
    }

    private static void putInterval(Map<String, Double> m, String key, FrameTally.Interval i) {
        m.put(key + ".low", i.low());
        m.put(key + ".high", i.high());
    }

    /**
     * The frame-level accuracy TP / (TP + FP + FN) (Bay et al. 2009) of one predicted frame with
     * {@code predicted} notes against a true one with {@code actual} notes, {@code hits} of them in
     * both: 1 when both are silent (nothing to get wrong). Every accuracy here is built from it.
     */
    public static double frameAccuracy(int hits, int predicted, int actual) {
        int union = predicted + actual - hits;
        return union == 0 ? 1.0 : (double) hits / union;
    }

    /**
     * {@link #frameAccuracy(int, int, int)} of {@code width} notes from {@code prediction[from]}
     * (a sample, or marginals: a note is predicted where its value is above 1/2) against the binary
     * true frame at {@code truth[truthFrom]}.
     */
    static double frameAccuracy(float[] prediction, int from, float[] truth, int truthFrom, int width) {
        int hits = 0;
        int predicted = 0;
        int actual = 0;
        for (int i = 0; i < width; i++) {
            boolean on = prediction[from + i] > 0.5f;
            boolean sounding = truth[truthFrom + i] > 0.5f;
            predicted += on ? 1 : 0;
            actual += sounding ? 1 : 0;
            hits += on && sounding ? 1 : 0;
        }
        return frameAccuracy(hits, predicted, actual);
    }

    /** The same figures under another preset name. */
    public Evaluation withPreset(String name) {
        return new Evaluation(name, dataset, split, frames, tally, likelyThreshold, logLikelihood, logLikelihoodSpread,
                logLikelihoodReverse, logLikelihoodCeiling, aisChains, aisTemperatures, gibbsSamples, seconds);
    }
}
