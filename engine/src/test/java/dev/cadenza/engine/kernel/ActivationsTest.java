package dev.cadenza.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void theFastTanhAndSigmoidAgreeWithTheLibraryToFloatPrecision() {
        double worstTanh = 0;
        double worstSigmoid = 0;
        for (int i = -400_000; i <= 400_000; i++) {
            float x = i * 5e-5f;
            worstTanh = Math.max(worstTanh, Math.abs(Activations.tanh(x) - Math.tanh(x)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(Activations.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(worstTanh < 1e-6, "tanh error " + worstTanh);
        assertTrue(worstSigmoid < 1e-6, "sigmoid error " + worstSigmoid);
    }

    @Test
    void largeInputsSaturateWithoutOverflow() {
        assertEquals(1f, Activations.tanh(1e30f), 1e-6);
        assertEquals(-1f, Activations.tanh(-1e30f), 1e-6);
        assertEquals(0f, Activations.sigmoid(-200f), 1e-6);
        assertEquals(1f, Activations.sigmoid(200f), 1e-6);
    }
}
