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
        for (boolean articulation : new boolean[] {true, false}) {
            BiaxialConfig config = new BiaxialConfig(new PitchRange(60, 75), 1, List.of(6, 5), List.of(4, 3), articulation);
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
                                + " (articulation " + articulation + ")");
                assertTrue(Math.sqrt(sizeSquared) > 1e-4 || e.getKey().startsWith("out.b") && !articulation,
                        e.getKey() + " has no gradient to speak of:" + seen);
            }
            assertTrue(checked >= 8 * 10);
        }
    }
}
