package dev.cadenza.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.data.Piece;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Known generators land where they must against the Nottingham piano rolls. */
class JudgeTest {
    private static final int SAMPLES = 30;
    private static final int BARS = 16;
    private static Dataset test;
    private static Dataset valid;
    private static Judgement realAgainstReal;

    @BeforeAll
    static void load() {
        String data = System.getProperty("cadenza.data");
        if (data == null) {
            throw new IllegalStateException("system property cadenza.data is not set (surefire sets it to the repository's data/)");
        }
        test = Datasets.load(Path.of(data, "nottingham"), "test");
        valid = Datasets.load(Path.of(data, "nottingham"), "valid");
        realAgainstReal = Judge.judge("valid", Excerpts.draw(rolls(valid), SAMPLES, BARS, 11), test, valid, BARS, 1);
    }

    private static List<PianoRoll> rolls(Dataset d) {
        return d.pieces().stream().map(Piece::roll).toList();
    }

    private static Judgement judge(String name, List<PianoRoll> excerpts) {
        Judgement j = Judge.judge(name, excerpts, test, valid, BARS, 1);
        assertEquals(realAgainstReal.ceiling().summary(), j.ceiling().summary(), 1e-12, "the same ceiling from the same seed");
        return j;
    }

    @Test
    @DisplayName("real music against real music scores at the ceiling, and the ceiling is high")
    void realAgainstRealScoresAtTheCeiling() {
        double summary = realAgainstReal.versusReference().summary();
        double ceiling = realAgainstReal.ceiling().summary();
        assertTrue(ceiling > 0.75, "ceiling " + ceiling);
        assertTrue(summary > 0.9 * ceiling, "valid excerpts drawn again: " + summary + " against " + ceiling);
    }

    @Test
    @DisplayName("the comparison alone (to choose a training epoch) is the judge's, feature by feature")
    void versusIsTheJudgesComparison() {
        Comparison alone = Judge.versus(Excerpts.draw(rolls(valid), SAMPLES, BARS, 11), rolls(test), BARS, 1);
        assertEquals(realAgainstReal.versusReference().features(), alone.features());
    }

    @Test
    @DisplayName("on large samples, two draws of real music overlap near 1 on every feature")
    void largeRealSamplesOverlapNearOne() {
        List<PianoRoll> train = rolls(Datasets.load(Path.of(System.getProperty("cadenza.data"), "nottingham"), "train"));
        Set<MusicFeature> features = EnumSet.allOf(MusicFeature.class);
        features.remove(MusicFeature.RESTRUCK_SHARE);
        Comparison c = Comparison.of(Judge.features(Excerpts.draw(train, 400, 8, 1)),
                Judge.features(Excerpts.draw(train, 400, 8, 2)), features);
        for (Comparison.FeatureComparison row : c.features()) {
            assertTrue(row.overlap() > 0.85, row.feature().label() + ": " + row.overlap());
        }
        assertTrue(c.summary() > 0.9, "summary " + c.summary());
    }

    @Test
    @DisplayName("a drone (one chord held throughout) scores far below real against real")
    void aDroneScoresFarBelow() {
        List<PianoRoll> drones = new ArrayList<>();
        for (int n = 0; n < SAMPLES; n++) {
            PianoRoll roll = new PianoRoll(test.range(), Excerpts.STEPS_PER_QUARTER, BARS * Excerpts.STEPS_PER_BAR);
            for (int pitch : new int[] {48 + n % 5, 55 + n % 5, 64 + n % 5}) {
                int i = test.range().index(pitch);
                roll.set(0, i, Cell.STRUCK);
                for (int t = 1; t < roll.length(); t++) {
                    roll.set(t, i, Cell.HELD);
                }
            }
            drones.add(roll);
        }
        Judgement j = judge("drone", drones);
        assertFarBelow(j);
        assertEquals(0, j.versusReference().row(MusicFeature.ONSETS_PER_BAR).overlap(), 0.05);
        assertEquals(64, j.longestNote(), 1e-12, "sixteen bars of one note");
    }

