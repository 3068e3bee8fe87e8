package dev.cadenza.engine.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NumPy, an independent implementation of the {@code .npy} format, reads our presets and writes the
 * same bytes we do. Needs {@code python3} with NumPy ({@code apt-get install -y python3-numpy});
 * skipped where it is missing, except under {@code CI=true}, where that is a failure.
 */
class NumpyCompatibilityTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void needsNumpy() throws InterruptedException {
        String problem;
        try {
            Process process = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            problem = process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0 ? null
                    : "python3 cannot import numpy";
        } catch (IOException e) {
            problem = "python3 not found (" + e.getMessage() + ")";
        }
        if (problem != null) {
            String message = problem + ": install it with `apt-get install -y python3-numpy`";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }

    @Test
    void numpyLoadsEveryArrayOfAPresetWithItsShapeAndBits() throws Exception {
        Random random = new Random(11);
        Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("W", Tensor.of(PresetSamples.gaussian(random, 88 * 15), 88, 15));
        tensors.put("bv", Tensor.of(PresetSamples.gaussian(random, 88), 88));
        tensors.put("special", Tensor.of(PresetSamples.special(), PresetSamples.SPECIAL_BITS.length));
        tensors.put("cube", Tensor.of(PresetSamples.gaussian(random, 24), 2, 3, 4));
        tensors.put("scalar", Tensor.of(new float[] {2.5f}));
        tensors.put("empty", Tensor.of(new float[0], 0, 5));
        Path file = dir.resolve("np.cadenza");
        PresetFiles.write(new Preset(PresetSamples.manifest("np"), tensors), file);

        // numpy.load opens the preset itself: a zip of .npy files is what it calls an .npz
        String script = String.join("\n",
                "import sys, json, zipfile, hashlib, numpy as np",
                "path = sys.argv[1]",
                "archive = zipfile.ZipFile(path)",
                "manifest = json.loads(archive.read('preset.json'))",
                "npz = np.load(path)",
                "for name, entry in manifest['arrays'].items():",
                "    a = npz[name]",
                "    ok = hashlib.sha256(archive.read(entry['file'])).hexdigest() == entry['sha256']",
                "    bits = int(a.view('<u4').astype(np.uint64).sum())",
                "    total = float(a.astype(np.float64).sum()) if np.all(np.isfinite(a)) else 0.0",
                "    print(name, a.dtype.str, ','.join(map(str, a.shape)), bits, repr(total), ok,"
                        + " a.flags['C_CONTIGUOUS'])");
        List<String> lines = python(script, file.toString());

        assertEquals(tensors.size(), lines.size(), String.join("\n", lines));
        Map<String, String[]> byName = new HashMap<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            byName.put(fields[0], fields);
        }
        for (Map.Entry<String, Tensor> named : tensors.entrySet()) {
            String[] fields = byName.get(named.getKey());
            Tensor tensor = named.getValue();
            assertEquals("<f4", fields[1], named.getKey());
            assertEquals(Arrays.stream(tensor.shape()).mapToObj(String::valueOf).reduce((a, b) -> a + "," + b)
                    .orElse(""), fields[2], named.getKey() + " shape");
            assertEquals(bitSum(tensor.data()), Long.parseLong(fields[3]), named.getKey() + " bits");
            if (!named.getKey().equals("special")) {
                assertEquals(sum(tensor.data()), Double.parseDouble(fields[4]), 1e-9, named.getKey() + " sum");
            }
            assertEquals("True", fields[5], named.getKey() + " sha256 as Python computes it");
            assertEquals("True", fields[6], named.getKey() + " C order");
        }
    }

    @Test
    void numpySaveWritesExactlyTheBytesWeWrite() throws Exception {
        String script = String.join("\n",
                "import sys, numpy as np",
                "out = sys.argv[1]",
                "np.save(out + '/matrix.npy', np.arange(6, dtype='<f4').reshape(2, 3))",
                "np.save(out + '/vector.npy', np.array([1.5, -0.0, 3.25], dtype='<f4'))",
                "np.save(out + '/scalar.npy', np.array(2.5, dtype='<f4'))",
                "np.save(out + '/empty.npy', np.zeros((0, 5), dtype='<f4'))",
                "np.save(out + '/cube.npy', np.arange(24, dtype='<f4').reshape(2, 3, 4))");
        python(script, dir.toString());

        assertSameAsNumpy("matrix", Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3));
        assertSameAsNumpy("vector", Tensor.of(new float[] {1.5f, -0.0f, 3.25f}, 3));
        assertSameAsNumpy("scalar", Tensor.of(new float[] {2.5f}));
        assertSameAsNumpy("empty", Tensor.of(new float[0], 0, 5));
        float[] cube = new float[24];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = i;
        }
        assertSameAsNumpy("cube", Tensor.of(cube, 2, 3, 4));
    }

    private void assertSameAsNumpy(String name, Tensor tensor) throws IOException {
        byte[] numpyBytes = Files.readAllBytes(dir.resolve(name + ".npy"));
        assertArrayEquals(numpyBytes, Npy.encode(tensor), name + ": our bytes differ from numpy.save's");
        assertEquals(tensor, Npy.decode(numpyBytes, name + ".npy"), name + ": we misread numpy.save's file");
    }

    private static List<String> python(String script, String argument) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", "-c", script, argument).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("python3 did not finish: " + output);
        }
        assertEquals(0, process.exitValue(), "python3 failed:\n" + output);
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private static long bitSum(float[] data) {
        long sum = 0;
        for (float value : data) {
            sum += Integer.toUnsignedLong(Float.floatToRawIntBits(value));
        }
        return sum;
    }

    private static double sum(float[] data) {
        double sum = 0;
        for (float value : data) {
            sum += value;
        }
        return sum;
    }
}
