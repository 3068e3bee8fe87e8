package dev.cadenza.engine.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cadenza.engine.roll.PitchRange;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Old files keep loading: {@code presets/format-v1.cadenza} was written by format version 1 and is
 * checked in; it must never be regenerated. When the format changes, add a {@code format-v2.cadenza}
 * and its test beside this one.
 */
class FormatV1PresetTest {

    private static final String RESOURCE = "/presets/format-v1.cadenza";

    @Test
    void aPresetWrittenByFormatVersion1StillLoadsWithEveryValue() throws Exception {
        Preset preset;
        try (InputStream in = FormatV1PresetTest.class.getResourceAsStream(RESOURCE)) {
            preset = PresetFiles.read(in, "format-v1.cadenza");
        }
        checkValues(preset);
    }

    @Test
    void itLoadsFromAPathToo() throws Exception {
        Path file = Path.of(FormatV1PresetTest.class.getResource(RESOURCE).toURI());

        checkValues(PresetFiles.read(file));
    }

    private static void checkValues(Preset preset) {
        PresetManifest manifest = preset.manifest();
        assertEquals(1, manifest.formatVersion());
        assertEquals("format-v1", manifest.name());
        assertEquals("rnnrbm", manifest.kind());
        assertEquals("format version 1 fixture: do not regenerate", manifest.description());
        assertEquals(new PitchRange(60, 63), manifest.range());
        assertEquals(4, manifest.stepsPerQuarter());
        assertEquals(1, preset.hyperInt("window"));
        assertEquals(3, preset.hyperInt("hidden"));
        assertEquals(2, preset.hyperInt("recurrent"));
        assertEquals(0.001, preset.hyperDouble("learningRate"));
        assertEquals("sgd", preset.hyperString("optimizer"));

        Provenance provenance = manifest.provenance();
        assertEquals("JSB Chorales", provenance.dataset());
        assertEquals("0123456789abcdef".repeat(4), provenance.datasetSha256());
        assertEquals("train", provenance.split());
        assertEquals(12, provenance.epochs());
        assertEquals(3.5, provenance.wallTimeSeconds());
        assertEquals(42L, provenance.seed());
        assertEquals(Map.of("valid.logLikelihood", -7.25, "valid.accuracy", 0.3125), provenance.metrics());
        assertEquals("0.1.0-SNAPSHOT", provenance.projectVersion());
        assertEquals("unknown", provenance.commit());
        assertEquals("2026-11-23T12:00:00Z", provenance.createdAt());
        assertEquals("17.0.15 (Debian)", provenance.java());
        assertEquals("Linux amd64", provenance.os());
        assertEquals("none (fixture)", provenance.backend());

        assertEquals(List.of("W", "bv", "bh"), List.copyOf(preset.tensors().keySet()));
        float[] w = new float[12];
        for (int i = 0; i < 12; i++) {
            w[i] = i * 0.25f - 1f;
        }
        assertEquals(Tensor.of(w, 4, 3), preset.tensor("W", 4, 3));
        // bit patterns, NaN and infinity included, survive the container (weights would refuse them)
        assertArrayEquals(new int[] {4}, preset.tensor("bv").shape());
        assertArrayEquals(new int[] {0x7fc00001, 0x80000000, 0x00000001, 0x7f800000},
                PresetSamples.bits(preset.tensor("bv").data()));
        assertArrayEquals(new float[] {1.5f, -2.5f, 1e-3f}, preset.tensor("bh", 3).data());
    }
}
