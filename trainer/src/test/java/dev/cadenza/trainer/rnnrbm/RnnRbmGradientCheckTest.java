package dev.cadenza.trainer.rnnrbm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.roll.PitchRange;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RnnRbmGradientCheckTest {

    @ParameterizedTest(name = "window {0}")
    @ValueSource(ints = {1, 2})
    @DisplayName("the BPTT gradient of every parameter matches central finite differences")
    void gradientMatchesFiniteDifferences(int window) {
        RnnRbmConfig config = new RnnRbmConfig(new PitchRange(60, 64), 4, window, 4, 3);
        RnnRbmNetwork net = new RnnRbmNetwork(config, DataType.DOUBLE, 7);
        Random random = new Random(11);
        // Larger weights than the training init, so that every term of the gradient matters.
        for (INDArray p : net.params().values()) {
            p.assign(Nd4j.randn(DataType.DOUBLE, p.shape()).muli(0.5));
        }
        int length = 3;
        int sequences = 2;
        int rows = length * sequences;
        double[] visible = new double[rows * config.visible()];
        double[] negatives = new double[rows * config.visible()];
        for (int i = 0; i < visible.length; i++) {
            visible[i] = random.nextBoolean() ? 1 : 0;
            negatives[i] = random.nextBoolean() ? 1 : 0;
        }
        // The last window of the second sub-sequence is padding.
        double[] mask = {1, 1, 1, 1, 1, 0};
        Batch batch = new Batch(Nd4j.createFromArray(visible).reshape(rows, config.visible()),
                Nd4j.createFromArray(mask).reshape(rows, 1), length, sequences, 5);
        INDArray neg = Nd4j.createFromArray(negatives).reshape(rows, config.visible());

        Map<String, INDArray> analytic = net.gradient(batch, net.forward(batch), neg).byName();
        double eps = 1e-6;
        for (Map.Entry<String, INDArray> e : net.params().entrySet()) {
            INDArray p = e.getValue();
            INDArray g = analytic.get(e.getKey());
            for (long i = 0; i < p.length(); i++) {
                double original = p.getDouble(i);
                p.putScalar(i, original + eps);
                double plus = net.gradient(batch, net.forward(batch), neg).cost();
                p.putScalar(i, original - eps);
                double minus = net.gradient(batch, net.forward(batch), neg).cost();
                p.putScalar(i, original);
                double numeric = (plus - minus) / (2 * eps);
                double a = g.getDouble(i);
                double error = Math.abs(a - numeric) / Math.max(1e-4, Math.abs(a) + Math.abs(numeric));
                assertTrue(error < 1e-5, e.getKey() + "[" + i + "]: analytic " + a + " vs numeric " + numeric);
            }
        }
    }
}
