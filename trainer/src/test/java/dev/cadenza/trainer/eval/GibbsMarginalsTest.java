package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GibbsMarginalsTest {

    @Test
    @DisplayName("Gibbs marginals of small random RBMs match the exact marginals by enumeration")
    void gibbsMatchesEnumeration() {
        ConditionalRbms rbms = Enumeration.randomRbms(8, 6, 4, 1.0, 17);
        float[] p = GibbsMarginals.estimate(rbms, 100, 20, 100, 9);
        for (int n = 0; n < rbms.count(); n++) {
            double[] exact = Enumeration.marginals(rbms, n);
            for (int i = 0; i < 8; i++) {
                assertEquals(exact[i], p[n * 8 + i], 0.01, "RBM " + n + " unit " + i);
            }
        }
    }

    @Test
    @DisplayName("with W = 0 the marginals are exactly sigmoid of the visible biases")
    void zeroWeightsGiveSigmoidOfBiases() {
        ConditionalRbms random = Enumeration.randomRbms(5, 3, 2, 3, 4);
        ConditionalRbms rbms = new ConditionalRbms(5, 3, 2, new float[15], random.bv(), random.bh());
        float[] p = GibbsMarginals.estimate(rbms, 2, 0, 3, 1);
        for (int k = 0; k < 10; k++) {
            assertEquals(1 / (1 + Math.exp(-rbms.bv()[k])), p[k], 1e-6);
        }
    }
}
