package dev.cadenza.presets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.biaxial.BiaxialConditionals;
import dev.cadenza.engine.biaxial.BiaxialKind;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.kernel.Gemm;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shipped biaxial presets give the same probabilities on the Vector API kernels (this JVM) as
 * on the plain loops (a second JVM with {@code -Dcadenza.kernels=plain}), within float rounding.
 */
class KernelsAgreeOnShippedPresetsTest {
    private static final int STEPS = 64;

    @Test
    @DisplayName("every shipped biaxial preset: p(play) and p(articulate) on both kernels agree within 1e-4 over 64 steps")
    void bothKernelsGiveTheSameProbabilities() throws IOException, InterruptedException {
        assertTrue(Gemm.kernels().startsWith("Vector API"), Gemm.kernels());
        List<String> names = Presets.names().stream()
                .filter(n -> Presets.load(n).manifest().kind().equals(BiaxialKind.ID)).toList();
        assertTrue(names.size() >= 3, names.toString());
        for (String name : names) {
            List<Float> vector = probabilities(name);
            Process plain = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dcadenza.kernels=plain", "-cp", System.getProperty("java.class.path"),
                    KernelsAgreeOnShippedPresetsTest.class.getName(), name).redirectErrorStream(true).start();
            String out = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, plain.waitFor(), out);
            String[] lines = out.strip().split("\n");
            assertEquals("plain loops", lines[0], out);
            assertEquals(vector.size(), lines.length - 1, name);
            double worst = 0;
            for (int i = 0; i < vector.size(); i++) {
                worst = Math.max(worst, Math.abs(vector.get(i) - Float.parseFloat(lines[i + 1])));
            }
            assertTrue(worst < 1e-4, name + ": the kernels differ by " + worst);
        }
    }

    /** The probabilities of a seeded random piece, teacher-forced, as one list. */
    private static List<Float> probabilities(String preset) {
        Preset p = Presets.load(preset);
        BiaxialWeights weights = BiaxialWeights.fromPreset(p);
        List<Float> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        try (BiaxialConditionals model = new BiaxialConditionals(weights)) {
            model.reset(1);
            Frame frame = new Frame(weights.config.range());
            int notes = frame.size();
            float[] play = new float[notes];
            float[] articulate = new float[notes];
            for (int t = 0; t < STEPS; t++) {
                frame.clear();
                for (int n = 0; n < notes; n++) {
                    if (random.nextDouble() < 0.08) {
                        frame.set(n, random.nextBoolean() ? Cell.STRUCK : Cell.HELD);
                    }
                }
                model.observe(frame, play, articulate);
                for (int n = 0; n < notes; n++) {
                    out.add(play[n]);
                    out.add(articulate[n]);
                }
            }
        }
        return out;
    }

    /** The plain side: prints which kernels ran, then the probabilities of {@code args[0]}, one a line. */
    public static void main(String[] args) {
        StringBuilder s = new StringBuilder(Gemm.kernels()).append('\n');
        for (float f : probabilities(args[0])) {
            s.append(f).append('\n');
        }
        System.out.print(s);
    }
}
