package dev.cadenza.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KdeTest {
    /** The standard normal distribution function, by the error function's series (exact enough here). */
    private static double phi(double x) {
        double z = x / Math.sqrt(2);
        double sum = 0;
        double term = z;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 0.5 * (1 + 2 / Math.sqrt(Math.PI) * sum);
    }

    @Test
    @DisplayName("the density of one value is the normal density of the bandwidth around it")
    void oneValueIsANormalDensity() {
        Kde kde = new Kde(new double[] {3}, 2);
        assertEquals(1 / (2 * Math.sqrt(2 * Math.PI)), kde.density(3), 1e-15);
        assertEquals(Math.exp(-0.5) / (2 * Math.sqrt(2 * Math.PI)), kde.density(5), 1e-15);
        assertEquals(kde.density(5), kde.densities(new double[] {5})[0], 1e-15);
    }

    @Test
    @DisplayName("two values average their kernels")
    void twoValuesAverageTheirKernels() {
        Kde kde = new Kde(new double[] {0, 2}, 1);
        double expected = 0.5 * (Math.exp(-0.5) + Math.exp(-0.5)) / Math.sqrt(2 * Math.PI);
        assertEquals(expected, kde.density(1), 1e-15);
    }

    @Test
    @DisplayName("two unit normals d apart overlap by 2 Phi(-d/2)")
    void normalsOverlapAsWorkedByHand() {
        for (double d : new double[] {0, 0.5, 1, 2, 4}) {
            Kde a = new Kde(new double[] {0}, 1);
            Kde b = new Kde(new double[] {d}, 1);
            assertEquals(2 * phi(-d / 2), Kde.overlap(a, b), 1e-5, "d = " + d);
        }
        assertEquals(0.3173105, 2 * phi(-1), 1e-6, "the series itself");
    }

    @Test
    @DisplayName("KL between unit normals d apart is d^2/2, and zero against itself")
    void divergenceAsWorkedByHand() {
        Kde a = new Kde(new double[] {0}, 1);
        assertEquals(0.5, Kde.divergence(a, new Kde(new double[] {1}, 1)), 1e-6);
        assertEquals(2.0, Kde.divergence(a, new Kde(new double[] {2}, 1)), 1e-6);
        assertEquals(0, Kde.divergence(a, a), 1e-9);
    }

    @Test
    @DisplayName("Scott's bandwidth is sd n^(-1/5), and a shared resolution follows the reference")
    void scottsBandwidth() {
        double[] xs = {1, 2, 3, 4, 5};
        double sd = Math.sqrt(2.5);
        assertEquals(sd * Math.pow(5, -0.2), Kde.scottBandwidth(xs), 1e-12);
        Kde[] kdes = Kde.atResolutionOf(xs, 0.01, new double[] {7, 7, 7}, xs);
        assertEquals(Kde.scottBandwidth(xs), kdes[0].bandwidth(), 1e-12);
        assertEquals(0.01, Kde.atResolutionOf(new double[] {7, 7}, 0.01, new double[] {1, 9})[0].bandwidth());
    }

    @Test
    @DisplayName("equal constants overlap fully, different ones not at all")
    void constants() {
        Kde[] same = Kde.atResolutionOf(new double[] {2, 2, 2}, 1e-3, new double[] {2, 2, 2}, new double[] {2, 2});
        assertEquals(1, Kde.overlap(same[0], same[1]), 1e-6);
        Kde[] apart = Kde.atResolutionOf(new double[] {2, 2, 2}, 1e-3, new double[] {2, 2, 2}, new double[] {3, 3});
        assertEquals(0, Kde.overlap(apart[0], apart[1]), 1e-6);
    }

    @Test
    @DisplayName("an empty set or a bandwidth that is not positive is refused")
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> new Kde(new double[0], 1));
        assertThrows(IllegalArgumentException.class, () -> new Kde(new double[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> new Kde(new double[] {1}, Double.NaN));
    }
}
