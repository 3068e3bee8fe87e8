package dev.cadenza.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The Vector API products against the plain loops, on shapes that hit every tile and every tail. */
class VectorGemmTest {

    @Test
    @DisplayName("the tests run the kernels the launcher runs: the Vector API's")
    void testsRunTheVectorKernels() {
        assertTrue(Gemm.kernels().startsWith("Vector API, "), Gemm.kernels());
    }

    @Test
    @DisplayName("a x b: the Vector API's sums are the plain loops' within float rounding, every tile and tail")
    void mulAddMatchesThePlainLoops() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{1, 1, 1}, {3, 5, 16}, {4, 7, 32}, {5, 9, 33}, {9, 37, 100}, {13, 64, 80}, {78, 300, 1200},
            {8, 1, 64}, {2, 600, 47}, {11, 20, 51}, {17, 10, 60}, {7, 33, 36}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            int aCol = random.nextInt(3);
            int bRow = random.nextInt(3);
            int i0 = m > 2 ? 1 : 0;
            int j0 = n > 20 ? 3 : 0;
            float[][] a = matrix(m, aCol + k, random);
            float[][] b = matrix(bRow + k, n, random);
            float[][] c = matrix(m, n, random);
            float[][] expected = copy(c);
            Gemm.plainMulAdd(a, i0, m, aCol, k, b, bRow, expected, j0, n);
            VectorGemm.mulAdd(a, i0, m, aCol, k, b, bRow, c, j0, n);
            assertClose(expected, c, k, "mulAdd " + m + "x" + k + "x" + n);
        }
    }

    @Test
    @DisplayName("a^T x b: the Vector API's sums are the plain loops' within float rounding, blocks of rows included")
    void transposedProductMatchesThePlainLoops() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] shapes = {{1, 1, 1}, {5, 3, 16}, {7, 4, 32}, {9, 5, 33}, {37, 9, 100}, {1100, 13, 70}, {600, 6, 1200}};
        for (int[] shape : shapes) {
            int rows = shape[0];
            int k = shape[1];
            int n = shape[2];
            int aCol = random.nextInt(3);
            int cRow = random.nextInt(3);
            int i0 = rows > 2 ? 1 : 0;
            int j0 = n > 20 ? 5 : 0;
            float[][] a = matrix(rows, aCol + k, random);
            float[][] b = matrix(rows, n, random);
            float[][] c = matrix(cRow + k, n, random);
            float[][] expected = copy(c);
            Gemm.plainMulAddTransposedA(a, aCol, k, b, i0, rows, expected, cRow, j0, n);
            VectorGemm.mulAddTransposedA(a, aCol, k, b, i0, rows, c, cRow, j0, n);
            assertClose(expected, c, rows, "transposed " + rows + "x" + k + "x" + n);
        }
    }

    @Test
    @DisplayName("a binary vector x a matrix: the Vector API's sums are the plain loops' to the bit, tails included")
    void sumRowsMatchesThePlainLoopsExactly() {
        SplittableRandom random = new SplittableRandom(13);
        for (int len : new int[] {16, 17, 31, 64, 88, 150, 176, 300}) {
            float[][] rows = matrix(90, len, random);
            float[] bias = matrix(1, len, random)[0];
            int[] on = new int[90];
            int count = 0;
            for (int i = 0; i < 90; i++) {
                on[count] = i;
                count += random.nextInt(3) == 0 ? 1 : 0;
            }
            float[] expected = new float[len];
            float[] actual = new float[len];
            Gemm.plainSumRows(rows, on, count, bias, expected, 0, len);
            VectorGemm.sumRows(rows, on, count, bias, actual, len);
            for (int j = 0; j < len; j++) {
                assertEquals(Float.floatToIntBits(expected[j]), Float.floatToIntBits(actual[j]),
                        "sumRows " + len + " [" + j + "]: " + expected[j] + " vs " + actual[j]);
            }
        }
    }

    @Test
    @DisplayName("Bernoulli draws: the Vector API's are the plain loops' unit for unit, near the threshold too")
    void bernoulliMatchesThePlainLoopsExactly() {
        SplittableRandom random = new SplittableRandom(17);
        for (int n : new int[] {16, 23, 88, 150, 176}) {
            float[] logits = new float[n];
            float[] uniforms = new float[n];
            for (int i = 0; i < n; i++) {
                logits[i] = (float) (random.nextDouble() * 24 - 12);
                float scale = 1.1f;
                float shift = 0.2f;
                // every third uniform is the probability itself, where a rounding difference would show
                uniforms[i] = i % 3 == 0 ? Activations.sigmoid((logits[i] + shift) * scale) : (float) random.nextDouble();
            }
            float[] expected = new float[n];
            float[] actual = new float[n];
            Activations.plainBernoulli(logits, 0.2f, 1.1f, uniforms, expected, 0, n);
            VectorActivations.bernoulli(logits, 0.2f, 1.1f, uniforms, actual, n);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], actual[i], "bernoulli " + n + " [" + i + "]");
            }
            Activations.plainBernoulli(logits, 0f, 1f, uniforms, expected, 0, n);
            VectorActivations.bernoulli(logits, 0f, 1f, uniforms, actual, n);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i], actual[i], "bernoulli at temperature 1 " + n + " [" + i + "]");
            }
        }
    }

    private static void assertClose(float[][] expected, float[][] actual, int terms, String what) {
        // each sum has `terms` products of numbers below 1: rounding grows with its length
        double tolerance = 1e-6 * terms + 1e-6;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual[i][j], tolerance, what + " [" + i + "][" + j + "]");
            }
        }
    }

    private static float[][] matrix(int rows, int columns, SplittableRandom random) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) (random.nextDouble() * 2 - 1);
            }
        }
        return m;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
