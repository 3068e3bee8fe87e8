package dev.cadenza.trainer.biaxial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BiaxialGradientCheckTest {

    @Test
    void backPropagationMatchesFiniteDifferencesForEveryArray() {
        for (int variant = 0; variant < 3; variant++) {
            boolean articulation = variant != 1;
            boolean keyInput = variant == 2;
            BiaxialConfig config = new BiaxialConfig(new PitchRange(60, 75), 1, List.of(6, 5), List.of(4, 3), articulation,
                    keyInput);
            BiaxialWeights weights = BiaxialWeights.random(config, 3, 0.8f);
            List<Segment> batch = BiaxialTestData.randomSegments(config, 2, 5, 4);
            BiaxialNetwork net = new BiaxialNetwork(config);
            // dropout on: the same seed gives the same masks in every pass
            BiaxialNetwork.Pass pass = net.run(weights, batch, 0.3f, new SplittableRandom(9), true);
            Map<String, float[]> grads = pass.gradient().arrays();
            SplittableRandom pick = new SplittableRandom(17);
            int checked = 0;
            for (Map.Entry<String, float[]> e : weights.arrays().entrySet()) {
                float[] w = e.getValue();
                float[] g = grads.get(e.getKey());
                double differenceSquared = 0;
                double sizeSquared = 0;
                StringBuilder seen = new StringBuilder();
                for (int probe = 0; probe < 8; probe++) {
                    int i = pick.nextInt(w.length);
                    float saved = w[i];
                    float eps = 1e-2f;
                    w[i] = saved + eps;
                    double plus = net.run(weights, batch, 0.3f, new SplittableRandom(9), false).cost() / pass.frames();
                    w[i] = saved - eps;
                    double minus = net.run(weights, batch, 0.3f, new SplittableRandom(9), false).cost() / pass.frames();
                    w[i] = saved;
                    double numeric = (plus - minus) / (2 * eps);
                    differenceSquared += (numeric - g[i]) * (numeric - g[i]);
                    sizeSquared += numeric * numeric + (double) g[i] * g[i];
                    seen.append(String.format(" [%d] %.5f/%.5f", i, g[i], numeric));
                    checked++;
                }
                double relative = Math.sqrt(differenceSquared / Math.max(sizeSquared, 1e-12));
                assertTrue(relative < 5e-3 || Math.sqrt(sizeSquared) < 1e-5,
                        e.getKey() + ": back-propagated/finite differences" + seen + ", relative error " + relative
                                + " (articulation " + articulation + ", key input " + keyInput + ")");
                assertTrue(Math.sqrt(sizeSquared) > 1e-4 || e.getKey().startsWith("out.b") && !articulation,
                        e.getKey() + " has no gradient to speak of:" + seen);
            }
            assertTrue(checked >= 8 * 10);
            if (keyInput) { // the key input's row of the first layer is checked among the rest: probe it too
                float[] w = weights.timeW[0];
                float[] g = pass.gradient().timeW[0];
                int i = dev.cadenza.engine.biaxial.BiaxialFeatures.KEY * 4 * config.timeSize(0) + 1;
                float saved = w[i];
                w[i] = saved + 1e-2f;
                double plus = net.run(weights, batch, 0.3f, new SplittableRandom(9), false).cost() / pass.frames();
                w[i] = saved - 1e-2f;
                double minus = net.run(weights, batch, 0.3f, new SplittableRandom(9), false).cost() / pass.frames();
                w[i] = saved;
                double numeric = (plus - minus) / 2e-2;
                assertTrue(Math.abs(numeric) > 1e-5 && Math.abs(numeric - g[i]) < 5e-3 * Math.abs(numeric) + 1e-6,
                        "key input row: back-propagated " + g[i] + ", finite differences " + numeric);
            }
        }
    }
}
