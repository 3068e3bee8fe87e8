package dev.cadenza.trainer.judge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Two sets of excerpts compared feature by feature: a candidate set (a model's excerpts, or a real
 * split for the ceiling) against a reference set of real music.
 *
 * @param features one row per feature compared, in {@link MusicFeature}'s order
 */
public record Comparison(List<FeatureComparison> features) {
    public Comparison {
        features = List.copyOf(features);
    }

    /**
     * One feature's figures.
     *
     * @param mean the candidate's mean
     * @param spread the candidate's standard deviation
     * @param referenceMean the reference's mean
     * @param referenceSpread the reference's standard deviation
     * @param overlap overlapped area of the two sets' value densities, 0..1
     * @param distanceOverlap the paper's measure: overlapped area of the distances within the
     *     reference and the distances between the sets
     * @param distanceDivergence KL(within the reference || between the sets), nats
     */
    public record FeatureComparison(MusicFeature feature, double mean, double spread, double referenceMean,
            double referenceSpread, double overlap, double distanceOverlap, double distanceDivergence) {}

    /**
     * Compares {@code candidate} with {@code reference}, each an array of excerpts' feature vectors
     * ({@link MusicFeatures#of}), on the given features.
     */
    public static Comparison of(double[][] candidate, double[][] reference, Set<MusicFeature> compared) {
        if (candidate.length < 2 || reference.length < 2) {
            throw new IllegalArgumentException("a comparison needs at least two excerpts a set (got "
                    + candidate.length + " and " + reference.length + ")");
        }
        List<FeatureComparison> rows = new ArrayList<>();
        for (MusicFeature feature : EnumSet.copyOf(compared)) {
            double[] a = column(candidate, feature.ordinal());
            double[] b = column(reference, feature.ordinal());
            double[] ms = Kde.meanAndSpread(a);
            double[] rs = Kde.meanAndSpread(b);
            Kde[] values = Kde.atResolutionOf(b, Kde.FLOOR_SHARE * span(a, b), a, b);
            double[] within = withinDistances(b);
            double[] between = betweenDistances(a, b);
            Kde[] distances = Kde.atResolutionOf(within, Kde.FLOOR_SHARE * span(within, between), within, between);
            double[] distance = Kde.overlapAndDivergence(distances[0], distances[1]);
            rows.add(new FeatureComparison(feature, ms[0], ms[1], rs[0], rs[1], Kde.overlap(values[0], values[1]),
                    distance[0], distance[1]));
        }
        return new Comparison(rows);
    }

    /** The mean overlapped area over the features: the one-figure summary. */
    public double summary() {
        return features.stream().mapToDouble(FeatureComparison::overlap).average().orElse(Double.NaN);
    }

    /** The feature whose distributions overlap least. */
    public FeatureComparison weakest() {
        return features.stream().min(Comparator.comparingDouble(FeatureComparison::overlap)).orElseThrow();
    }

    /** Whether {@code feature} was compared. */
    public boolean compares(MusicFeature feature) {
        return features.stream().anyMatch(row -> row.feature() == feature);
    }

    /** This comparison's row for {@code feature}. */
    public FeatureComparison row(MusicFeature feature) {
        return features.stream().filter(row -> row.feature() == feature).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("feature not compared: " + feature.label()));
    }

    static double[] column(double[][] rows, int index) {
        double[] column = new double[rows.length];
        for (int n = 0; n < rows.length; n++) {
            column[n] = rows[n][index];
        }
        return column;
    }

    private static double[] withinDistances(double[] xs) {
        double[] d = new double[xs.length * (xs.length - 1) / 2];
        int k = 0;
        for (int i = 0; i < xs.length; i++) {
            for (int j = i + 1; j < xs.length; j++) {
                d[k++] = Math.abs(xs[i] - xs[j]);
            }
        }
        return d;
    }

    private static double[] betweenDistances(double[] xs, double[] ys) {
        double[] d = new double[xs.length * ys.length];
        int k = 0;
        for (double x : xs) {
            for (double y : ys) {
                d[k++] = Math.abs(x - y);
            }
        }
        return d;
    }

    /** The span of the sets together, or a tiny positive one where every value is the same. */
    static double span(double[]... sets) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] xs : sets) {
            for (double x : xs) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        return Math.max(hi - lo, 1e-6);
    }
}
