package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.testing.LinkHut;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cadenza play --link --bpm 100} beside Ableton's LinkHutSilent, which raised its tempo from
 * 120, in a private network namespace: the command joins the peer's session and records its take
 * at the session's tempo, the one LinkHutSilent shows, not its own.
 * The protocol itself is tested in the bridge ({@code LinkHutSilentTest}); skipped and failing
 * under CI alike, where LinkHutSilent cannot be built or {@code unshare} is missing.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a timing check
class PlayLinkCommandTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("play --link joins Ableton's peer at the tempo the peer shows, not its own --bpm, and records the take at it")
    void playsAtTheSessionsTempo() throws Exception {
        String hut = LinkHut.path();
        Path take = dir.resolve("link.mid");
        Path log = dir.resolve("play.log");
        String script = String.join("\n", LinkHut.PRIVATE_NETWORK,
                // LinkHutSilent: enable Link, one BPM faster five times (it may take fewer of the keys: what
                // counts is the tempo it shows), stay while Cadenza plays; Cadenza starts after those changes
                "(echo a; sleep 0.3; for i in 1 2 3 4 5; do echo e; done; sleep 40; echo q) | \"$HUT\" > \"$HUT_OUT\" 2>&1 &",
                "sleep 3",
                "\"$JAVA\" -cp \"$CP\" -Djava.awt.headless=true " + Cadenza.class.getName()
                        + " play --link --bpm 100 --bars 4 --no-keys --no-realtime --seed 3 --record \"$TAKE\" < /dev/null",
                "kill %1 2>/dev/null || true");
        ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "bash", "-c", script).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("HUT", hut);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("CP", System.getProperty("java.class.path"));
        pb.environment().put("TAKE", take.toString());
        Path hutOut = dir.resolve("hut.out");
        pb.environment().put("HUT_OUT", hutOut.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "play --link did not end");
        String said = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), said);
        String[] hutLines = Files.readString(hutOut, StandardCharsets.ISO_8859_1).split("[\r\n]");
        String hutLast = "";
        for (String line : hutLines) { // its last whole status line: enabled | peers | quantum | sync | tempo | ...
            if (line.matches("\\s*yes\\s*\\|.*\\|.*\\|.*\\|\\s*[\\d.]+\\s*\\|.*")) {
                hutLast = line;
            }
        }
        said += "\nLinkHutSilent's last line: " + hutLast;
        assertTrue(!hutLast.isEmpty(), "LinkHutSilent showed its state: " + said);
        double session = Double.parseDouble(hutLast.split("\\|")[4].trim());
        assertTrue(session > 120, "LinkHutSilent raised its tempo: " + said);
        assertTrue(said.contains("Link: joined session")
                && said.contains(String.format(java.util.Locale.ROOT, "at %.2f BPM", session)), said);
        assertTrue(said.contains(String.format(java.util.Locale.ROOT, "at %.0f BPM", session)),
                "the headroom line names the session's tempo: " + said);

        Sequence s = MidiSystem.getSequence(take.toFile());
        double bpm = 0;
        int noteOns = 0;
        for (Track t : s.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
                    byte[] d = m.getData();
                    bpm = 60e6 / ((d[0] & 0xFF) << 16 | (d[1] & 0xFF) << 8 | d[2] & 0xFF);
                } else if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON
                        && m.getData2() > 0) {
                    noteOns++;
                }
            }
        }
        assertEquals(session, bpm, 0.01, "the take's tempo: the session's, not --bpm 100");
        assertTrue(noteOns > 0, "no note in the take: " + said);
    }
}
