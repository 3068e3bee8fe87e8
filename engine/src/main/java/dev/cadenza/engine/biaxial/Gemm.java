package dev.cadenza.engine.biaxial;

/**
 * Matrix products on row arrays ({@code float[rows][columns]}), written so that C2 vectorises the
 * inner loop: each row of the result is updated as {@code c[j] += x * b[j]} over the same column
 * range of two distinct row arrays, six result rows at a time, so that each loaded row of
 * {@code b} feeds six fused updates. Rows as separate arrays matter: with one flat array and two
 * offsets the JIT cannot rule out overlap and falls back to scalar code (measured here: 6 against
 * 42 GFLOPS). The loops over {@code k} are blocked so that the rows of {@code b} in use stay in
 * the core's cache.
 *
 * <p>Allocation-free and stateless: real-time safe, and safe to call from several threads on
 * disjoint rows of {@code c}.
 */
public final class Gemm {
    /** Rows of {@code b} per block: 128 rows of 1200 floats (600 KB) stay in a 1-2 MB L2 cache. */
    private static final int K_BLOCK = 128;
    /** Rows of {@code b} per block in the transposed product. */
    private static final int I_BLOCK = 128;

    private Gemm() {
    }

    /**
     * {@code c[i][j] += sum over p < k of a[i][aCol + p] * b[bRow + p][j]} for rows
     * {@code i0 <= i < i1} and columns {@code j0 <= j < j1}.
     */
    public static void mulAdd(float[][] a, int i0, int i1, int aCol, int k, float[][] b, int bRow,
            float[][] c, int j0, int j1) {
        for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
            int p1 = Math.min(k, p0 + K_BLOCK);
            int i = i0;
            for (; i + 5 < i1; i += 6) {
                float[] a0 = a[i];
                float[] a1 = a[i + 1];
                float[] a2 = a[i + 2];
                float[] a3 = a[i + 3];
                float[] a4 = a[i + 4];
                float[] a5 = a[i + 5];
                float[] c0 = c[i];
                float[] c1 = c[i + 1];
                float[] c2 = c[i + 2];
                float[] c3 = c[i + 3];
                float[] c4 = c[i + 4];
                float[] c5 = c[i + 5];
                for (int p = p0; p < p1; p++) {
                    int q = aCol + p;
                    float x0 = a0[q];
                    float x1 = a1[q];
                    float x2 = a2[q];
                    float x3 = a3[q];
                    float x4 = a4[q];
                    float x5 = a5[q];
                    float[] bp = b[bRow + p];
                    for (int j = j0; j < j1; j++) {
                        float bv = bp[j];
                        c0[j] += x0 * bv;
                        c1[j] += x1 * bv;
                        c2[j] += x2 * bv;
                        c3[j] += x3 * bv;
                        c4[j] += x4 * bv;
                        c5[j] += x5 * bv;
                    }
                }
            }
            for (; i < i1; i++) {
                float[] ai = a[i];
                float[] ci = c[i];
                for (int p = p0; p < p1; p++) {
                    float x = ai[aCol + p];
                    if (x != 0f) {
                        axpy(x, b[bRow + p], ci, j0, j1);
                    }
                }
            }
        }
    }

    /**
     * {@code c[cRow + p][j] += sum over i0 <= i < i1 of a[i][aCol + p] * b[i][j]} for
     * {@code p < k} and columns {@code j0 <= j < j1}: a product with the transpose of {@code a},
     * as weight gradients need ({@code dW += x^T dz}).
     */
    public static void mulAddTransposedA(float[][] a, int aCol, int k, float[][] b, int i0, int i1,
            float[][] c, int cRow, int j0, int j1) {
        for (int ib = i0; ib < i1; ib += I_BLOCK) {
            int ie = Math.min(i1, ib + I_BLOCK);
            int p = 0;
            for (; p + 5 < k; p += 6) {
                float[] c0 = c[cRow + p];
                float[] c1 = c[cRow + p + 1];
                float[] c2 = c[cRow + p + 2];
                float[] c3 = c[cRow + p + 3];
                float[] c4 = c[cRow + p + 4];
                float[] c5 = c[cRow + p + 5];
                int q = aCol + p;
                for (int i = ib; i < ie; i++) {
                    float[] ai = a[i];
                    float x0 = ai[q];
                    float x1 = ai[q + 1];
                    float x2 = ai[q + 2];
                    float x3 = ai[q + 3];
                    float x4 = ai[q + 4];
                    float x5 = ai[q + 5];
                    float[] bi = b[i];
                    for (int j = j0; j < j1; j++) {
                        float bv = bi[j];
                        c0[j] += x0 * bv;
                        c1[j] += x1 * bv;
                        c2[j] += x2 * bv;
                        c3[j] += x3 * bv;
                        c4[j] += x4 * bv;
                        c5[j] += x5 * bv;
                    }
                }
            }
            for (; p < k; p++) {
                float[] cp = c[cRow + p];
                for (int i = ib; i < ie; i++) {
                    float x = a[i][aCol + p];
                    if (x != 0f) {
                        axpy(x, b[i], cp, j0, j1);
                    }
                }
            }
        }
    }

    /** {@code c[j] += x * b[j]} for {@code j0 <= j < j1}. */
    public static void axpy(float x, float[] b, float[] c, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            c[j] += x * b[j];
        }
    }

    /** Copies {@code rows} rows of a flat row-major matrix with {@code columns} columns into row arrays. */
    public static float[][] rows(float[] flat, int rows, int columns) {
        if ((long) rows * columns != flat.length) {
            throw new IllegalArgumentException("a " + rows + " x " + columns + " matrix needs " + (long) rows * columns
                    + " floats, got " + flat.length);
        }
        float[][] m = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, m[r], 0, columns);
        }
        return m;
    }

    /** The transpose of a row-array matrix, as row arrays: {@code [columns][rows]}. */
    public static float[][] transpose(float[][] m, int columns) {
        float[][] t = new float[columns][m.length];
        transposeInto(m, columns, t);
        return t;
    }

    /** Writes the transpose of {@code m} into {@code t} ({@code t[j][i] = m[i][j]}). */
    public static void transposeInto(float[][] m, int columns, float[][] t) {
        for (int i = 0; i < m.length; i++) {
            float[] row = m[i];
            for (int j = 0; j < columns; j++) {
                t[j][i] = row[j];
            }
        }
    }
}
