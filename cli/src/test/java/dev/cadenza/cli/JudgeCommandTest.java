package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.preset.PresetFiles;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeCommandTest {
    private static final Path NOTTINGHAM = Path.of(System.getProperty("cadenza.data", "../data"), "nottingham");

    @Test
    @DisplayName("judge prints each feature beside the ceiling, draws the chart and saves the figures into a preset")
    void judgesAPreset(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("judge.png");
        Path saved = dir.resolve("judged.cadenza");
        CommandRun run = CommandRun.of("judge", "nottingham-rnnrbm", "--against", NOTTINGHAM.toString(), "--samples", "6",
                "--bars", "4", "--png", png.toString(), "--save", saved.toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("nottingham-rnnrbm against nottingham (test): 6 excerpts of 4 bars"), run.out());
        assertTrue(run.out().contains("ceiling (valid): OA, dist OA, dist KL"), run.out());
        assertTrue(run.out().matches("(?s).*\nonsets per bar +[\\d.]+ ± [\\d.]+ +[\\d.]+ ± [\\d.]+ +[01]\\.\\d\\d .*"), run.out());
        assertTrue(run.out().matches("(?s).*summary OA 0\\.\\d{3}, ceiling 0\\.\\d{3} \\(ratio \\d\\.\\d\\d\\).*"), run.out());
        assertTrue(run.out().contains("re-struck onsets: not judged"), run.out());
        BufferedImage chart = ImageIO.read(png.toFile());
        assertTrue(chart.getWidth() > 1000 && chart.getHeight() > 500);

        Map<String, Double> metrics = PresetFiles.read(saved).manifest().provenance().metrics();
        assertTrue(metrics.get("judge.nottingham.summary") > 0 && metrics.get("judge.nottingham.summary") <= 1);
        assertEquals(4.0, metrics.get("judge.nottingham.bars"));
        assertTrue(metrics.containsKey("test.acc.sampled.pooled"), "the evaluation's figures are kept: " + metrics.keySet());

        CommandRun again = CommandRun.of("judge", "nottingham-rnnrbm", "--against", NOTTINGHAM.toString(), "--samples",
                "6", "--bars", "4", "--png", dir.resolve("again.png").toString());
        String summary = run.out().lines().filter(l -> l.startsWith("summary")).findFirst().orElseThrow();
        assertTrue(again.out().contains(summary), "the same seed gives the same figures");
    }

    @Test
    @DisplayName("--save-controls makes the judged temperature, Gibbs steps and density the preset's defaults, which generate then uses")
    void savesControls(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("tuned.cadenza");
        CommandRun run = CommandRun.of("judge", "nottingham-biaxial", "--against", NOTTINGHAM.toString(), "--split", "valid",
                "--ceiling-split", "test", "--samples", "3", "--bars", "2", "--temperature", "1.25", "--density", "0.5",
                "--frame", "likely", "--png", dir.resolve("j.png").toString(), "--save", saved.toString(), "--save-controls");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("(temperature 1.25, 25 Gibbs steps, density +0.50, likely frames)"), run.out());
        assertEquals(new Sampling(1.25, 25, 0.5, true), Sampling.of(PresetFiles.read(saved)));
        CommandRun again = CommandRun.of("judge", saved.toString(), "--against", NOTTINGHAM.toString(), "--samples", "3",
                "--bars", "2", "--png", dir.resolve("k.png").toString());
        assertTrue(again.out().contains("(temperature 1.25, 25 Gibbs steps, density +0.50, likely frames)"), again.out());
        CommandRun bad = CommandRun.of("judge", saved.toString(), "--against", NOTTINGHAM.toString(), "--frame", "mode");
        assertTrue(bad.status() != 0 && bad.err().strip().lines().count() == 1
                && bad.err().contains("invalid frame: 'mode' (expected drawn or likely)"), bad.err());

        CommandRun alone = CommandRun.of("judge", "nottingham-biaxial", "--against", NOTTINGHAM.toString(), "--samples",
                "3", "--bars", "2", "--png", dir.resolve("l.png").toString(), "--save-controls");
        assertTrue(alone.status() != 0 && alone.err().contains("give --save"), alone.err());
    }

    @Test
    @DisplayName("judge takes MIDI files, such as a recording, cut into excerpts")
    void judgesMidiFiles(@TempDir Path dir) throws Exception {
        Path midi = dir.resolve("take.mid");
        assertEquals(0, CommandRun.of("generate", "--preset", "jsb-rnnrbm", "--bars", "8", "-o", midi.toString()).status());
        CommandRun run = CommandRun.of("judge", midi.toString(), "--against", NOTTINGHAM.toString(), "--bars", "2",
                "--png", dir.resolve("j.png").toString());

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("take.mid against nottingham (test): 4 excerpts of 2 bars"), run.out());
        assertTrue(Files.size(dir.resolve("j.png")) > 1000);
    }

    @Test
    @DisplayName("bad input is one line that names it: a missing dataset, --save with MIDI files, too few excerpts")
    void badInput(@TempDir Path dir) throws Exception {
        CommandRun missing = CommandRun.of("judge", "jsb-rnnrbm", "--against", dir.resolve("nowhere").toString());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.status() != 0 && missing.err().contains("nowhere"), missing.err());

        Path midi = dir.resolve("take.mid");
        assertEquals(0, CommandRun.of("generate", "--bars", "2", "-o", midi.toString()).status());
        CommandRun save = CommandRun.of("judge", midi.toString(), "--against", NOTTINGHAM.toString(), "--save",
                dir.resolve("x.cadenza").toString());
        assertTrue(save.status() != 0 && save.err().contains("--save"), save.err());

        CommandRun few = CommandRun.of("judge", midi.toString(), "--against", NOTTINGHAM.toString(), "--bars", "2");
        assertTrue(few.status() != 0 && few.err().contains("at least two excerpts"), few.err());

        CommandRun samples = CommandRun.of("judge", "jsb-rnnrbm", "--against", NOTTINGHAM.toString(), "--samples", "1");
        assertTrue(samples.status() != 0 && samples.err().contains("invalid samples: 1 (expected 2..10000)"), samples.err());
    }
}
