package dev.cadenza.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMixTest {

    @Test
    void itDrawsWhatSplittableRandomDrawsAndAgainAfterASeed() {
        SplitMix mix = new SplitMix(0);
        for (long seed : new long[] {0, 1, 42, -7, Long.MAX_VALUE, 0x5DEECE66DL}) {
            SplittableRandom reference = new SplittableRandom(seed);
            mix.seed(seed);
            for (int i = 0; i < 10_000; i++) {
                assertEquals(reference.nextInt(), mix.nextInt(), "seed " + seed + ", draw " + i);
                assertEquals(reference.nextDouble(), mix.nextDouble(), "seed " + seed + ", double " + i);
            }
        }
    }

    @Test
    void aLayerOfUniformsIsTheSameDrawsInOrderAndTheStreamGoesOn() {
        SplitMix layer = new SplitMix(3);
        SplittableRandom reference = new SplittableRandom(3);
        float[] out = new float[150];
        for (int n : new int[] {150, 1, 0, 88, 17}) {
            layer.nextFloats(out, n);
            for (int k = 0; k < n; k++) {
                assertEquals((reference.nextInt() >>> 8) * 0x1.0p-24f, out[k], "layer of " + n + ", unit " + k);
            }
            assertEquals(reference.nextInt(), layer.nextInt(), "the draw after a layer of " + n);
        }
    }
}
