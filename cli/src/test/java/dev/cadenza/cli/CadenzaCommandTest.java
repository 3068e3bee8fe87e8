package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CadenzaCommandTest {

    @Test
    @DisplayName("an unknown option is one line naming it and pointing at --help, with a non-zero status")
    void unknownOptionIsOneLine() {
        CommandRun run = CommandRun.of("generate", "--bogus");
        assertEquals(2, run.status());
        assertEquals("cadenza generate: Unknown option: '--bogus' (see: cadenza generate --help)", run.err().strip());
    }

    @Test
    @DisplayName("a mistyped command or option gets the nearest one suggested, in the same one line")
    void mistypesGetASuggestion() {
        CommandRun option = CommandRun.of("generate", "--tempreature", "1");
        assertEquals(2, option.status());
        assertEquals("cadenza generate: Unknown options: '--tempreature', '1' (did you mean --temperature? see: cadenza"
                + " generate --help)", option.err().strip());
        CommandRun command = CommandRun.of("genrate");
        assertEquals(2, command.status());
        assertTrue(command.err().strip().endsWith("(did you mean generate? see: cadenza --help)"), command.err());
    }

    @Test
    @DisplayName("a preset that does not exist is one line that names it and lists the bundled ones")
    void missingPresetIsOneLine() {
        CommandRun run = CommandRun.of("info", "no-such-preset");
        assertEquals(1, run.status());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("no-such-preset") && run.err().contains("jsb-rnnrbm"), run.err());
    }

    @Test
    @DisplayName("generate writes a MIDI file and a piano-roll picture from the bundled preset")
    void generateWritesMidiAndPng(@TempDir Path dir) throws Exception {
        Path midi = dir.resolve("out.mid");
        CommandRun run = CommandRun.of("generate", "--preset", "jsb-rnnrbm", "--bars", "4", "-o", midi.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.size(midi) > 30);
        assertTrue(ImageIO.read(dir.resolve("out.png").toFile()).getWidth() > 0);
    }

    @Test
    @DisplayName("generate refuses a temperature outside the one range play and the knobs use too")
    void generateRefusesATemperatureOutOfRange(@TempDir Path dir) {
        CommandRun run = CommandRun.of("generate", "--preset", "jsb-rnnrbm", "--temperature", "10", "-o",
                dir.resolve("x.mid").toString());
        assertEquals(1, run.status());
        assertEquals("cadenza generate: invalid temperature: 10.0 (expected 0.25..4.0)", run.err().strip());
        assertFalse(Files.exists(dir.resolve("x.mid")));
    }

    @Test
    @DisplayName("info shows a bundled preset's model, dataset and metrics")
    void infoShowsTheManifest() {
        CommandRun run = CommandRun.of("info", "jsb-rnnrbm");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("model      rnnrbm: RNN-RBM"), run.out());
        assertTrue(run.out().contains("jsb_chorales"), run.out());
        assertTrue(run.out().contains("validAccuracy"), run.out());
        assertTrue(run.out().contains("test.acc.copy.pooled"), run.out());
    }

    @Test
    @DisplayName("info says each preset's NLL in words: exact, converged with its bracket, or only the bracket")
    void infoShowsTheNllOrItsBracket() {
        assertTrue(CommandRun.of("info", "jsb-biaxial").out().matches("(?s).*\n  test NLL: 5\\.\\d\\d nats per step \\(exact\\).*"));
        String rnnRbm = CommandRun.of("info", "jsb-rnnrbm").out();
        assertTrue(rnnRbm.matches("(?s).*\n  test NLL: \\d+\\.\\d\\d nats per step \\(AIS, converged; bracket .*"), rnnRbm);
        String unknown = CommandRun.of("info", "nottingham-rnnrbm").out();
        assertTrue(unknown.matches("(?s).*\n  test NLL: unknown: AIS has not converged; it lies between \\d\\.\\d\\d and"
                + " \\d\\.\\d\\d nats per step.*"), unknown);
    }

    @Test
    @DisplayName("the NLL in words takes the stored verdict and figures, and says so where reverse AIS left no upper end")
    void nllInWordsReadsTheVerdict() {
        assertEquals("5.04 nats per step (exact)", InfoCommand.nllInWords(Map.of("test.nll", 5.04, "test.nll.exact", 1.0),
                "test.nll"));
        assertEquals("10.58 nats per step (AIS, converged; bracket 10.58 .. 10.64)", InfoCommand.nllInWords(Map.of(
                "test.nll", 10.58, "test.nll.low", 10.58, "test.nll.high", 10.64, "test.nll.converged", 1.0), "test.nll"));
        assertEquals("unknown: AIS has not converged; it lies between 2.34 and 6.91 nats per step", InfoCommand.nllInWords(
                Map.of("test.nll.low", 2.34, "test.nll.high", 6.91, "test.nll.converged", 0.0), "test.nll"));
        assertEquals("unknown: AIS has not converged; it lies at or above 2.34 nats per step", InfoCommand.nllInWords(
                Map.of("test.nll.low", 2.34, "test.nll.converged", 0.0), "test.nll"));
        assertEquals("not stored (evaluate again with cadenza eval --save)", InfoCommand.nllInWords(
                Map.of("test.nll.converged", 1.0), "test.nll"));
    }
}
