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
            }
        }
    }
}
