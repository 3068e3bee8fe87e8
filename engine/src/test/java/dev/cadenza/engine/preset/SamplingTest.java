package dev.cadenza.engine.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.roll.PitchRange;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplingTest {
    @Test
    @DisplayName("a preset without sampling defaults plays at temperature 1 with 25 Gibbs steps, density 0")
    void plainWithoutDefaults() {
        assertEquals(Sampling.PLAIN, Sampling.of(PresetSamples.tiny("plain")));
        assertEquals(new Sampling(1.0, Controls.DEFAULT_GIBBS_STEPS, 0), Sampling.PLAIN);
    }

    @Test
    @DisplayName("defaults written into a preset come back from its file, and given values win over them")
    void defaultsRoundTrip(@TempDir Path dir) {
        Preset preset = new Sampling(1.25, 100, 0.5).into(PresetSamples.tiny("tuned"));
        Path file = dir.resolve("tuned.cadenza");
        PresetFiles.write(preset, file);
        Sampling read = Sampling.of(PresetFiles.read(file));

        assertEquals(new Sampling(1.25, 100, 0.5), read);
        assertEquals(new Sampling(0.9, 100, 0.5), read.with(0.9, null, null, null));
        assertEquals(new Sampling(1.25, 7, 0.5), read.with(null, 7, null, null));
        assertEquals(new Sampling(1.25, 100, -1), read.with(null, null, -1.0, null));
        Controls controls = read.applyTo(new Controls(new PitchRange(60, 62)));
        assertEquals(1.25, controls.temperature());
        assertEquals(100, controls.gibbsSteps());
        assertEquals(0.5, controls.densityBias());
        assertFalse(controls.likelyFrame());

        Preset likely = new Sampling(1.1, 25, 0, true).into(PresetSamples.tiny("likely"));
        PresetFiles.write(likely, dir.resolve("likely.cadenza"));
        Sampling back = Sampling.of(PresetFiles.read(dir.resolve("likely.cadenza")));
        assertEquals(new Sampling(1.1, 25, 0, true), back);
        assertEquals(Sampling.LIKELY, likely.manifest().hyperParameters().get(Sampling.FRAME_KEY));
        assertEquals(new Sampling(1.1, 25, 0, false), back.with(null, null, null, false));
        assertTrue(back.applyTo(new Controls(new PitchRange(60, 62))).likelyFrame());
    }

    @Test
    @DisplayName("a temperature or step count out of range is refused with the range")
    void outOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sampling(50, 25));
        assertEquals("invalid temperature: 50.0 (expected 0.25..4.0)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 0));
        assertEquals("invalid density: 5.0 (expected -4.0..4.0)",
                assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 25, 5)).getMessage());
        assertEquals("invalid frame: 'mode' (expected drawn or likely)",
                assertThrows(IllegalArgumentException.class, () -> Sampling.likelyFrame("mode")).getMessage());
    }
}
