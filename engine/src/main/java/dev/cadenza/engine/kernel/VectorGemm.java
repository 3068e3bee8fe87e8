package dev.cadenza.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s products on the JDK's Vector API ({@code jdk.incubator.vector}), used when the
 * JVM runs with {@code --add-modules jdk.incubator.vector} (the {@code cadenza} launcher and the
 * tests do). A register tile of four result rows by two vectors of columns stays in registers
 * while the whole inner dimension passes; the columns go in strips of two vectors, so the strip of
 * {@code b} a tile reads (600 rows of 32 floats: 77 KB) stays in the core's cache for every tile of
 * rows.
 *
 * <p>Why (measured here, 2-core AMD EPYC with AVX-512, JDK 17): a 76 x 600 by 600 x 1184 product
 * runs at 78-85 GFLOPS on one core this way, against 26-30 for {@link Gemm}'s plain loops, which
 * the JIT vectorises but cannot keep in registers (each step of their inner loop loads and stores
 * the result row). The tile is its own small method: inside a larger one, the JIT of JDK 17 left the
 * vectors as objects and ran at 4 GFLOPS.
 *
 * <p>Results differ from the plain loops' in the last bits (fused multiply-adds, another order of
 * summation). {@link #mulAdd} is allocation-free once compiled, but for a thread's first short
 * tail ({@link #tail}'s lanes, made once per thread): real-time safe after a warm-up, and safe on
 * disjoint rows from several threads. {@link #mulAddTransposedA} (training only) keeps a
 * scratch block per thread.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of {@code a} and {@code b} per block of the transposed product: 512 rows of a strip of {@code b} (64 KB) stay in L2. */
    private static final int I_BLOCK = 512;

    private VectorGemm() {
    }

    /** The vectors' width in bits. */
    static int bits() {
        return S.vectorBitSize();
    }

    /** The floats in a vector. */
    static int lanes() {
        return L;
    }

    /**
     * As {@link Gemm#sumRows}, for {@code len >= lanes()}: the sums of four vectors of columns
     * stay in registers while every row passes. The last columns are one vector ending at
     * {@code len}, which computes some columns again, to the same floats.
     */
    static void sumRows(float[][] rows, int[] on, int count, float[] bias, float[] out, int len) {
        int j = 0;
        for (; j + 4 * L <= len; j += 4 * L) {
            sumRows4(rows, on, count, bias, out, j);
        }
        // one call site for the single vectors (see VectorActivations.bernoulli)
        for (; j < len; j += L) {
            sumRows1(rows, on, count, bias, out, Math.min(j, len - L));
        }
    }

    private static void sumRows4(float[][] rows, int[] on, int count, float[] bias, float[] out, int j) {
        FloatVector s0 = FloatVector.fromArray(S, bias, j);
        FloatVector s1 = FloatVector.fromArray(S, bias, j + L);
        FloatVector s2 = FloatVector.fromArray(S, bias, j + 2 * L);
        FloatVector s3 = FloatVector.fromArray(S, bias, j + 3 * L);
        for (int k = 0; k < count; k++) {
            float[] r = rows[on[k]];
            s0 = s0.add(FloatVector.fromArray(S, r, j));
            s1 = s1.add(FloatVector.fromArray(S, r, j + L));
            s2 = s2.add(FloatVector.fromArray(S, r, j + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, r, j + 3 * L));
        }
        s0.intoArray(out, j);
        s1.intoArray(out, j + L);
        s2.intoArray(out, j + 2 * L);
        s3.intoArray(out, j + 3 * L);
    }

    private static void sumRows1(float[][] rows, int[] on, int count, float[] bias, float[] out, int j) {
        FloatVector s = FloatVector.fromArray(S, bias, j);
        for (int k = 0; k < count; k++) {
            s = s.add(FloatVector.fromArray(S, rows[on[k]], j));
        }
        s.intoArray(out, j);
    }

    /** As {@link Gemm#mulAdd}. */
    static void mulAdd(float[][] a, int i0, int i1, int aCol, int k, float[][] b, int bRow, float[][] c, int j0,
            int j1) {
        mulAdd(a, i0, i1, aCol, k, b, bRow, c, 0, j0, j1);
    }

    /** As {@link Gemm#mulAdd}, row {@code i} of {@code a} adding into row {@code i + cShift} of {@code c}. */
    private static void mulAdd(float[][] a, int i0, int i1, int aCol, int k, float[][] b, int bRow, float[][] c,
            int cShift, int j0, int j1) {
        int blocked = i0 + (i1 - i0) / 4 * 4;
        int jStrips = j0 + (j1 - j0) / (2 * L) * (2 * L);
        for (int j = j0; j < jStrips; j += 2 * L) {
            for (int i = i0; i < blocked; i += 4) {
                tile4(a[i], a[i + 1], a[i + 2], a[i + 3], aCol, k, b, bRow, j, c[i + cShift], c[i + cShift + 1],
                        c[i + cShift + 2], c[i + cShift + 3]);
            }
        }
        if (jStrips < j1) {
            for (int i = i0; i < blocked; i++) {
                row(a[i], aCol, k, b, bRow, c[i + cShift], jStrips, j1);
            }
        }
        for (int i = blocked; i < i1; i++) {
            row(a[i], aCol, k, b, bRow, c[i + cShift], j0, j1);
        }
    }

    /**
     * One row of {@code c}, columns {@code j0 <= j < j1}: four vectors at a time (four independent
     * sums, so that a short inner dimension is not held up by each sum's chain of fused
     * multiply-adds), then one, then the last columns of a vector ({@link #tail}).
     */
    private static void row(float[] ai, int aCol, int k, float[][] b, int bRow, float[] ci, int j0, int j1) {
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            wide(ai, aCol, k, b, bRow, j, ci);
        }
        for (; j + L <= j1; j += L) {
            narrow(ai, aCol, k, b, bRow, j, ci);
        }
        if (j1 - j > L / 2 && j1 >= L) {
            tail(ai, aCol, k, b, bRow, j, j1, ci);
        } else {
            for (; j < j1; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += ai[aCol + p] * b[bRow + p][j];
                }
                ci[j] += s;
            }
        }
    }

    /**
     * The last columns {@code j0 <= j < j1} of one row, more than half a vector but less than one:
     * the vector of columns that ends at {@code j1} is summed, and only its lanes from {@code j0} on
     * are added. (Fewer columns go one by one: their independent sums finish sooner than the one
     * chain of vector sums.)
     */
    private static void tail(float[] a0, int aCol, int k, float[][] b, int bRow, int j0, int j1, float[] c0) {
        int w = j1 - L;
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            s = FloatVector.fromArray(S, b[bRow + p], w).fma(FloatVector.broadcast(S, a0[aCol + p]), s);
        }
        float[] lanes = LANES.get();
        s.intoArray(lanes, 0);
        for (int j = j0; j < j1; j++) {
            c0[j] += lanes[j - w];
        }
    }

    /** Each thread's vector-sized scratch for {@link #tail} (a lane read by index, or a masked add, is not compiled to vector code on JDK 17: measured four times slower). */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[L]);

    /** One row of {@code c}, one vector of columns from {@code j}. */
    private static void narrow(float[] a0, int aCol, int k, float[][] b, int bRow, int j, float[] c0) {
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            s = FloatVector.fromArray(S, b[bRow + p], j).fma(FloatVector.broadcast(S, a0[aCol + p]), s);
        }
        s.add(FloatVector.fromArray(S, c0, j)).intoArray(c0, j);
    }

    /** Four rows of {@code c}, two vectors of columns from {@code j}, over the whole inner dimension. */
    private static void tile4(float[] a0, float[] a1, float[] a2, float[] a3, int aCol, int k, float[][] b, int bRow,
            int j, float[] c0, float[] c1, float[] c2, float[] c3) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            float[] bp = b[bRow + p];
            FloatVector v0 = FloatVector.fromArray(S, bp, j);
            FloatVector v1 = FloatVector.fromArray(S, bp, j + L);
            int q = aCol + p;
            FloatVector x = FloatVector.broadcast(S, a0[q]);
            s00 = v0.fma(x, s00);
            s01 = v1.fma(x, s01);
            x = FloatVector.broadcast(S, a1[q]);
            s10 = v0.fma(x, s10);
            s11 = v1.fma(x, s11);
            x = FloatVector.broadcast(S, a2[q]);
            s20 = v0.fma(x, s20);
            s21 = v1.fma(x, s21);
            x = FloatVector.broadcast(S, a3[q]);
            s30 = v0.fma(x, s30);
            s31 = v1.fma(x, s31);
        }
        add(c0, j, s00, s01);
        add(c1, j, s10, s11);
        add(c2, j, s20, s21);
        add(c3, j, s30, s31);
    }

    /** One row of {@code c}, four vectors of columns from {@code j}. */
    private static void wide(float[] a0, int aCol, int k, float[][] b, int bRow, int j, float[] c0) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            float[] bp = b[bRow + p];
            FloatVector x = FloatVector.broadcast(S, a0[aCol + p]);
            s0 = FloatVector.fromArray(S, bp, j).fma(x, s0);
            s1 = FloatVector.fromArray(S, bp, j + L).fma(x, s1);
            s2 = FloatVector.fromArray(S, bp, j + 2 * L).fma(x, s2);
            s3 = FloatVector.fromArray(S, bp, j + 3 * L).fma(x, s3);
        }
        add(c0, j, s0, s1);
        add(c0, j + 2 * L, s2, s3);
    }

    /**
     * As {@link Gemm#mulAddTransposedA}: per block of {@value #I_BLOCK} rows, the block's columns of
     * {@code a} are copied out as rows (into this thread's scratch block), and the product is then
     * {@link #mulAdd}'s. Read in place, each step of the sum would load a row of {@code a} and a row
     * of {@code b} (measured: four times slower per operation than {@link #mulAdd} in training).
     */
    static void mulAddTransposedA(float[][] a, int aCol, int k, float[][] b, int i0, int i1, float[][] c, int cRow,
            int j0, int j1) {
        float[][] t = scratch(k);
        for (int ib = i0; ib < i1; ib += I_BLOCK) {
            int ie = Math.min(i1, ib + I_BLOCK);
            for (int i = ib; i < ie; i++) {
                float[] ai = a[i];
                int col = i - ib;
                for (int p = 0; p < k; p++) {
                    t[p][col] = ai[aCol + p];
                }
            }
            mulAdd(t, 0, k, 0, ie - ib, b, ib, c, cRow, j0, j1);
        }
    }

    /** This thread's scratch block of at least {@code rows} rows of {@value #I_BLOCK} floats. */
    private static float[][] scratch(int rows) {
        float[][] t = SCRATCH.get();
        if (t.length < rows) {
            t = new float[rows][I_BLOCK];
            SCRATCH.set(t);
        }
        return t;
    }

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[0][]);

    private static void add(float[] c, int j, FloatVector s0, FloatVector s1) {
        s0.add(FloatVector.fromArray(S, c, j)).intoArray(c, j);
        s1.add(FloatVector.fromArray(S, c, j + L)).intoArray(c, j + L);
    }
}
