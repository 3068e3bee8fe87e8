package dev.cadenza.trainer.biaxial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The matrices a pass keeps for the next one carry nothing over from it. */
class ScratchTest {

    @Test
    @DisplayName("a pass after a larger one on the same thread gives the bits a pass on a fresh thread gives")
    void aPassAfterALargerOneIsUntouchedByIt() throws InterruptedException {
        BiaxialConfig config = new BiaxialConfig(new PitchRange(60, 75), 1, List.of(6, 5), List.of(4, 3), true);
        BiaxialWeights weights = BiaxialWeights.random(config, 3, 0.8f);
        List<Segment> large = BiaxialTestData.randomSegments(config, 5, 9, 4);
        List<Segment> small = BiaxialTestData.randomSegments(config, 2, 5, 8);
        BiaxialNetwork.Pass[] fresh = new BiaxialNetwork.Pass[1];
        Thread elsewhere = new Thread(() -> fresh[0] = pass(config, weights, small));
        elsewhere.start();
        elsewhere.join();

        pass(config, weights, large);
        BiaxialNetwork.Pass after = pass(config, weights, small);

        assertEquals(fresh[0].cost(), after.cost());
        for (Map.Entry<String, float[]> e : fresh[0].gradient().arrays().entrySet()) {
            assertArrayEquals(e.getValue(), after.gradient().arrays().get(e.getKey()), e.getKey());
        }
    }

    private static BiaxialNetwork.Pass pass(BiaxialConfig config, BiaxialWeights weights, List<Segment> batch) {
        return new BiaxialNetwork(config).run(weights, batch, 0.3f, new SplittableRandom(9), true);
    }
}
