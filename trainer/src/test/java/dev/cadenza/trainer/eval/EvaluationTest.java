package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    /** An AIS evaluation with these log-likelihoods per step: forward, reverse, the certain ceiling. */
    private static Evaluation ais(double forward, double reverse, double ceiling) {
        FrameTally tally = new FrameTally(1);
        float[] frame = {1, 0};
        tally.add(0, frame, 0, new float[2], 0, frame, 0, 2, 0, 0);
        return Evaluation.of("p", "d", "test", 1, tally).withLogLikelihood(forward)
                .withAis(0.01, reverse, ceiling, 16, 100).withGibbsSamples(10).withSeconds(1);
    }

    @Test
    @DisplayName("forward and reverse AIS within 0.1 nats, forward under the ceiling: converged, the NLL stored with its bracket")
    void converged() {
        Evaluation e = ais(-3.00, -3.05, -2.90);
        assertTrue(e.converged());
        assertEquals(3.00, e.metrics().get("test.nll"), 1e-12);
        assertEquals(3.00, e.metrics().get("test.nll.low"), 1e-12);
        assertEquals(3.05, e.metrics().get("test.nll.high"), 1e-12);
    }

    @Test
    @DisplayName("reverse AIS below forward by rounding only closes the bracket at the forward figure")
    void reverseWithinRounding() {
        Evaluation e = ais(-3.000, -2.999, -2.90);
        assertTrue(e.converged());
        assertEquals(3.000, e.nllHigh(), 1e-12);
        assertEquals(3.000, e.metrics().get("test.nll.high"), 1e-12);
    }

    @Test
    @DisplayName("forward AIS above the certain ceiling: not converged, no NLL stored, the bracket starts at the bound")
    void forwardBeyondTheBound() {
        Evaluation e = ais(-2.07, -6.91, -2.34);
        assertFalse(e.converged());
        assertFalse(e.metrics().containsKey("test.nll"));
        assertEquals(2.34, e.metrics().get("test.nll.low"), 1e-12);
        assertEquals(6.91, e.metrics().get("test.nll.high"), 1e-12);
        assertEquals(0.0, e.metrics().get("test.nll.converged"));
    }

    @Test
    @DisplayName("reverse AIS well below the low end (too few chains): the bracket has no high end, and it has not converged")
    void reverseFarBelow() {
        Evaluation e = ais(-3.00, -2.80, -2.90);
        assertFalse(e.converged(), "forward and reverse 0.2 nats apart");
        assertTrue(Double.isNaN(e.nllHigh()));
        assertFalse(e.metrics().containsKey("test.nll.high"));
        assertEquals(3.00, e.metrics().get("test.nll.low"), 1e-12);
    }
}
