package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AnnealedImportanceSamplingTest {

    @Test
    @DisplayName("AIS log Z of small random RBMs matches the exact log Z by enumeration")
    void aisMatchesEnumeration() {
        ConditionalRbms rbms = Enumeration.randomRbms(10, 8, 6, 1.0, 11);
        int chains = 100;
        double[] estimates = AnnealedImportanceSampling.chainEstimates(rbms, chains, 200, 5);
        double meanError = 0;
        for (int n = 0; n < rbms.count(); n++) {
            double exact = Enumeration.logPartition(rbms, n);
            double ais = AnnealedImportanceSampling.logMeanExp(estimates, n * chains, chains, 1);
            assertEquals(exact, ais, 0.05, "RBM " + n + " (log Z about " + Math.round(exact) + ")");
            meanError += (ais - exact) / rbms.count();
        }
        assertEquals(0, meanError, 0.02);
    }

    @Test
    @DisplayName("AIS from a base fitted to the Gibbs marginals matches enumeration with a tenth of the temperatures")
    void fittedBaseMatchesEnumeration() {
        ConditionalRbms rbms = Enumeration.randomRbms(10, 8, 6, 1.0, 11);
        float[] base = RnnRbmEvaluator.baseBiases(GibbsMarginals.estimate(rbms, 20, 10, 20, 4));
        int chains = 100;
        double[] estimates = AnnealedImportanceSampling.chainEstimates(rbms, base, chains,
                AnnealedImportanceSampling.schedule(20), 5);
        for (int n = 0; n < rbms.count(); n++) {
            double exact = Enumeration.logPartition(rbms, n);
            double ais = AnnealedImportanceSampling.logMeanExp(estimates, n * chains, chains, 1);
            assertEquals(exact, ais, 0.03, "RBM " + n + " (log Z about " + Math.round(exact) + ")");
        }
    }

    @Test
    @DisplayName("the schedule rises as k / K to exactly 1")
    void scheduleIsLinear() {
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1.0}, AnnealedImportanceSampling.schedule(4));
    }

    @Test
    @DisplayName("hidden inputs far beyond the float range of exp still give the exact log Z")
    void largeHiddenInputsStayFinite() {
        ConditionalRbms small = Enumeration.randomRbms(6, 4, 2, 0.5, 8);
        float[] bh = {150, -150, 120, 95, -200, 130, 100, -90};
        ConditionalRbms rbms = new ConditionalRbms(6, 4, 2, small.w(), small.bv(), bh);
        int chains = 20;
        double[] estimates = AnnealedImportanceSampling.chainEstimates(rbms, chains, 50, 3);
        for (int n = 0; n < 2; n++) {
            double exact = Enumeration.logPartition(rbms, n);
            assertEquals(exact, AnnealedImportanceSampling.logMeanExp(estimates, n * chains, chains, 1), 0.01,
                    "RBM " + n + " (log Z about " + Math.round(exact) + ")");
        }
    }

    @Test
    @DisplayName("with W = 0 every AIS chain gives the exact log Z of the base model")
    void zeroWeightsGiveExactBase() {
        ConditionalRbms random = Enumeration.randomRbms(6, 4, 3, 2, 3);
        ConditionalRbms rbms = new ConditionalRbms(6, 4, 3, new float[24], random.bv(), random.bh());
        double[] estimates = AnnealedImportanceSampling.chainEstimates(rbms, 4, 10, 1);
        for (int n = 0; n < 3; n++) {
            for (int m = 0; m < 4; m++) {
                assertEquals(Enumeration.logPartition(rbms, n), estimates[n * 4 + m], 1e-4);
            }
        }
    }

    @Test
    @DisplayName("the same seed gives the same estimates, another seed different ones")
    void seedMakesRunsReproducible() {
        ConditionalRbms rbms = Enumeration.randomRbms(10, 8, 3, 1.5, 2);
        double[] a = AnnealedImportanceSampling.chainEstimates(rbms, 5, 20, 42);
        double[] b = AnnealedImportanceSampling.chainEstimates(rbms, 5, 20, 42);
        double[] c = AnnealedImportanceSampling.chainEstimates(rbms, 5, 20, 43);
        assertArrayEquals(a, b);
        assertEquals(false, java.util.Arrays.equals(a, c));
    }

    @Test
    @DisplayName("reverse AIS from frames drawn from the model gives their exact log-probabilities")
    void reverseMatchesEnumeration() {
        ConditionalRbms rbms = Enumeration.randomRbms(10, 8, 6, 1.0, 11);
        float[] frames = modelFrames(rbms, 5);
        int chains = 100;
        double[] estimates = AnnealedImportanceSampling.reverseChainEstimates(rbms, frames, null, chains,
                AnnealedImportanceSampling.schedule(200), 5);
        for (int n = 0; n < rbms.count(); n++) {
            double exact = -rbms.freeEnergy(n, frames, n * rbms.visible()) - Enumeration.logPartition(rbms, n);
            assertEquals(exact, AnnealedImportanceSampling.logMeanExp(estimates, n * chains, chains, 1), 0.05, "RBM " + n);
        }
    }

    @Test
    @DisplayName("with too few temperatures, on frames drawn from the model, forward AIS errs high and reverse AIS low")
    void forwardAndReverseBracketTheTruth() {
        ConditionalRbms rbms = Enumeration.randomRbms(10, 8, 30, 3.0, 17);
        float[] frames = modelFrames(rbms, 6);
        int chains = 4;
        double[] betas = AnnealedImportanceSampling.schedule(3);
        double[] forward = AnnealedImportanceSampling.chainEstimates(rbms, chains, betas, 7);
        double[] reverse = AnnealedImportanceSampling.reverseChainEstimates(rbms, frames, null, chains, betas, 8);
        double forwardError = 0;
        double reverseError = 0;
        for (int n = 0; n < rbms.count(); n++) {
            double negF = -rbms.freeEnergy(n, frames, n * rbms.visible());
            double exact = negF - Enumeration.logPartition(rbms, n);
            forwardError += negF - AnnealedImportanceSampling.logMeanExp(forward, n * chains, chains, 1) - exact;
            reverseError += AnnealedImportanceSampling.logMeanExp(reverse, n * chains, chains, 1) - exact;
        }
        assertTrue(forwardError / rbms.count() > 0.1, "forward error " + forwardError / rbms.count());
        assertTrue(reverseError / rbms.count() < -0.1, "reverse error " + reverseError / rbms.count());
    }

    /** One frame per RBM drawn exactly from it, by enumeration. */
    private static float[] modelFrames(ConditionalRbms rbms, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        int visible = rbms.visible();
        float[] frames = new float[rbms.count() * visible];
        for (int n = 0; n < rbms.count(); n++) {
            double logZ = Enumeration.logPartition(rbms, n);
            double u = random.nextDouble();
            int code = 0;
            for (double cumulative = 0; code < (1 << visible) - 1; code++) {
                cumulative += Math.exp(-rbms.freeEnergy(n, Enumeration.vector(code, visible), 0) - logZ);
                if (cumulative > u) {
                    break;
                }
            }
            System.arraycopy(Enumeration.vector(code, visible), 0, frames, n * visible, visible);
        }
        return frames;
    }

    @Test
    @DisplayName("log-mean-exp of large values does not overflow")
    void logMeanExpIsStable() {
        double[] v = {1000, 1000 + Math.log(3)};
        assertEquals(1000 + Math.log(2), AnnealedImportanceSampling.logMeanExp(v, 0, 2, 1), 1e-12);
    }
}
