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
        PianoRoll roll = new MidiFileReader().read(midi).roll();
        List<Integer> played = new ArrayList<>();
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < roll.range().size(); i++) {
                if (roll.sounding(t, i)) {
                    played.add(roll.range().pitch(i));
                }
            }
        }
        assertEquals(List.of(60, 64, 67, 72, 60, 64, 67, 72, 60, 64, 67, 72, 60, 64, 67, 72), played);
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
