package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiSystem;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code play --record} onto a disk that fills up: a real, tiny tmpfs mounted in a private mount
 * namespace ({@code unshare --user --map-root-user --mount}, so no root and nothing outside the
 * test), filled to its last page before the play starts. The take so far is kept in its unfinished
 * file, the final write fails with one line and a non-zero exit, and the earlier take at the path is
 * untouched. Skipped, with the reason, where the kernel refuses user namespaces.
 */
class RecordingOnAFullDiskTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a full disk at the stop: one line, a non-zero exit, the earlier take untouched, the take so far kept")
    void aFullDiskLosesNothing() throws Exception {
        assumeMountNamespaces();
        Path full = Files.createDirectory(dir.resolve("full"));
        Path out = Files.createDirectory(dir.resolve("out"));
        byte[] earlier = new byte[3000];
        new java.util.Random(5).nextBytes(earlier);
        Files.write(dir.resolve("earlier.mid"), earlier);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = String.join("\n",
                "set -u",
                "mount -t tmpfs -o size=256k tmpfs \"$FULL\" || exit 90",
                "cp \"$DIR/earlier.mid\" \"$FULL/take.mid\"",
                // fill the disk, then give one page back: room for the unfinished file, none for the final copy
                "dd if=/dev/zero of=\"$FULL/filler\" bs=4096 2>/dev/null",
                "truncate -s -4096 \"$FULL/filler\"",
                "\"$JAVA\" -cp \"$CP\" -Djava.awt.headless=true " + Cadenza.class.getName()
                        + " play --bars 2 --no-keys --no-realtime --record \"$FULL/take.mid\" > \"$OUT/play.out\" 2> \"$OUT/play.err\"",
                "echo $? > \"$OUT/status\"",
                "cp \"$FULL\"/*.mid \"$OUT\"/ 2>/dev/null",
                "ls -a \"$FULL\" > \"$OUT/listing\"");
        ProcessBuilder builder = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script)
                .redirectErrorStream(true);
        builder.environment().putAll(java.util.Map.of("FULL", full.toString(), "OUT", out.toString(), "DIR",
                dir.toString(), "JAVA", javaBin, "CP", System.getProperty("java.class.path")));
        Process p = builder.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the play on a full disk did not end");
        assertEquals(0, p.exitValue(), "the namespace script failed: " + said);

        int status = Integer.parseInt(Files.readString(out.resolve("status")).strip());
        List<String> err = Files.readAllLines(out.resolve("play.err"));
        assertNotEquals(0, status, "exit 0 on a full disk: " + Files.readString(out.resolve("play.out")));
        assertEquals(1, err.size(), "not one line: " + err);
        String take = full.resolve("take.mid").toString();
        assertTrue(err.get(0).startsWith("cadenza play: cannot write the recording " + take + " ("), err.get(0));
        assertTrue(err.get(0).contains("No space left on device"), err.get(0));
        assertTrue(err.get(0).endsWith("the take up to the stop is kept in " + full.resolve("take.unfinished.mid")),
                err.get(0));
        assertArrayEquals(earlier, Files.readAllBytes(out.resolve("take.mid")), "the earlier take was touched");
        // what was kept reads as a MIDI file with notes in it
        var kept = MidiSystem.getSequence(out.resolve("take.unfinished.mid").toFile());
        assertTrue(kept.getTracks().length >= 2, "tracks kept: " + kept.getTracks().length);
        assertTrue(!Files.readString(out.resolve("listing")).contains(".tmp"), "a temporary file was left behind");
    }

    private static void assumeMountNamespaces() throws Exception {
        boolean works;
        try {
            Process p = new ProcessBuilder("unshare", "--user", "--map-root-user", "--mount", "true")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            works = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            works = false;
        }
        Assumptions.assumeTrue(works, "this kernel or container refuses unprivileged user and mount namespaces"
                + " (unshare --user --map-root-user --mount), so no private tmpfs can be filled");
    }
}
