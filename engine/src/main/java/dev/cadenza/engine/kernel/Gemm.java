package dev.cadenza.engine.kernel;

/**
 * Matrix products on row arrays ({@code float[rows][columns]}). Where the JVM has the Vector API,
 * {@link VectorGemm} computes them (about three times faster); otherwise plain loops, written so
 * that C2 vectorises the inner loop: one row of the result is updated from four rows of {@code b} at once,
 * {@code c[j] += x0 b0[j] + x1 b1[j] + x2 b2[j] + x3 b3[j]}, over a block of 256 columns so that
 * the rows of {@code b} in use stay in the core's cache while every row of the result passes.
 *
 * <p>Why this shape (measured here, JDK 17, AVX-512, with {@code -Xbatch} so that the JIT's
 * ordinary compilation is measured): this loop runs at 28-30 GFLOPS on one core; the same with
 * one row of {@code b} at a time, 18; a kernel that updates six result rows per loaded row of
 * {@code b} was vectorised only in some runs (on-stack replacement) and ran at 7.5 otherwise;
 * rows as offsets into one flat array were never vectorised (the JIT cannot rule out overlap).
 *
 * <p>{@link #mulAdd} and {@link #axpy} are stateless, and allocation-free after a thread's first
 * call ({@link VectorGemm} makes one small scratch array per thread): real-time safe once warmed up,
 * and safe to call from several threads on disjoint rows of {@code c}; {@link #mulAddTransposedA},
 * for training, may keep a scratch block per thread.
 */
public final class Gemm {
    /**
     * Whether the products run on the Vector API ({@link VectorGemm}): when the JVM has the
     * incubating module {@code jdk.incubator.vector} (the launcher adds it), unless the system
     * property {@code cadenza.kernels} is {@code plain}.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"plain".equals(System.getProperty("cadenza.kernels"));

    /** Columns per block: 256 columns of 600 rows of {@code b} (600 KB) stay in L2. */
    private static final int J_BLOCK = 256;
    /** Rows of {@code b} per block in the transposed product. */
    private static final int I_BLOCK = 128;

    private Gemm() {
    }

    /** What computes the products, in a few words, for reports ("Vector API, 512-bit" or "plain loops"). */
    public static String kernels() {
        return VECTOR ? "Vector API, " + VectorGemm.bits() + "-bit" : "plain loops";
    }

    /**
     * {@code c[i][j] += sum over p < k of a[i][aCol + p] * b[bRow + p][j]} for rows
     * {@code i0 <= i < i1} and columns {@code j0 <= j < j1}.
     */
    public static void mulAdd(float[][] a, int i0, int i1, int aCol, int k, float[][] b, int bRow,
            float[][] c, int j0, int j1) {
        if (VECTOR) {
            VectorGemm.mulAdd(a, i0, i1, aCol, k, b, bRow, c, j0, j1);
        } else {
            plainMulAdd(a, i0, i1, aCol, k, b, bRow, c, j0, j1);
        }
    }

    /**
     * {@code out[j] = bias[j] + sum over k < count of rows[on[k]][j]} for {@code j < len}: the
     * product of a binary vector, given as the indices of its ones, with a matrix, as a Gibbs
     * chain needs it. The rows are added in the order of {@code on}, so both implementations give
     * the same floats. Stateless and allocation-free: real-time safe.
     */
    public static void sumRows(float[][] rows, int[] on, int count, float[] bias, float[] out, int len) {
        if (VECTOR && len >= VectorGemm.lanes()) {
            VectorGemm.sumRows(rows, on, count, bias, out, len);
        } else {
            plainSumRows(rows, on, count, bias, out, 0, len);
        }
    }

    /** {@link #sumRows} in plain loops, columns {@code j0 <= j < j1}. */
    static void plainSumRows(float[][] rows, int[] on, int count, float[] bias, float[] out, int j0, int j1) {
        System.arraycopy(bias, j0, out, j0, j1 - j0);
        for (int k = 0; k < count; k++) {
            float[] row = rows[on[k]];
            for (int j = j0; j < j1; j++) {
                out[j] += row[j];
            }
        }
    }

    /** {@link #mulAdd} in plain loops. */
    static void plainMulAdd(float[][] a, int i0, int i1, int aCol, int k, float[][] b, int bRow,
            float[][] c, int j0, int j1) {
        for (int jb = j0; jb < j1; jb += J_BLOCK) {
            int je = Math.min(j1, jb + J_BLOCK);
            for (int i = i0; i < i1; i++) {
                float[] ai = a[i];
                float[] ci = c[i];
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    int q = aCol + p;
                    float x0 = ai[q];
                    float x1 = ai[q + 1];
                    float x2 = ai[q + 2];
                    float x3 = ai[q + 3];
                    float[] b0 = b[bRow + p];
                    float[] b1 = b[bRow + p + 1];
                    float[] b2 = b[bRow + p + 2];
                    float[] b3 = b[bRow + p + 3];
                    for (int j = jb; j < je; j++) {
                        ci[j] += x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
                    }
                }
                for (; p < k; p++) {
                    axpy(ai[aCol + p], b[bRow + p], ci, jb, je);
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
        if (VECTOR) {
            VectorGemm.mulAddTransposedA(a, aCol, k, b, i0, i1, c, cRow, j0, j1);
        } else {
            plainMulAddTransposedA(a, aCol, k, b, i0, i1, c, cRow, j0, j1);
        }
    }

    /** {@link #mulAddTransposedA} in plain loops. */
    static void plainMulAddTransposedA(float[][] a, int aCol, int k, float[][] b, int i0, int i1,
            float[][] c, int cRow, int j0, int j1) {
        for (int ib = i0; ib < i1; ib += I_BLOCK) {
            int ie = Math.min(i1, ib + I_BLOCK);
            for (int jb = j0; jb < j1; jb += J_BLOCK) {
                int je = Math.min(j1, jb + J_BLOCK);
                for (int p = 0; p < k; p++) {
                    float[] cp = c[cRow + p];
                    int q = aCol + p;
                    int i = ib;
                    for (; i + 3 < ie; i += 4) {
                        float x0 = a[i][q];
                        float x1 = a[i + 1][q];
                        float x2 = a[i + 2][q];
                        float x3 = a[i + 3][q];
                        float[] b0 = b[i];
                        float[] b1 = b[i + 1];
                        float[] b2 = b[i + 2];
                        float[] b3 = b[i + 3];
                        for (int j = jb; j < je; j++) {
                            cp[j] += x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
                        }
                    }
                    for (; i < ie; i++) {
                        axpy(a[i][q], b[i], cp, jb, je);
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
