package dev.cadenza.engine.preset;

import dev.cadenza.engine.rnnrbm.RnnRbmKind;
import dev.cadenza.engine.roll.PitchRange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Presets and raw zips for the tests. */
final class PresetSamples {

    /** Bit patterns a careless codec loses: NaN payloads (quiet and signalling), -0.0, subnormals, infinities. */
    static final int[] SPECIAL_BITS = {
        0x7fc00000, 0x7fc00001, 0xffc12345, 0x7f800001, 0x80000000, 0x00000001, 0x007fffff, 0x80000001,
        0x7f800000, 0xff800000, 0x7f7fffff, 0x3f800000,
    };

    private PresetSamples() {
    }

    static Provenance provenance() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("valid.logLikelihood", -7.25);
        metrics.put("valid.accuracy", 0.3125);
        metrics.put("test.nan", Double.NaN);
        return new Provenance("JSB Chorales", "ab".repeat(32), "train", 12, 3.5, 42L, metrics,
                "0.1.0-SNAPSHOT", "0123456789abcdef0123456789abcdef01234567", "2026-11-23T12:00:00Z",
                "17.0.15 (Debian)", "Linux amd64", "test backend", "public domain");
    }

    static Map<String, Object> hyper() {
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("hidden", 3);
        hyper.put("recurrent", 2);
        hyper.put("learningRate", 0.001);
        hyper.put("bigSeed", 1L << 40);
        hyper.put("optimizer", "sgd");
        hyper.put("dropout", false);
        hyper.put("layers", java.util.List.of(300, 300));
        return hyper;
    }

    static PresetManifest manifest(String name) {
        return PresetManifest.of(name, RnnRbmKind.ID, "a tiny test preset", new PitchRange(60, 63), 4,
                hyper(), provenance());
    }

    /** A small preset of several shapes: matrix, vector of special bits, scalar, empty. */
    static Preset tiny(String name) {
        Random random = new Random(7);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("W", Tensor.of(gaussian(random, 12), 4, 3));
        tensors.put("special", Tensor.of(special(), SPECIAL_BITS.length));
        tensors.put("cube", Tensor.of(gaussian(random, 24), 2, 3, 4));
        tensors.put("scalar", Tensor.of(new float[] {2.5f}));
        tensors.put("empty", Tensor.of(new float[0], 0, 5));
        return new Preset(manifest(name), tensors);
    }

    static float[] special() {
        float[] values = new float[SPECIAL_BITS.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(SPECIAL_BITS[i]);
        }
        return values;
    }

    static float[] gaussian(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** A zip of the given entries, in order. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The entries of a zip, in order. */
    static Map<String, byte[]> unzip(byte[] zipBytes) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Raw bits of every element, for bit-for-bit comparisons. */
    static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
