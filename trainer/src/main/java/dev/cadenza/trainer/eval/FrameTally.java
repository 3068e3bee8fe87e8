package dev.cadenza.trainer.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The sums behind the accuracies of every prediction an evaluation makes of the same frames, kept
 * per piece: the model's sampled prediction, its likely-notes prediction at each candidate
 * threshold, and the copy baseline (each frame predicted as the true frame before it, silence
 * before a piece's first).
 *
 * <p>Each prediction is scored under both conventions in use (see {@code docs/evaluation.md}):
 * <ul>
 *   <li><b>pooled</b>: {@code sum TP / sum (TP + FP + FN)} over all frames, the frame-level
 *       accuracy of multi-pitch evaluation (Bay et al. 2009; MIREX; {@code
 *       mir_eval.multipitch.compute_accuracy}), the definition the 2012 paper cites;
 *   <li><b>per frame</b>: the mean over frames of {@code TP / (TP + FP + FN)}, a silent frame
 *       predicted silent scoring 1.
 * </ul>
 * The sampled prediction's counts are expectations over the model's draws: its pooled figure
 * comes from each note's marginal ({@code E[TP] = sum p_i y_i}, ...), its per-frame figure is the
 * mean accuracy of the drawn frames, which the evaluator passes in.
 *
 * <p>Per-piece rows make a paired bootstrap over pieces possible ({@link #difference}): the pieces,
 * not the frames, are the independent units of a split.
 *
 * <p>Thread contract: rows of different pieces may be filled from different threads; read it
 * only after those threads are joined.
 */
public final class FrameTally {

    /** The model's prediction by drawing frames from it. */
    public static final int SAMPLED = 0;
    /** The copy baseline: each frame predicted as the true one before it. */
    public static final int COPY = 1;
    private static final int FIRST_LIKELY = 2;

    /** Candidate thresholds of the likely-notes prediction: 0.05, 0.10, ..., 0.95. */
    public static final int THRESHOLDS = 19;

    // per prediction: sum of per-frame accuracies, TP, FP, FN
    private static final int FIELDS = 4;
    private static final int PREDICTIONS = FIRST_LIKELY + THRESHOLDS;

    private final double[][] rows;
    private final long[] frames;

    /** An empty tally for {@code pieces} pieces. */
    public FrameTally(int pieces) {
        if (pieces < 0) {
            throw new IllegalArgumentException("invalid piece count: " + pieces + " (expected >= 0)");
        }
        rows = new double[pieces][PREDICTIONS * FIELDS];
        frames = new long[pieces];
    }

    /** The k-th candidate threshold, {@code (k + 1) / 20}. */
    public static double threshold(int k) {
        return (k + 1) / 20.0;
    }

    /** The prediction index of the likely-notes prediction at {@code threshold}, one of the candidates. */
    public static int likely(double threshold) {
        for (int k = 0; k < THRESHOLDS; k++) {
            if (Math.abs(threshold(k) - threshold) < 1e-9) {
                return FIRST_LIKELY + k;
            }
        }
        throw new IllegalArgumentException("invalid likely-notes threshold: " + threshold
                + " (expected one of 0.05, 0.10, ..., 0.95)");
    }

    /** Pieces in the tally, scored or not. */
    public int pieces() {
        return rows.length;
    }

    /** Pieces with at least one scored frame. */
    public int scoredPieces() {
        return (int) IntStream.range(0, rows.length).filter(p -> frames[p] > 0).count();
    }

    /** Frames scored in all. */
    public long frames() {
        long sum = 0;
        for (long f : frames) {
            sum += f;
        }
        return sum;
    }

    /**
     * Adds one scored frame of piece {@code piece}: {@code width} notes of marginals
     * {@code P(note | past)}, of the true frame before (the copy baseline's prediction) and of the
     * true frame, each from its offset (binary frames: a note is on above 1/2).
     *
     * @param sampledAccuracy the mean {@code TP / (TP + FP + FN)} of the frames drawn from the model
     * @param missed notes of the true frame outside the model's range, which every prediction misses
     */
    public void add(int piece, float[] marginals, int marginalsFrom, float[] previous, int previousFrom, float[] truth,
            int truthFrom, int width, double sampledAccuracy, int missed) {
        double[] row = rows[piece];
        int actual = missed;
        double tp = 0;
        double fp = 0;
        double fn = missed;
        int copyHits = 0;
        int copyPredicted = 0;
        // notes above exactly k thresholds, sounding or not, to count every likely prediction at once
        int[] above = new int[THRESHOLDS + 1];
        int[] aboveSounding = new int[THRESHOLDS + 1];
        for (int i = 0; i < width; i++) {
            double p = marginals[marginalsFrom + i];
            boolean sounding = truth[truthFrom + i] > 0.5f;
            boolean before = previous[previousFrom + i] > 0.5f;
            int k = 0;
            while (k < THRESHOLDS && p > threshold(k)) {
                k++;
            }
            above[k]++;
            if (sounding) {
                actual++;
                tp += p;
                fn += 1 - p;
                aboveSounding[k]++;
            } else {
                fp += p;
            }
            copyPredicted += before ? 1 : 0;
            copyHits += before && sounding ? 1 : 0;
        }
        add(row, SAMPLED, sampledAccuracy, tp, fp, fn);
        addCounts(row, COPY, copyHits, copyPredicted, actual);
        // the prediction at threshold k holds the notes above more than k thresholds
        int predicted = 0;
        int hits = 0;
        for (int k = THRESHOLDS - 1; k >= 0; k--) {
            predicted += above[k + 1];
            hits += aboveSounding[k + 1];
            addCounts(row, FIRST_LIKELY + k, hits, predicted, actual);
        }
        frames[piece]++;
    }

    private static void addCounts(double[] row, int prediction, int hits, int predicted, int actual) {
        add(row, prediction, Evaluation.frameAccuracy(hits, predicted, actual), hits, predicted - hits, actual - hits);
    }

    private static void add(double[] row, int prediction, double accuracy, double tp, double fp, double fn) {
        int o = prediction * FIELDS;
        row[o] += accuracy;
        row[o + 1] += tp;
        row[o + 2] += fp;
        row[o + 3] += fn;
    }

    /** Prediction {@code prediction}'s accuracy over every scored frame, both conventions. */
    public Accuracy accuracy(int prediction) {
        int o = prediction * FIELDS;
        double perFrame = 0;
        double tp = 0;
        double errors = 0;
        long n = 0;
        for (int piece = 0; piece < rows.length; piece++) {
            double[] row = rows[piece];
            perFrame += row[o];
            tp += row[o + 1];
            errors += row[o + 2] + row[o + 3];
            n += frames[piece];
        }
        return new Accuracy(n == 0 ? 0 : perFrame / n, pooled(tp, errors));
    }

    /**
     * Notes at once: how many the frames drawn from the model hold on average (the sum of its
     * marginals), and how many the true frames hold. One step ahead, from the true past: where the
     * two agree and the model plays fewer notes on its own, the cause is what it hears of itself.
     */
    public NoteCounts notesPerFrame() {
        int o = SAMPLED * FIELDS;
        double drawn = 0;
        double actual = 0;
        long n = 0;
        for (int piece = 0; piece < rows.length; piece++) {
            double[] row = rows[piece];
            drawn += row[o + 1] + row[o + 2];
            actual += row[o + 1] + row[o + 3];
            n += frames[piece];
        }
        return n == 0 ? new NoteCounts(0, 0) : new NoteCounts(drawn / n, actual / n);
    }

    private static double pooled(double tp, double errors) {
        // nothing sounding and nothing predicted anywhere: nothing to get wrong
        return tp + errors == 0 ? 1.0 : tp / (tp + errors);
    }

    /**
     * The likely-notes threshold with the highest pooled accuracy here (the nearer one to 1/2 on a
     * tie): chosen on the valid split, then used on the test split.
     */
    public double bestLikelyThreshold() {
        int best = THRESHOLDS / 2;
        double bestPooled = accuracy(FIRST_LIKELY + best).pooled();
        for (int k = 0; k < THRESHOLDS; k++) {
            double pooled = accuracy(FIRST_LIKELY + k).pooled();
            boolean nearer = Math.abs(k - THRESHOLDS / 2) < Math.abs(best - THRESHOLDS / 2);
            if (pooled > bestPooled || (pooled == bestPooled && nearer)) {
                best = k;
                bestPooled = pooled;
            }
        }
        return threshold(best);
    }

    /**
     * A 95 % paired bootstrap interval for {@code accuracy(model) - accuracy(baseline)} under one
     * convention: {@code resamples} times, as many scored pieces as there are drawn with
     * replacement, both predictions are scored on the same draw, and the interval is the 2.5th and
     * 97.5th percentiles of the differences. Deterministic from {@code seed}.
     */
    public Interval difference(int model, int baseline, boolean pooled, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("invalid resamples: " + resamples + " (expected >= 1)");
        }
        int[] scored = IntStream.range(0, rows.length).filter(p -> frames[p] > 0).toArray();
        if (scored.length == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] differences = new double[resamples];
        int m = model * FIELDS;
        int b = baseline * FIELDS;
        for (int r = 0; r < resamples; r++) {
            double[] sums = new double[2 * FIELDS];
            long n = 0;
            for (int i = 0; i < scored.length; i++) {
                int piece = scored[random.nextInt(scored.length)];
                double[] row = rows[piece];
                for (int f = 0; f < FIELDS; f++) {
                    sums[f] += row[m + f];
                    sums[FIELDS + f] += row[b + f];
                }
                n += frames[piece];
            }
            differences[r] = pooled
                    ? pooled(sums[1], sums[2] + sums[3]) - pooled(sums[FIELDS + 1], sums[FIELDS + 2] + sums[FIELDS + 3])
                    : (sums[0] - sums[FIELDS]) / n;
        }
        Arrays.sort(differences);
        return new Interval(differences[(int) Math.floor(0.025 * (resamples - 1))],
                differences[(int) Math.ceil(0.975 * (resamples - 1))]);
    }

    /**
     * A prediction's frame-level accuracy under both conventions, 0..1.
     *
     * @param perFrame the mean over frames of {@code TP / (TP + FP + FN)}
     * @param pooled {@code sum TP / sum (TP + FP + FN)} over the frames
     */
    /** Mean notes per frame drawn from the model, and in the true frames. */
    public record NoteCounts(double drawn, double actual) {
    }

    public record Accuracy(double perFrame, double pooled) {
    }

    /** A confidence interval, {@code low <= high}. */
    public record Interval(double low, double high) {
    }
}
