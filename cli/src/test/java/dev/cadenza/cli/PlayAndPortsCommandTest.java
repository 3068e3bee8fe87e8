package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlayAndPortsCommandTest {
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Cadenza());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            c.getErr().println("cadenza " + c.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        int status = cli.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    @DisplayName("cadenza ports lists the built-in synthesizer among the outputs")
    void portsListsTheSynthesizer() {
        Run r = run("ports");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("outputs (cadenza play --out NAME):\n  Gervill"), r.out());
        assertTrue(r.out().contains("inputs"), r.out());
    }

    @Test
    @DisplayName("cadenza play rejects a bad option by naming it and what was expected")
    void playRejectsBadOptions() {
        assertEquals("cadenza play: invalid --bars: 0 (expected 1 or more, or --endless)\n", run("play", "--bars", "0").err());
        assertEquals("cadenza play: invalid --channel: 17 (expected 1..16)\n", run("play", "--channel", "17").err());
        assertTrue(run("play", "--send-clock", "--clock", "x").err().contains("exclude each other"));
        // one range per control, refused outside it rather than clamped
        assertEquals("cadenza play: invalid temperature: 10.0 (expected 0.25..4.0)\n",
                run("play", "--temperature", "10").err());
        assertEquals("cadenza play: invalid density: 5.0 (expected -4.0..4.0)\n", run("play", "--density", "5").err());
        assertEquals("cadenza play: invalid Gibbs steps: 0 (expected 1..400)\n", run("play", "--gibbs", "0").err());
        assertTrue(run("play", "--rtp", "T:5104", "--rtp-allow", "10.0.0.0/x").err()
                .startsWith("cadenza play: --rtp-allow: invalid host range: 10.0.0.0/x (expected an address"));
        assertTrue(run("play", "--velocity", "loud").err()
                .startsWith("cadenza play: invalid velocity: 'loud' (expected a number 1..127"));
        assertEquals("cadenza play: --quantum, --link-interface and --link-start-stop need --link\n",
                run("play", "--quantum", "3").err());
        assertEquals("cadenza play: invalid --quantum: 0.5 (expected 1..64 beats)\n",
                run("play", "--link", "--quantum", "0.5").err());
        assertTrue(run("play", "--link", "--link-interface", "no-such-nic", "--bars", "1").err()
                .startsWith("cadenza play: no network interface 'no-such-nic' for Link (this machine has: ["));
        assertTrue(run("play", "--link", "--clock", "x", "--bars", "1").err().contains("--link and --clock x exclude"));
    }

    @Test
    @DisplayName("a recording that could not be written is refused before anything plays")
    void playRefusesAnUnwritableRecording(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run folder = run("play", "--bars", "1", "--record", dir.toString());
        assertEquals(1, folder.status());
        assertEquals("cadenza play: cannot record to " + dir + ": it is a folder (expected a file such as "
                + dir.resolve("take.mid") + ")\n", folder.err());
        assertFalse(folder.out().contains("playing"), folder.out());

        java.nio.file.Path take = dir.resolve("take.mid");
        Run written = run("play", "--bars", "1", "--no-keys", "--record", take.toString());
        assertEquals(0, written.status(), written.err());
        assertTrue(written.out().contains("recorded ") && written.out().contains(" messages to " + take), written.out());
        assertTrue(java.nio.file.Files.isRegularFile(take));
    }

    @Test
    @DisplayName("cadenza play --jack without a JACK server says what to start, and plays nothing")
    void playToJackWithoutAServer() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("JACK_DEFAULT_SERVER") == null,
                "a JACK server is named in the environment");
        Run r = run("play", "--jack", "cadenza-test", "--bars", "1", "--no-record");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cadenza play: cannot open JACK client 'cadenza-test': ")
                && r.err().strip().endsWith("(expected a running JACK server: jackd, or PipeWire's JACK;"
                + " JACK_DEFAULT_SERVER names it)"), r.err());
        assertFalse(r.out().contains("playing"), r.out());
    }

    @Test
    @DisplayName("cadenza play names a MIDI output that is not there, with the candidates")
    void playNamesAMissingOutput() {
        Run r = run("play", "--out", "No Such Port", "--preset", "no-such-preset");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("no-such-preset") || r.err().contains("No Such Port"), r.err());
    }
}
