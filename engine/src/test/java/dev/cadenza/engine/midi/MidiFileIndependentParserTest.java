package dev.cadenza.engine.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What MidiFileWriter writes is read without complaint by an independent SMF parser: the npm
 * package midi-file, driven by src/test/node/midi-file-check/check-midi.js. Needs node and
 * {@code npm ci --prefix engine/src/test/node/midi-file-check}; skipped without them, except under
 * CI=true, where it fails.
 */
class MidiFileIndependentParserTest {
    private static final Path CHECKER = Path.of(System.getProperty("basedir", "."), "src/test/node/midi-file-check");
    private static final String INSTALL = "npm ci --prefix engine/src/test/node/midi-file-check";

    @TempDir
    Path dir;

    @BeforeAll
    static void nodeAndMidiFileAreInstalled() {
        String missing = null;
        if (!Files.isDirectory(CHECKER.resolve("node_modules/midi-file"))) {
            missing = "the npm package midi-file is not installed in " + CHECKER + " (run: " + INSTALL + ")";
        } else if (!runs("node", "--version")) {
            missing = "node is not installed (Debian: apt-get install nodejs npm)";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
    }

    @Test
    void theIndependentParserReadsOurNotesTempoAndMetre() throws Exception {
        PianoRoll roll = Rolls.drawn(PitchRange.PIANO, 4,
                "60 |---||||.|-.|",
                "64 ..|-------..|",
                "108 .-----......|");
        roll.addTempo(new PianoRoll.Tempo(0, 400_000));
        roll.addTempo(new PianoRoll.Tempo(6, 750_000));
        roll.addTimeSignature(new PianoRoll.TimeSignature(0, 3, 4));
        Path file = dir.resolve("ours.mid");
        new MidiFileWriter().write(roll, file);

        JsonNode summary = check(file);

        assertEquals(1, summary.get("format").asInt());
        assertEquals(2, summary.get("tracks").asInt());
        assertEquals(480, summary.get("ticksPerBeat").asInt());
        assertEquals(onsets(roll), summary.get("noteOns").asInt());
        assertEquals(onsets(roll), summary.get("noteOffs").asInt());
        assertEquals(13 * 120, summary.get("lastTick").asInt());
        assertEquals("[{\"tick\":0,\"microsPerQuarter\":400000},{\"tick\":720,\"microsPerQuarter\":750000}]",
                summary.get("tempos").toString());
        assertEquals("[{\"tick\":0,\"numerator\":3,\"denominator\":4}]", summary.get("timeSignatures").toString());
    }

    @Test
    void theIndependentParserReadsOurCopyOfARealFileAndTheChorale() throws Exception {
        PianoRoll minuet;
        try (var in = getClass().getResourceAsStream("/midi/two-voice-minuet.mid")) {
            minuet = new MidiFileReader().read(in.readAllBytes(), "two-voice-minuet.mid").roll();
        }
        PianoRoll chorale = Rolls.fromJsonDataset(Rolls.data().resolve("jsb_chorales/train.json"), 0, 1);
        for (PianoRoll roll : new PianoRoll[] {minuet, chorale}) {
            Path file = dir.resolve("copy.mid");
            new MidiFileWriter().write(roll, file);

            JsonNode summary = check(file);

            assertEquals(onsets(roll), summary.get("noteOns").asInt());
            assertEquals(onsets(roll), summary.get("noteOffs").asInt());
        }
    }

    @Test
    @DisplayName("a Bach chorale read from MIDI keeps every re-struck note, as the independent parser counts them")
    void aChoraleKeepsItsRestrikes() throws Exception {
        for (String name : new String[] {"chorale002.mid", "chorale010.mid"}) {
            Path file = Rolls.data().resolve("midi/bach_chorales").resolve(name);
            PianoRoll roll = new MidiFileReader().read(file).roll();

            JsonNode summary = check(file);

            int restrikes = 0;
            for (int i = 0; i < roll.range().size(); i++) {
                for (int t = 1; t < roll.length(); t++) {
                    if (roll.code(t, i) == Cell.STRUCK_CODE && roll.sounding(t - 1, i)) {
                        restrikes++;
                    }
                }
            }
            assertTrue(restrikes > 20, name + ": " + restrikes + " re-strikes");
            assertEquals(summary.get("restrikes").asInt(), restrikes, name);
            assertEquals(summary.get("distinctOnsets").asInt(), onsets(roll), name);
        }
    }

    @Test
    void theCheckerRejectsABrokenFileSoItsVerdictMeansSomething() throws Exception {
        Path file = dir.resolve("ours.mid");
        new MidiFileWriter().write(Rolls.drawn(PitchRange.PIANO, 4, "60 |-|-"), file);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] = 0x00; // the final end-of-track event 00 FF 2F 00 loses its 2F

        Files.write(file, bytes);
        Process process = new ProcessBuilder("node", CHECKER.resolve("check-midi.js").toString(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue(), output);
    }

    private static int onsets(PianoRoll roll) {
        int n = 0;
        for (int i = 0; i < roll.range().size(); i++) {
            boolean sounding = false;
            for (int t = 0; t < roll.length(); t++) {
                byte code = roll.code(t, i);
                if (code == Cell.STRUCK_CODE || code == Cell.HELD_CODE && !sounding) {
                    n++;
                }
                sounding = code != Cell.SILENT_CODE;
            }
        }
        return n;
    }

    private static JsonNode check(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("node", CHECKER.resolve("check-midi.js").toString(), file.toString()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("the independent parser rejected " + file + ": " + err.strip());
        }
        return new ObjectMapper().readTree(out);
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
