package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to a bundled preset, at the byte level and at the zip level (entry sizes, names,
 * compression methods, entries dropped or doubled), and a weight made NaN behind valid checksums:
 * {@code cadenza info} and
 * {@code cadenza generate} either refuse it in one line with a non-zero exit, within a bound, or
 * succeed on weights identical to the original's. Never a stack trace, never garbage with exit 0.
 * Seeded, so a failure repeats.
 */
class PresetFuzzTest {
    private static final String RESOURCE = "dev/cadenza/presets/nottingham-rnnrbm.cadenza";

    @TempDir
    Path dir;

    @Test
    @DisplayName("250 damaged copies of a preset: each refused in one line, or read with the original's weights")
    void damagedPresetsAreRefusedInOneLine() throws Exception {
        byte[] original = bundled();
        Preset reference = PresetFiles.read(new java.io.ByteArrayInputStream(original), "reference");
        Random random = new Random(2026_12_07L);
        List<byte[]> mutants = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            mutants.add(byteMutant(original, random));
        }
        for (int i = 0; i < 100; i++) {
            mutants.add(zipMutant(original, random));
        }
        int refused = 0;
        for (int i = 0; i < mutants.size(); i++) {
            Path file = dir.resolve("mutant-" + i + ".cadenza");
            Files.write(file, mutants.get(i));
            boolean loads = i % 10 == 0; // every tenth also through generate, which builds the model
            String[] args = loads
                    ? new String[] {"generate", "--preset", file.toString(), "--bars", "1", "-o", dir.resolve("g.mid").toString()}
                    : new String[] {"info", file.toString()};
            CommandRun run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CommandRun.of(args),
                    file + " took too long");
            if (run.status() == 0) {
                Preset read = PresetFiles.read(file);
                assertEquals(reference.tensors().keySet(), read.tensors().keySet(), file.toString());
                for (Map.Entry<String, Tensor> e : reference.tensors().entrySet()) {
                    assertEquals(e.getValue(), read.tensors().get(e.getKey()), file + ": " + e.getKey() + " changed");
                }
            } else {
                refused++;
                assertEquals(1, run.err().lines().count(), file + ": " + run.err());
                assertTrue(run.err().startsWith("cadenza " + args[0] + ": "), run.err());
                assertTrue(run.err().contains(file.toString()) || run.err().contains("'nottingham-rnnrbm'"),
                        "the message names the preset: " + run.err());
                assertFalse(run.err().contains("\tat ") || run.err().contains("Caused by"), "a stack trace: " + run.err());
            }
        }
        // some damage only touches what no reader checks (a timestamp, the zip's own extra fields)
        assertTrue(refused > mutants.size() / 2, "only " + refused + " of " + mutants.size() + " refused");
    }

    @Test
    @DisplayName("a weight that is NaN behind valid checksums is refused at load, naming the array and the element")
    void aNonFiniteWeightIsRefusedAtLoad() throws Exception {
        Preset reference = PresetFiles.read(new java.io.ByteArrayInputStream(bundled()), "reference");
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>(reference.tensors());
        float[] w = tensors.get("W").data().clone();
        w[7] = Float.POSITIVE_INFINITY;
        tensors.put("W", new Tensor(tensors.get("W").shape(), w));
        Path file = dir.resolve("diverged.cadenza");
        PresetFiles.write(new Preset(reference.manifest(), tensors), file);

        CommandRun run = CommandRun.of("generate", "--preset", file.toString(), "-o", dir.resolve("x.mid").toString());

        assertEquals(1, run.status());
        assertEquals("cadenza generate: preset 'nottingham-rnnrbm': array 'W' holds Infinity at element 7 (expected"
                + " finite weights): it is damaged or from a training run that diverged; retrain it\n", run.err());
        assertFalse(Files.exists(dir.resolve("x.mid")));
    }

    private static byte[] bundled() throws IOException {
        try (InputStream in = PresetFuzzTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in.readAllBytes();
        }
    }

    /** Flipped or set bytes, a cut, or a slice copied elsewhere. */
    private static byte[] byteMutant(byte[] original, Random random) {
        byte[] b = original.clone();
        int at = random.nextInt(b.length);
        switch (random.nextInt(4)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = (byte) random.nextInt(256);
            case 2 -> b = Arrays.copyOf(b, at);
            default -> {
                int from = random.nextInt(b.length);
                int n = Math.min(Math.min(b.length - from, b.length - at), 1 + random.nextInt(256));
                System.arraycopy(original, from, b, at, n);
            }
        }
        return b;
    }

    /**
     * Rewrites the zip with one entry damaged: renamed, stored instead of deflated, doubled under a
     * path-like name, dropped, its declared sizes in the local header changed, or its first weight
     * set to NaN (which its checksum catches).
     */
    private static byte[] zipMutant(byte[] original, Random random) throws IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(original))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                bodies.add(in.readAllBytes());
            }
        }
        int victim = random.nextInt(names.size());
        int kind = random.nextInt(6);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                byte[] body = bodies.get(i);
                if (i == victim) {
                    if (kind == 0) {
                        name = name.replace('.', '_');
                    } else if (kind == 1) {
                        continue;
                    } else if (kind == 2 && name.endsWith(".npy") && body.length >= 132) {
                        body = body.clone(); // the first float after the 128-byte .npy header
                        ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).putFloat(128, Float.NaN);
                    }
                }
                ZipEntry entry = new ZipEntry(name);
                if (i == victim && kind == 3) {
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(body.length);
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(body);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(body);
                zip.closeEntry();
                if (i == victim && kind == 4) {
                    zip.putNextEntry(new ZipEntry(name + "/../" + name)); // a second, path-like name
                    zip.write(body);
                    zip.closeEntry();
                }
            }
        }
        byte[] b = out.toByteArray();
        if (kind == 5) { // the first local header's compressed and uncompressed sizes
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(18, random.nextInt()).putInt(22, random.nextInt());
        }
        return b;
    }
}
