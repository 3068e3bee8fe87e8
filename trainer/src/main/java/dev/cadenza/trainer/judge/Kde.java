package dev.cadenza.trainer.judge;

import java.util.Arrays;

/**
 * A Gaussian kernel density estimate of a set of values, and the two ways the judge compares two
 * of them: the overlapped area and the Kullback-Leibler divergence, integrated numerically on a
 * fine grid over both. Immutable.
 *
 * <p>The bandwidth follows Scott's rule, {@code sd * n^(-1/5)} (as {@code scipy.stats.gaussian_kde}
 * chooses it) for the reference set, and sets compared with it share it ({@link #atResolutionOf}),
 * never below a floor: values that are all
 * equal have no spread to scale it by, and the judge floors the bandwidth at {@link #FLOOR_SHARE}
 * of the span of the sets compared, so that two equal constants overlap fully and two different
 * ones not at all.
 */
public final class Kde {
    /** Integration points across the span of two estimates. */
    static final int GRID = 2001;
    /** A degenerate set's bandwidth, as a share of the comparison's scale. */
    static final double FLOOR_SHARE = 0.01;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    /** Bandwidths beyond which a kernel's contribution is left out. */
    private static final double REACH = 8;
    /** Density below which the divergence's q is floored, so that it stays finite. */
    private static final double DENSITY_FLOOR = 1e-12;

    private final double[] values;
    private final double bandwidth;

    /** An estimate of {@code values} with the given bandwidth (must be positive). */
    public Kde(double[] values, double bandwidth) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a density estimate needs at least one value");
        }
        if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
            throw new IllegalArgumentException("invalid bandwidth: " + bandwidth + " (expected a positive number)");
        }
        this.values = values.clone();
        Arrays.sort(this.values);
        this.bandwidth = bandwidth;
    }

    /** Scott's bandwidth for {@code values}, {@code sd * n^(-1/5)}; 0 where they do not spread. */
    public static double scottBandwidth(double[] values) {
        return standardDeviation(values) * Math.pow(values.length, -0.2);
    }

    /**
     * Estimates of {@code sets}, all with the bandwidth Scott's rule gives {@code reference} (itself
     * usually among the sets), or {@code floor} where that is smaller. One bandwidth, set by the real
     * music, keeps a comparison fair: a set that barely spreads (a drone's constant, a split whose
     * values are nearly all zero) is smoothed at the reference's resolution rather than drawn as a
     * spike that overlaps nothing, and a candidate that spreads wildly cannot blur the reference
     * into overlapping it.
     */
    public static Kde[] atResolutionOf(double[] reference, double floor, double[]... sets) {
        double h = Math.max(floor, scottBandwidth(reference));
        Kde[] kdes = new Kde[sets.length];
        for (int k = 0; k < sets.length; k++) {
            kdes[k] = new Kde(sets[k], h);
        }
        return kdes;
    }

    public double bandwidth() {
        return bandwidth;
    }

    /** The estimated density at {@code x}. */
    public double density(double x) {
        double sum = 0;
        for (double v : values) {
            double z = (x - v) / bandwidth;
            sum += Math.exp(-0.5 * z * z);
        }
        return sum / (values.length * bandwidth * SQRT_2PI);
    }

    /**
     * The density at each of the ascending points {@code xs}; kernels further than
     * {@link #REACH} bandwidths away are left out (they add less than 1e-14 of their weight).
     */
    double[] densities(double[] xs) {
        double[] out = new double[xs.length];
        double norm = values.length * bandwidth * SQRT_2PI;
        int from = 0;
        for (int k = 0; k < xs.length; k++) {
            double x = xs[k];
            while (from < values.length && values[from] < x - REACH * bandwidth) {
                from++;
            }
            double sum = 0;
            for (int j = from; j < values.length && values[j] <= x + REACH * bandwidth; j++) {
                double z = (x - values[j]) / bandwidth;
                sum += Math.exp(-0.5 * z * z);
            }
            out[k] = sum / norm;
        }
        return out;
    }

    /** The overlapped area of {@code a} and {@code b}: the integral of the smaller density, 0..1. */
    public static double overlap(Kde a, Kde b) {
        return overlapAndDivergence(a, b)[0];
    }

    /** KL(p || q) in nats, the integral of p log(p / q), q floored at 1e-12. */
    public static double divergence(Kde p, Kde q) {
        return overlapAndDivergence(p, q)[1];
    }

    /**
     * Both comparisons of {@code p} and {@code q} from one evaluation of their densities on a grid:
     * {overlapped area, KL(p || q)}.
     */
    public static double[] overlapAndDivergence(Kde p, Kde q) {
        double[] xs = grid(p, q);
        double[] pp = p.densities(xs);
        double[] pq = q.densities(xs);
        double area = 0;
        double kl = 0;
        for (int k = 0; k < xs.length; k++) {
            double w = trapezoid(k, xs.length);
            area += w * Math.min(pp[k], pq[k]);
            if (pp[k] > 0) {
                kl += w * pp[k] * Math.log(pp[k] / Math.max(pq[k], DENSITY_FLOOR));
            }
        }
        double dx = xs[1] - xs[0];
        return new double[] {Math.min(1, area * dx), Math.max(0, kl * dx)};
    }

    private static double trapezoid(int k, int points) {
        return k == 0 || k == points - 1 ? 0.5 : 1;
    }

    /** Mean and sample (n - 1) standard deviation of {@code values}. */
    static double[] meanAndSpread(double[] values) {
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        return new double[] {mean, standardDeviation(values)};
    }

    private static double standardDeviation(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double mean = Arrays.stream(values).average().orElseThrow();
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    /** Points covering both estimates to six bandwidths beyond their outermost values. */
    private static double[] grid(Kde a, Kde b) {
        double lo = Math.min(min(a.values) - 6 * a.bandwidth, min(b.values) - 6 * b.bandwidth);
        double hi = Math.max(max(a.values) + 6 * a.bandwidth, max(b.values) + 6 * b.bandwidth);
        double[] xs = new double[GRID];
        for (int k = 0; k < GRID; k++) {
            xs[k] = lo + (hi - lo) * k / (GRID - 1);
        }
        return xs;
    }

    static double min(double[] xs) {
        return Arrays.stream(xs).min().orElseThrow();
    }

    static double max(double[] xs) {
        return Arrays.stream(xs).max().orElseThrow();
    }
}
