package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.cli.toy.ToyKind;
import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.model.ModelKind;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model kind registered in one place (test scope: {@link ToyKind}) is reachable from the commands. */
class AddingAModelKindTest {

    private static Path toyPreset(Path dir, String kind) {
        PresetManifest manifest = PresetManifest.of("toy", kind, "a pattern", new PitchRange(60, 72), 4, Map.of(), null);
        Path file = dir.resolve(kind + ".cadenza");
        PresetFiles.write(new Preset(manifest, Map.of("pattern", Tensor.of(new float[] {60, 64, 67, 72}, 4))), file);
        return file;
    }

    @Test
    @DisplayName("a kind registered once is listed with the others, and info and generate take its presets")
    void aRegisteredKindIsReachable(@TempDir Path dir) {
        assertEquals(java.util.Set.of("rnnrbm", "biaxial", ToyKind.ID),
                ModelKind.all().stream().map(ModelKind::id).collect(java.util.stream.Collectors.toSet()));
        Path preset = toyPreset(dir, ToyKind.ID);

        CommandRun info = CommandRun.of("info", preset.toString());
        assertEquals(0, info.status(), info.err());
        assertTrue(info.out().contains("model      toy: a toy that plays its pattern"), info.out());

        Path midi = dir.resolve("toy.mid");
        CommandRun generate = CommandRun.of("generate", "--preset", preset.toString(), "--bars", "1", "-o",
                midi.toString());
        assertEquals(0, generate.status(), generate.err());
        assertEquals(List.of(60, 64, 67, 72, 60, 64, 67, 72, 60, 64, 67, 72, 60, 64, 67, 72),
                played(new MidiFileReader().read(midi).roll()));
    }

    @Test
    @DisplayName("a kind's trainer registered once trains through cadenza train with its own option, and its preset plays")
    void aRegisteredKindTrains(@TempDir Path dir) throws java.io.IOException {
        // 62 sounds in 6 frames, 60 in 5, 67 in 4, 64 in 3, 71 in 1
        Path data = java.nio.file.Files.createDirectories(dir.resolve("toy_tunes"));
        java.nio.file.Files.writeString(data.resolve("train.json"),
                "[[[60,62],[60,62,67],[60,62,64],[62,67,71]],[[60,64],[62,67],[60,62,64],[67]]]");
        java.nio.file.Files.writeString(data.resolve("valid.json"), "[[[60]]]");
        Path preset = dir.resolve("learnt.cadenza");

        CommandRun train = CommandRun.of("train", "--model", ToyKind.ID, "--data", data.toString(), "--pattern-length",
                "3", "--no-progress", "-o", preset.toString(), "--checkpoint", dir.resolve("checkpoint").toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("wrote " + preset + ": pattern [60, 62, 67]"), train.out());

        Path midi = dir.resolve("learnt.mid");
        CommandRun generate = CommandRun.of("generate", "--preset", preset.toString(), "--bars", "1", "-o",
                midi.toString());
        assertEquals(0, generate.status(), generate.err());
        assertEquals(List.of(60, 62, 67, 60), played(new MidiFileReader().read(midi).roll()).subList(0, 4));

        CommandRun help = CommandRun.of("train", "--help");
        assertTrue(help.out().contains("Toy (--model toy): Pitches in the learnt pattern."), help.out());
        CommandRun elsewhere = CommandRun.of("train", "--model", "rnnrbm", "--data", data.toString(), "--pattern-length",
                "3", "-o", preset.toString());
        assertEquals(1, elsewhere.status());
        assertEquals("cadenza train: --pattern-length is an option of Toy models (toy), and this run trains RNN-RBM"
                + " (rnnrbm): leave it out", elsewhere.err().strip());
    }

    private static List<Integer> played(PianoRoll roll) {
        List<Integer> played = new ArrayList<>();
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < roll.range().size(); i++) {
                if (roll.sounding(t, i)) {
                    played.add(roll.range().pitch(i));
                }
            }
        }
        return played;
    }

    @Test
    @DisplayName("a preset of a kind nobody registered is refused in one line that lists the known kinds")
    void anUnknownKindIsNamed(@TempDir Path dir) {
        Path preset = toyPreset(dir, "nope");
        CommandRun generate = CommandRun.of("generate", "--preset", preset.toString(), "-o",
                dir.resolve("x.mid").toString());
        assertEquals(1, generate.status());
        String err = generate.err().strip();
        assertTrue(err.startsWith("cadenza generate: unknown model kind 'nope' (this Cadenza knows ")
                && err.endsWith("): a newer Cadenza may know it"), err);
        assertTrue(err.contains("rnnrbm") && err.contains("biaxial") && err.contains("toy"), err);
        assertEquals(1, err.lines().count(), err);
        CommandRun info = CommandRun.of("info", preset.toString());
        assertTrue(info.out().contains("model      nope: a kind this Cadenza does not know"), info.out());
    }
}
