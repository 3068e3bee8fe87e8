package dev.cadenza.trainer.rnnrbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.trainer.eval.Evaluation;
import dev.cadenza.trainer.eval.FrameTally;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RnnRbmTrainingTest {

    @Test
    @DisplayName("the log-likelihood verdict: converged only with forward and reverse close and forward below the bound")
    void convergenceVerdict() {
        assertTrue(RnnRbmTraining.convergence(evaluation(-2.05, -2.10, -2.00)).startsWith("AIS converged"));
        assertEquals("AIS HAS NOT CONVERGED: the NLL lies between 2.34 and 6.91 (width 4.57); more"
                + " --ais-temperatures narrow the gap", RnnRbmTraining.convergence(evaluation(-2.07, -6.91, -2.34)));
        assertEquals("AIS HAS NOT CONVERGED: the NLL lies between 2.06 and 2.10 (width 0.04); more"
                + " --ais-temperatures narrow the gap", RnnRbmTraining.convergence(evaluation(-2.05, -2.10, -2.06)));
    }

    private static Evaluation evaluation(double forward, double reverse, double ceiling) {
        return Evaluation.of("p", "d", "test", 10, new FrameTally(1)).withLogLikelihood(forward)
                .withAis(0.01, reverse, ceiling, 16, 100).withGibbsSamples(160).withSeconds(1.0);
    }
}
