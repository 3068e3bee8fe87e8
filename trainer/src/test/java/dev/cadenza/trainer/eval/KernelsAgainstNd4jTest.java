package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cadenza.engine.kernel.Activations;
import dev.cadenza.engine.kernel.Gemm;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The project's own kernels, which the evaluation's chains ({@link ChainBlock}) and the trainers
 * run on, checked against ND4J as an independent oracle: both products of {@link Gemm} at sizes
 * the chains use (rows not a multiple of the 4-row unrolling, columns past a 256-column block) and
 * the sigmoid of {@link Activations}.
 */
class KernelsAgainstNd4jTest {
    private static final Random RANDOM = new Random(11);

    @Test
    @DisplayName("Gemm.mulAdd and mulAddTransposedA agree with ND4J's gemm to float rounding")
    void productsAgree() {
        int rows = 37;
        int k = 91;
        int columns = 301;
        float[] a = random(rows * k);
        float[] b = random(k * columns);
        float[] c0 = random(rows * columns);
        float[][] c = Gemm.rows(c0.clone(), rows, columns);
        Gemm.mulAdd(Gemm.rows(a, rows, k), 0, rows, 0, k, Gemm.rows(b, k, columns), 0, c, 0, columns);
        INDArray expected = Nd4j.create(c0.clone(), new long[] {rows, columns}, 'c');
        Nd4j.gemm(Nd4j.create(a, new long[] {rows, k}, 'c'), Nd4j.create(b, new long[] {k, columns}, 'c'), expected,
                false, false, 1.0, 1.0);
        assertClose(expected.data().asFloat(), c, k);

        // dW += x^T dz: x [rows x k], dz [rows x columns], dW [k x columns]
        float[] x = random(rows * k);
        float[] dz = random(rows * columns);
        float[] dw0 = random(k * columns);
        float[][] dw = Gemm.rows(dw0.clone(), k, columns);
        Gemm.mulAddTransposedA(Gemm.rows(x, rows, k), 0, k, Gemm.rows(dz, rows, columns), 0, rows, dw, 0, 0, columns);
        INDArray expectedDw = Nd4j.create(dw0.clone(), new long[] {k, columns}, 'c');
        Nd4j.gemm(Nd4j.create(x, new long[] {rows, k}, 'c'), Nd4j.create(dz, new long[] {rows, columns}, 'c'),
                expectedDw, true, false, 1.0, 1.0);
        assertClose(expectedDw.data().asFloat(), dw, rows);
    }

    @Test
    @DisplayName("Activations.sigmoid agrees with ND4J's over the range the chains meet, saturation included")
    void sigmoidAgrees() {
        float[] z = new float[2001];
        for (int i = 0; i < z.length; i++) {
            z[i] = (i - 1000) * 0.05f; // -50 .. 50
        }
        float[] ours = z.clone();
        Activations.sigmoid(ours, 0, ours.length);
        float[] theirs = Transforms.sigmoid(Nd4j.create(z.clone()), true).data().asFloat();
        for (int i = 0; i < z.length; i++) {
            assertEquals(theirs[i], ours[i], 2e-6f, "sigmoid(" + z[i] + ")");
        }
    }

    /** Within float rounding of a sum of {@code terms} products of values in [-1, 1]. */
    private static void assertClose(float[] expected, float[][] actual, int terms) {
        float tolerance = 4e-7f * terms;
        int columns = actual[0].length;
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < columns; j++) {
                assertEquals(expected[i * columns + j], actual[i][j], tolerance, "[" + i + "][" + j + "]");
            }
        }
    }

    private static float[] random(int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = RANDOM.nextFloat() * 2 - 1;
        }
        return values;
    }
}
