package dev.cadenza.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.cadenza.engine.preset.Tensor;

class OptimizerTest {

    private static Map<String, float[]> parameters() {
        Map<String, float[]> m = new LinkedHashMap<>();
        m.put("a", new float[] {1, -2, 3});
        m.put("b", new float[] {0.5f});
        return m;
    }

    /** The gradient of {@code sum_i (x_i - target_i)^2 / 2}. */
    private static Map<String, double[]> gradient(Map<String, float[]> x, Map<String, float[]> target) {
        Map<String, double[]> g = new LinkedHashMap<>();
        x.forEach((k, v) -> {
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i] - target.get(k)[i];
            }
            g.put(k, d);
        });
        return g;
    }

    /** {@code steps} updates of the parameters {@code x} (those of {@code p}) towards {@code target}. */
    private static void descend(ParameterVector p, Optimizer optimizer, Map<String, float[]> x,
            Map<String, float[]> target, int steps) {
        for (int step = 0; step < steps; step++) {
            p.setGradient(gradient(x, target));
            optimizer.update();
        }
    }

    @Test
    void sgdTakesOneExactStepOnEveryArray() {
        Map<String, float[]> x = parameters();
        ParameterVector p = new ParameterVector(x);
        p.setGradient(Map.of("a", new double[] {1, 2, 3}, "b", new double[] {-4}, "ignored", new double[] {9}));
        new Sgd(p, 0.5).update();
        assertArrayEquals(new float[] {0.5f, -3, 1.5f}, x.get("a"));
        assertArrayEquals(new float[] {2.5f}, x.get("b"));
    }

    @Test
    void adamFirstStepMovesEachParameterByTheRateAgainstItsGradientsSign() {
        Map<String, float[]> x = parameters();
        ParameterVector p = new ParameterVector(x);
        p.setGradientFloats(Map.of("a", new float[] {10, -0.1f, 0}, "b", new float[] {1e-3f}));
        new Adam(p, 0.01).update();
        // bias-corrected: m / sqrt(v) = sign(g) on the first step (0 where g = 0)
        assertArrayEquals(new float[] {0.99f, -1.99f, 3}, x.get("a"), 1e-5f);
        assertArrayEquals(new float[] {0.49f}, x.get("b"), 1e-4f);
    }

    @Test
    void adamReachesTheMinimumOfAQuadratic() {
        Map<String, float[]> x = parameters();
        Map<String, float[]> target = Map.of("a", new float[] {-1, 4, 0.25f}, "b", new float[] {2});
        ParameterVector p = new ParameterVector(x);
        Adam adam = new Adam(p, 0.05);
        descend(p, adam, x, target, 2000);
        assertArrayEquals(target.get("a"), x.get("a"), 1e-3f);
        assertArrayEquals(target.get("b"), x.get("b"), 1e-3f);
    }

    @Test
    void restoredAdamContinuesExactlyAsTheOriginal() {
        Map<String, float[]> target = Map.of("a", new float[] {-1, 4, 0.25f}, "b", new float[] {2});
        Map<String, float[]> x = parameters();
        ParameterVector p = new ParameterVector(x);
        Adam adam = new Adam(p, 0.05);
        descend(p, adam, x, target, 5);
        Map<String, Tensor> state = adam.state();
        Map<String, float[]> y = new LinkedHashMap<>();
        x.forEach((k, v) -> y.put(k, v.clone()));
        ParameterVector q = new ParameterVector(y);
        Adam resumed = new Adam(q, 0.05);
        resumed.restore(state);
        descend(p, adam, x, target, 5);
        descend(q, resumed, y, target, 5);
        assertArrayEquals(x.get("a"), y.get("a"));
        assertArrayEquals(x.get("b"), y.get("b"));
    }

    @Test
    void stateOfOtherParametersIsRefusedByName() {
        Adam adam = new Adam(new ParameterVector(parameters()), 0.1);
        Map<String, float[]> other = new LinkedHashMap<>();
        other.put("a", new float[2]);
        other.put("b", new float[1]);
        Map<String, Tensor> state = new Adam(new ParameterVector(other), 0.1).state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.restore(state));
        assertTrue(e.getMessage().contains("first moment a: expected 3 values, got 2"), e.getMessage());
    }

    @Test
    void clippingScalesTheWholeVectorToTheNorm() {
        ParameterVector p = new ParameterVector(parameters());
        p.setGradient(Map.of("a", new double[] {3, 0, 0}, "b", new double[] {4}));
        assertEquals(5, p.clipGradient(1), 1e-6);
        assertArrayEquals(new float[] {0.6f, 0, 0, 0.8f}, p.gradient(), 1e-6f);
        assertEquals(1, p.clipGradient(0), 1e-6);
        assertEquals(1, p.clipGradient(2), 1e-6);
        assertArrayEquals(new float[] {0.6f, 0, 0, 0.8f}, p.gradient(), 1e-6f);
    }

    @Test
    void aGradientOfTheWrongSizeIsNamed() {
        ParameterVector p = new ParameterVector(parameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.setGradient(Map.of("a", new double[] {1, 2}, "b", new double[] {1})));
        assertTrue(e.getMessage().contains("gradient a"), e.getMessage());
    }
}
