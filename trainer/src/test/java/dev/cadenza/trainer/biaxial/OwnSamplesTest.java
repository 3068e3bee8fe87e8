package dev.cadenza.trainer.biaxial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OwnSamplesTest {
    private static final BiaxialConfig CONFIG =
            new BiaxialConfig(new PitchRange(50, 75), 2, List.of(9, 7), List.of(6, 5), true);

    @Test
    void withNoShareTheTimeAxisHearsTheTrueFrames() {
        BiaxialWeights weights = BiaxialWeights.random(CONFIG, 5, 0.5f);
        List<Segment> batch = BiaxialTestData.randomSegments(CONFIG, 3, 12, 8);
        List<Segment> mixed = OwnSamples.mix(weights, batch, 0, new SplittableRandom(1));
        for (int s = 0; s < batch.size(); s++) {
            Segment a = batch.get(s);
            Segment b = mixed.get(s);
            assertArrayEquals(a.before(), b.heard()[0]);
            for (int t = 0; t < a.cells().length; t++) {
                assertArrayEquals(a.cells()[t], b.cells()[t], "segment " + s + " step " + t);
                if (t + 1 < a.cells().length) {
                    assertArrayEquals(a.heardBefore(t + 1, null), b.heard()[t + 1], "heard, segment " + s + " step " + t);
                }
            }
        }
        BiaxialNetwork net = new BiaxialNetwork(CONFIG);
        assertEquals(net.run(weights, batch, 0f, new SplittableRandom(2), false).cost(),
                net.run(weights, mixed, 0f, new SplittableRandom(2), false).cost(), 1e-9);
    }

    @Test
    void aModelThatNeverPlaysHearsSilenceAndThenStrikesWhatTheMusicSounds() {
        BiaxialWeights weights = BiaxialWeights.random(CONFIG, 5, 0.5f);
        weights.outB[0] = -40f; // p(play) about e^-40: every draw is silent
        List<Segment> batch = BiaxialTestData.randomSegments(CONFIG, 2, 12, 8);
        List<Segment> mixed = OwnSamples.mix(weights, batch, 1, new SplittableRandom(1));
        int sounding = 0;
        for (int s = 0; s < batch.size(); s++) {
            Segment a = batch.get(s);
            Segment b = mixed.get(s);
            for (int t = 0; t < a.length(); t++) {
                for (int n = 0; n < CONFIG.notes(); n++) {
                    if (t > 0) {
                        assertEquals(Cell.SILENT_CODE, b.heard()[t][n], "heard, segment " + s + " step " + t);
                    }
                    // what the music sounds after a heard silence is struck, as the sampler plays it
                    boolean played = Cell.sounding(a.cells()[t][n]);
                    assertEquals(played, Cell.sounding(b.cells()[t][n]));
                    if (played && t > 0) {
                        assertEquals(Cell.STRUCK_CODE, b.cells()[t][n]);
                        sounding++;
                    }
                }
            }
        }
        assertTrue(sounding > 20, "sounding cells checked: " + sounding);
    }

    @Test
    void theDrawsDependOnTheSeedAndAreTheSameForTheSameSeed() {
        BiaxialWeights weights = BiaxialWeights.random(CONFIG, 5, 0.5f);
        List<Segment> batch = BiaxialTestData.randomSegments(CONFIG, 2, 12, 8);
        List<Segment> one = OwnSamples.mix(weights, batch, 0.5, new SplittableRandom(3));
        List<Segment> again = OwnSamples.mix(weights, batch, 0.5, new SplittableRandom(3));
        List<Segment> other = OwnSamples.mix(weights, batch, 0.5, new SplittableRandom(4));
        boolean differs = false;
        for (int s = 0; s < batch.size(); s++) {
            for (int t = 0; t < 12; t++) {
                assertArrayEquals(one.get(s).heard()[t], again.get(s).heard()[t]);
                differs |= !java.util.Arrays.equals(one.get(s).heard()[t], other.get(s).heard()[t]);
            }
        }
        assertTrue(differs, "another seed draws other frames");
    }
}
