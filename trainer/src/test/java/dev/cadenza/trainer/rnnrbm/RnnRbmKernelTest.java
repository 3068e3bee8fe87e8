package dev.cadenza.trainer.rnnrbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.eval.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RnnRbmKernelTest {
    private static final int LENGTH = 4;

    private static int[][] randomWindows(RnnRbmConfig config, Random random) {
        int[][] out = new int[LENGTH][];
        for (int t = 0; t < LENGTH; t++) {
            List<Integer> on = new ArrayList<>();
            for (int i = 0; i < config.visible(); i++) {
                if (random.nextBoolean()) {
                    on.add(i);
                }
            }
            out[t] = on.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static double cost(RnnRbmKernel kernel, RnnRbmWeights w, int[][] data, int[][] negatives, boolean rbmOnly) {
        kernel.prepare(w);
        return kernel.accumulate(w, data, 1, 1.0, new SplittableRandom(0), new RnnRbmGradient(w.config), negatives, rbmOnly);
    }

    @ParameterizedTest(name = "window {0}, pretraining {1}, key input {2}")
    @CsvSource({"1, false, 0", "2, false, 0", "1, true, 0", "1, false, -0.8333", "2, false, 0.5", "1, true, 1"})
    @DisplayName("the kernel's gradient of every parameter, the key input's weights included, matches central finite"
            + " differences of its cost")
    void gradientMatchesFiniteDifferences(int window, boolean rbmOnly, double key) {
        RnnRbmConfig config = new RnnRbmConfig(new PitchRange(60, 64), 4, window, 4, 3, false, key != 0);
        RnnRbmWeights w = RnnRbmWeights.random(config, 7, 0.5);
        Random random = new Random(11);
        int[][] data = randomWindows(config, random);
        int[][] negatives = randomWindows(config, random);
        RnnRbmKernel kernel = new RnnRbmKernel(config, LENGTH);
        kernel.key(key);
        RnnRbmGradient analytic = new RnnRbmGradient(config);
        kernel.prepare(w);
        kernel.accumulate(w, data, 1, 1.0, new SplittableRandom(0), analytic, negatives, rbmOnly);
        int checked = 0;
        for (Map.Entry<String, float[]> e : w.arrays().entrySet()) {
            float[] p = e.getValue();
            double[] g = analytic.arrays().get(e.getKey());
            for (int i = 0; i < p.length; i++) {
                float original = p[i];
                float plus = original + 1e-3f;
                float minus = original - 1e-3f;
                p[i] = plus;
                double costPlus = cost(kernel, w, data, negatives, rbmOnly);
                p[i] = minus;
                double costMinus = cost(kernel, w, data, negatives, rbmOnly);
                p[i] = original;
                double numeric = (costPlus - costMinus) / ((double) plus - (double) minus);
                double error = Math.abs(g[i] - numeric) / Math.max(1e-3, Math.abs(g[i]) + Math.abs(numeric));
                assertTrue(error < 1e-3, e.getKey() + "[" + i + "]: analytic " + g[i] + " vs numeric " + numeric);
                if (g[i] != 0) {
                    checked++;
                }
            }
        }
        assertTrue(checked > 20, "only " + checked + " non-zero gradient entries were checked");
    }

    @Test
    @DisplayName("the kernel's gradient equals an independent batched ND4J formulation of the same cost")
    void gradientMatchesTheNd4jFormulation() {
        RnnRbmConfig config = new RnnRbmConfig(new PitchRange(60, 71), 4, 1, 7, 5);
        RnnRbmWeights w = RnnRbmWeights.random(config, 3, 0.5);
        Random random = new Random(4);
        int[][] data = randomWindows(config, random);
        int[][] negatives = randomWindows(config, random);
        RnnRbmKernel kernel = new RnnRbmKernel(config, LENGTH);
        RnnRbmGradient g = new RnnRbmGradient(config);
        kernel.prepare(w);
        double cost = kernel.accumulate(w, data, 1, 1.0 / LENGTH, new SplittableRandom(0), g, negatives);

        RnnRbmNetwork net = new RnnRbmNetwork(config, DataType.DOUBLE, 0);
        w.arrays().forEach((name, a) -> net.params().get(name)
                .assign(Nd4j.createFromArray(a).castTo(DataType.DOUBLE).reshape(net.params().get(name).shape())));
        Batch batch = new Batch(dense(config, data), Nd4j.ones(DataType.DOUBLE, LENGTH, 1), LENGTH, 1, LENGTH);
        RnnRbmNetwork.Gradient reference = net.gradient(batch, net.forward(batch), dense(config, negatives));
        assertEquals(reference.cost(), cost, 1e-9 * Math.max(1, Math.abs(cost)));
        for (Map.Entry<String, INDArray> e : reference.byName().entrySet()) {
            double[] expected = e.getValue().dup('c').data().asDouble();
            double[] actual = g.arrays().get(e.getKey());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-9, e.getKey() + "[" + i + "]");
            }
        }
    }

    private static INDArray dense(RnnRbmConfig config, int[][] windows) {
        double[] d = new double[windows.length * config.visible()];
        for (int t = 0; t < windows.length; t++) {
            for (int i : windows[t]) {
                d[t * config.visible() + i] = 1;
            }
        }
        return Nd4j.createFromArray(d).reshape(windows.length, config.visible());
    }

    @Test
    @DisplayName("the validation accuracy is each window's expected TP / (TP + FP + FN) over the chain's draws")
    void predictScoresTheChainsDraws() {
        // no weights, bv = (0, ln 3): the two notes are independent with p = 1/2 and 3/4 whatever
        // came before, so over the draws 00 10 01 11 (1/8 1/8 3/8 3/8) window "10" scores
        // 0 1 0 1/2 (expected 5/16) and window "11" scores 0 1/2 1/2 1 (expected 10/16)
        RnnRbmConfig config = new RnnRbmConfig(new PitchRange(60, 61), 1, 1, 2, 2);
        RnnRbmWeights weights = new RnnRbmWeights(config);
        weights.bv[1] = (float) Math.log(3);
        int[][] sequence = {{0}, {0, 1}};
        RnnRbmKernel kernel = new RnnRbmKernel(config, sequence.length);
        kernel.prepare(weights);
        double[] counts = new double[2];

        kernel.predict(weights, sequence, 40_000, 40_000, new SplittableRandom(3), counts);

        assertEquals(2, counts[1]);
        assertEquals(5.0 / 16 + 10.0 / 16, counts[0], 0.01);
    }

    @Test
    @DisplayName("the training chain draws from the RBM: its expected accuracy matches exact enumeration with coupled units")
    void chainSamplesTheRbmsDistribution() {
        // 3 visible and 2 hidden units with strong weights, so the units are far from independent;
        // the first window's RBM has the static biases (u_0 = 0)
        RnnRbmConfig config = new RnnRbmConfig(new PitchRange(60, 62), 1, 1, 2, 2);
        RnnRbmWeights weights = new RnnRbmWeights(config);
        float[] w = {1.5f, -1.0f, -2.0f, 1.2f, 0.8f, 1.6f};
        System.arraycopy(w, 0, weights.w, 0, w.length);
        float[] bv = {-0.5f, 0.3f, -1.0f};
        System.arraycopy(bv, 0, weights.bv, 0, bv.length);
        weights.bh[0] = 0.4f;
        weights.bh[1] = -0.7f;
        int[] truth = {0, 2};
        double z = 0;
        double expected = 0;
        for (int code = 0; code < 8; code++) {
            double logP = 0;
            int tp = 0;
            int predicted = 0;
            double[] hidden = {weights.bh[0], weights.bh[1]};
            for (int i = 0; i < 3; i++) {
                if ((code >> i & 1) == 1) {
                    logP += bv[i];
                    predicted++;
                    tp += i == 0 || i == 2 ? 1 : 0;
                    hidden[0] += w[i * 2];
                    hidden[1] += w[i * 2 + 1];
                }
            }
            double p = Math.exp(logP) * (1 + Math.exp(hidden[0])) * (1 + Math.exp(hidden[1]));
            z += p;
            expected += p * Evaluation.frameAccuracy(tp, predicted, truth.length);
        }
        expected /= z;
        RnnRbmKernel kernel = new RnnRbmKernel(config, 1);
        kernel.prepare(weights);
        double[] counts = new double[2];

        kernel.predict(weights, new int[][] {truth}, 200_000, 190_000, new SplittableRandom(11), counts);

        assertEquals(1, counts[1]);
        assertEquals(expected, counts[0], 0.005);
    }

    @Test
    @DisplayName("chains started at the data keep a sticky mode; started where the sampler starts, they meet the other one")
    void negativesFromTheBiasMeetTheSamplersModes() {
        // two visible units bound to one hidden unit so strongly that both all-on and all-off keep themselves
        RnnRbmConfig config = new RnnRbmConfig(new PitchRange(60, 61), 1, 1, 1, 1);
        RnnRbmWeights weights = new RnnRbmWeights(config);
        weights.w[0] = 20f;
        weights.w[1] = 20f;
        weights.bv[0] = -10f;
        weights.bv[1] = -10f;
        weights.bh[0] = -10f;
        int[][] bothOn = {{0, 1}};
        RnnRbmKernel kernel = new RnnRbmKernel(config, 1);
        kernel.prepare(weights);
        RnnRbmGradient fromData = new RnnRbmGradient(config);
        kernel.accumulate(weights, bothOn, 3, 1.0, new SplittableRandom(1), fromData, null);
        kernel.negativesFromBias(true);
        RnnRbmGradient fromBias = new RnnRbmGradient(config);
        kernel.accumulate(weights, bothOn, 3, 1.0, new SplittableRandom(1), fromBias, null);
        // from the data the chain stays at the data: nothing to learn; from the bias it stays silent,
        // and the gradient lowers the data's energy against the silent mode
        assertEquals(0, fromData.w[0], 1e-6);
        assertEquals(0, fromData.w[1], 1e-6);
        assertTrue(fromBias.w[0] < -0.9 && fromBias.w[1] < -0.9, fromBias.w[0] + ", " + fromBias.w[1]);
    }

    @Test
    @DisplayName("with own samples the RNN hears the model's draws instead of the data: here the silent mode it falls into")
    void ownSamplesFeedTheRnnTheModelsDraws() {
        RnnRbmConfig config = new RnnRbmConfig(new PitchRange(60, 61), 1, 1, 1, 2);
        RnnRbmWeights weights = RnnRbmWeights.random(config, 5, 0.5);
        weights.w[0] = 20f; // the sticky modes of the test above: drawn from the bias, the chain stays silent
        weights.w[1] = 20f;
        weights.bv[0] = -10f;
        weights.bv[1] = -10f;
        weights.bh[0] = -10f;
        int[][] data = {{0, 1}, {0, 1}, {0, 1}};
        RnnRbmKernel kernel = new RnnRbmKernel(config, data.length);
        kernel.negativesFromBias(true);
        kernel.prepare(weights);
        RnnRbmGradient teacher = new RnnRbmGradient(config);
        kernel.accumulate(weights, data, 3, 1.0, new SplittableRandom(1), teacher, null);
        kernel.ownSamples(1);
        RnnRbmGradient own = new RnnRbmGradient(config);
        kernel.accumulate(weights, data, 3, 1.0, new SplittableRandom(1), own, null);
        // Wvu's gradient comes only from the units the RNN heard: the data's under teacher forcing,
        // none when it heard the silent draws
        assertTrue(java.util.Arrays.stream(teacher.wvu).anyMatch(g -> Math.abs(g) > 1e-9),
                java.util.Arrays.toString(teacher.wvu));
        assertTrue(java.util.Arrays.stream(own.wvu).allMatch(g -> g == 0), java.util.Arrays.toString(own.wvu));
        // and the frames to learn stay the data's: both lower the data's energy against the silent draws
        assertTrue(own.w[0] < -0.9 && own.w[1] < -0.9, own.w[0] + ", " + own.w[1]);
    }
}
