package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.midi.MidiFileWriter;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.Scale;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.presets.Presets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** --key/--scale, --primer and several outputs, as a musician uses them from the command line. */
class MusiciansControlsCommandTest {
    /** I IV V I vi ii V7 I in C, four voices, one chord a beat. */
    private static final int[][] MAJOR_CADENCE = {
        {48, 55, 64, 72}, {53, 57, 65, 72}, {55, 59, 62, 67}, {48, 55, 64, 72},
        {57, 60, 64, 69}, {50, 57, 65, 69}, {55, 59, 65, 67}, {48, 55, 64, 72},
    };

    /** The MIDI pitches struck in {@code file}. */
    private static List<Integer> struck(Path file) {
        PianoRoll roll = new MidiFileReader().read(file).roll();
        List<Integer> pitches = new ArrayList<>();
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < roll.range().size(); i++) {
                if (roll.cell(t, i) == Cell.STRUCK) {
                    pitches.add(roll.range().pitch(i));
                }
            }
        }
        return pitches;
    }

    private static double shareIn(List<Integer> pitches, Scale scale) {
        return pitches.stream().filter(p -> (scale.mask() >> (p % 12) & 1) != 0).count() / (double) pitches.size();
    }

    static List<String> presets() {
        return Presets.names();
    }

    @ParameterizedTest(name = "generate from {0} keeps to F# major pentatonic")
    @MethodSource("presets")
    void generateKeepsToTheScale(String preset, @TempDir Path dir) {
        Path midi = dir.resolve("out.mid");
        CommandRun run = CommandRun.of("generate", "--preset", preset, "--bars", "4", "--key", "F#", "--scale",
                "major-pentatonic", "-o", midi.toString());
        assertEquals(0, run.status(), run.err());
        List<Integer> pitches = struck(midi);
        if (preset.equals(Presets.DEFAULT) || Models.trainedInC(Presets.load(preset))) {
            // the default learnt the chorales in all twelve keys, a preset trained in C is moved to F#
            // major; the benchmark presets learnt theirs in C too but only follow a key by its mask,
            // and in a far key such as this have few notes left that they know (one had none at all)
            assertTrue(pitches.size() >= 32, preset + " played " + pitches.size() + " notes");
        }
        assertTrue(pitches.stream().allMatch(p -> (Scale.parse("F#", "major-pentatonic").mask() >> (p % 12) & 1) != 0),
                pitches.toString());
    }

    @Test
    @DisplayName("play keeps to --key A --scale minor and says so")
    void playKeepsToTheScale(@TempDir Path dir) {
        Path take = dir.resolve("take.mid");
        CommandRun run = CommandRun.of("play", "--bars", "2", "--no-keys", "--key", "A", "--scale", "minor",
                "--record", take.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains(", in A minor; recording to"), run.out());
        List<Integer> pitches = struck(take);
        assertTrue(pitches.size() >= 8, "played " + pitches.size() + " notes");
        assertEquals(1.0, shareIn(pitches, Scale.parse("A", "minor")), pitches.toString());
    }

    @Test
    @DisplayName("a primer in F# major leads the default preset into F# major far more than no primer")
    void generateContinuesThePrimer(@TempDir Path dir) {
        PianoRoll cadence = new PianoRoll(PitchRange.PIANO, 4, 4 * MAJOR_CADENCE.length);
        for (int c = 0; c < MAJOR_CADENCE.length; c++) {
            for (int pitch : MAJOR_CADENCE[c]) {
                int i = PitchRange.PIANO.index(pitch + 6);
                cadence.set(4 * c, i, Cell.STRUCK);
                cadence.setVelocity(4 * c, i, 80);
                for (int t = 1; t < 4; t++) {
                    cadence.set(4 * c + t, i, Cell.HELD);
                }
            }
        }
        Path primer = dir.resolve("cadence.mid");
        new MidiFileWriter(MidiFileWriter.Options.DEFAULTS).write(cadence, primer);
        Scale fSharpMajor = Scale.parse("F#", "major");
        double primed = 0;
        double unprimed = 0;
        int runs = 8;
        for (int seed = 1; seed <= runs; seed++) {
            Path with = dir.resolve("with" + seed + ".mid");
            Path without = dir.resolve("without" + seed + ".mid");
            CommandRun a = CommandRun.of("generate", "--bars", "1", "--seed", "" + seed, "--primer", primer.toString(),
                    "-o", with.toString());
            assertEquals(0, a.status(), a.err());
            CommandRun b = CommandRun.of("generate", "--bars", "1", "--seed", "" + seed, "-o", without.toString());
            assertEquals(0, b.status(), b.err());
            primed += shareIn(struck(with), fSharpMajor) / runs;
            unprimed += shareIn(struck(without), fSharpMajor) / runs;
        }
        // measured when written: 0.96 primed against 0.59 unprimed
        assertTrue(primed > 0.85 && primed > unprimed + 0.2, "primed " + primed + ", unprimed " + unprimed);
    }

    @Test
    @DisplayName("a wrong key, scale or primer, and an output named twice or missing, are refused in one line")
    void badValuesAreNamed(@TempDir Path dir) {
        assertEquals("cadenza play: unknown key: 'H' (expected a note name such as C, F#, Bb)",
                CommandRun.of("play", "--key", "H").err().strip());
        assertTrue(CommandRun.of("generate", "--scale", "jazz").err().strip()
                .startsWith("cadenza generate: unknown scale: 'jazz' (expected one of major, minor, harmonic-minor,"));
        Path missing = dir.resolve("missing.mid");
        CommandRun noFile = CommandRun.of("generate", "--primer", missing.toString(), "-o",
                dir.resolve("x.mid").toString());
        assertEquals(1, noFile.status());
        assertTrue(noFile.err().strip().startsWith("cadenza generate: cannot read MIDI file " + missing),
                noFile.err());
        PianoRoll silence = new PianoRoll(PitchRange.PIANO, 4, 16);
        Path empty = dir.resolve("silence.mid");
        new MidiFileWriter(MidiFileWriter.Options.DEFAULTS).write(silence, empty);
        assertTrue(CommandRun.of("generate", "--primer", empty.toString(), "-o", dir.resolve("y.mid").toString())
                .err().strip().startsWith("cadenza generate: primer " + empty + " has no notes within the model's"));
        assertEquals("cadenza play: output 'Gervill' is named twice (expected each output once)",
                CommandRun.of("play", "--bars", "1", "--no-record", "--out", "gervill,Gervill").err().strip());
        assertTrue(CommandRun.of("play", "--bars", "1", "--no-record", "--out", "gervill,No Such Port").err().strip()
                .startsWith("cadenza play: no MIDI output matches 'No Such Port'"));
    }
}