    @Test
    @DisplayName("random notes at the data's density score far below real against real")
    void randomNotesScoreFarBelow() {
        double density = realAgainstReal.referenceFeatures().length == 0 ? 0
                : mean(realAgainstReal.referenceFeatures(), MusicFeature.POLYPHONY);
        int low = test.range().index(48);
        int high = test.range().index(84);
        double p = density / (high - low + 1);
        SplittableRandom random = new SplittableRandom(5);
        List<PianoRoll> noise = new ArrayList<>();
        for (int n = 0; n < SAMPLES; n++) {
            PianoRoll roll = new PianoRoll(test.range(), Excerpts.STEPS_PER_QUARTER, BARS * Excerpts.STEPS_PER_BAR);
            for (int t = 0; t < roll.length(); t++) {
                for (int i = low; i <= high; i++) {
                    if (random.nextDouble() < p) {
                        roll.set(t, i, t > 0 && roll.sounding(t - 1, i) ? Cell.HELD : Cell.STRUCK);
                    }
                }
            }
            noise.add(roll);
        }
        Judgement j = judge("random notes", noise);
        assertFarBelow(j);
        double polyphony = j.versusReference().row(MusicFeature.POLYPHONY).mean();
        assertEquals(density, polyphony, 0.3, "the generator does play at the data's density");
    }

    @Test
    @DisplayName("real excerpts with their steps shuffled in time score far below real against real")
    void shuffledRealMusicScoresFarBelow() {
        SplittableRandom random = new SplittableRandom(9);
        List<PianoRoll> shuffled = new ArrayList<>();
        for (PianoRoll real : Excerpts.draw(rolls(valid), SAMPLES, BARS, 11)) {
            int[] order = new int[real.length()];
            for (int t = 0; t < order.length; t++) {
                order[t] = t;
            }
            for (int t = order.length - 1; t > 0; t--) {
                int k = random.nextInt(t + 1);
                int swap = order[t];
                order[t] = order[k];
                order[k] = swap;
            }
            PianoRoll roll = new PianoRoll(real.range(), real.stepsPerQuarter(), real.length());
            for (int t = 0; t < order.length; t++) {
                for (int i = 0; i < real.range().size(); i++) {
                    if (real.sounding(order[t], i)) {
                        roll.set(t, i, t > 0 && roll.sounding(t - 1, i) ? Cell.HELD : Cell.STRUCK);
                    }
                }
            }
            shuffled.add(roll);
        }
        Judgement j = judge("shuffled", shuffled);
        // five of the fourteen features are pitch content, which shuffling keeps whole (range, mean
        // pitch, distinct pitches, entropy, scale): 0.65 of the ceiling when mean pitch was added
        assertFarBelow(j, 0.7);
        // the pitch content is the real music's: only the features of time can tell
        assertTrue(j.versusReference().row(MusicFeature.PITCH_CLASS_ENTROPY).overlap() > 0.5);
    }

    @Test
    @DisplayName("the JSON piano rolls have no re-strikes, so that feature is not judged against them")
    void noRestrikesNoRestrikeFeature() {
        assertTrue(!realAgainstReal.versusReference().compares(MusicFeature.RESTRUCK_SHARE));
        assertEquals(MusicFeature.values().length - 1, realAgainstReal.versusReference().features().size());
    }

    private static void assertFarBelow(Judgement j) {
        assertFarBelow(j, 0.65);
    }

    private static void assertFarBelow(Judgement j, double share) {
        double summary = j.versusReference().summary();
        double ceiling = j.ceiling().summary();
        assertTrue(summary < share * ceiling, j.candidate() + ": summary " + summary + " against the ceiling " + ceiling);
    }

    private static double mean(double[][] rows, MusicFeature feature) {
        double sum = 0;
        for (double[] row : rows) {
            sum += row[feature.ordinal()];
        }
        return sum / rows.length;
    }
}
