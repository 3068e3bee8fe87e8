package dev.cadenza.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one model on one dataset split, per time step, as in Boulanger-Lewandowski et al.
 * (ICML 2012), Table 1. Means over all scored frames of the split (not means of per-piece means);
 * each piece's first frame is scored.
 *
 * @param preset the preset's name or path, as given
 * @param dataset the dataset's name (its directory), e.g. {@code jsb_chorales}
 * @param split {@code train}, {@code valid} or {@code test}
 * @param frames frames scored
 * @param accuracy expected frame-level accuracy per time step: each frame's expected
 *     {@code TP / (TP + FP + FN)} over the model's predictions for it (frames drawn from the
 *     model given the true past; 1 for a silent frame predicted silent), averaged over the
 *     frames, 0..1
 * @param pooledAccuracy the accuracy pooled over the split instead,
 *     {@code sum E[TP] / sum (E[TP] + E[FP] + E[FN])} from each note's marginal probability:
 *     lower, since it credits no frame for getting its notes right together
 * @param likelyAccuracy the accuracy per time step of a prediction that draws nothing: each frame
 *     predicted as the notes whose marginal probability exceeds one half, scored
 *     {@code TP / (TP + FP + FN)} and averaged over the frames as {@code accuracy} is; it shows how
 *     much of the expected accuracy is lost to drawing uncertain notes
 * @param logLikelihood mean log-likelihood per frame in nats (whole frame), with AIS estimates of
 *     the partition functions
 * @param logLikelihoodSpread standard deviation of {@code logLikelihood} between
 *     {@link RnnRbmEvaluator#AIS_RUNS} independent AIS runs that each use a share of the chains
 *     (NaN with fewer chains than that); the figure itself pools every chain
 * @param logLikelihoodReverse the log-likelihood by reverse AIS from the true frames, which errs
 *     low where forward AIS errs high (NaN where the log-likelihood is exact)
 * @param logLikelihoodCeiling a certain upper bound on the log-likelihood: each frame's Z summed
 *     exactly over the distinct states the accuracy's chains visited (NaN where exact)
 * @param aisChains AIS chains per frame's RBM
 * @param aisTemperatures inverse temperatures of the AIS schedule
 * @param gibbsSamples draws per frame behind the accuracy: Gibbs chains x samples for
 *     the RNN-RBM, note-axis runs for the biaxial model
 * @param seconds wall-clock time of the evaluation
 */
public record Evaluation(String preset, String dataset, String split, long frames, double accuracy,
        double pooledAccuracy, double likelyAccuracy, double logLikelihood, double logLikelihoodSpread,
        double logLikelihoodReverse, double logLikelihoodCeiling, int aisChains, int aisTemperatures, int gibbsSamples, double seconds) {

    /**
     * The figures as preset metrics, named after the split as the provenance suggests:
     * {@code <split>.accuracy}, {@code <split>.pooledAccuracy}, {@code <split>.likelyAccuracy},
     * {@code <split>.logLikelihood}, {@code <split>.logLikelihoodSpread},
     * {@code <split>.logLikelihoodReverse}, {@code <split>.logLikelihoodCeiling} (each left out when NaN), {@code <split>.frames}, {@code <split>.aisChains} and
     * {@code <split>.aisTemperatures} (left out when no AIS ran: an exact log-likelihood),
     * {@code <split>.gibbsSamples}; insertion order kept.
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(split + ".accuracy", accuracy);
        m.put(split + ".pooledAccuracy", pooledAccuracy);
        m.put(split + ".likelyAccuracy", likelyAccuracy);
        m.put(split + ".logLikelihood", logLikelihood);
        if (!Double.isNaN(logLikelihoodSpread)) {
            m.put(split + ".logLikelihoodSpread", logLikelihoodSpread);
        }
        if (!Double.isNaN(logLikelihoodReverse)) {
            m.put(split + ".logLikelihoodReverse", logLikelihoodReverse);
        }
        if (!Double.isNaN(logLikelihoodCeiling)) {
            m.put(split + ".logLikelihoodCeiling", logLikelihoodCeiling);
        }
        m.put(split + ".frames", (double) frames);
        if (aisChains > 0) {
            m.put(split + ".aisChains", (double) aisChains);
            m.put(split + ".aisTemperatures", (double) aisTemperatures);
        }
        m.put(split + ".gibbsSamples", (double) gibbsSamples);
        return m;
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
        return new Evaluation(name, dataset, split, frames, accuracy, pooledAccuracy, likelyAccuracy, logLikelihood,
                logLikelihoodSpread, logLikelihoodReverse, logLikelihoodCeiling, aisChains, aisTemperatures, gibbsSamples, seconds);
    }
}
