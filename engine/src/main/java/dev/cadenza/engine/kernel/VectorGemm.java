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
 * summation). Allocation-free once compiled, and stateless: safe on disjoint rows from several
 * threads.
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

    /** As {@link Gemm#mulAdd}. */
    static void mulAdd(float[][] a, int i0, int i1, int aCol, int k, float[][] b, int bRow, float[][] c, int j0,
            int j1) {
        int blocked = i0 + (i1 - i0) / 4 * 4;
        int jStrips = j0 + (j1 - j0) / (2 * L) * (2 * L);
        for (int j = j0; j < jStrips; j += 2 * L) {
            for (int i = i0; i < blocked; i += 4) {
                tile4(a[i], a[i + 1], a[i + 2], a[i + 3], aCol, k, b, bRow, j, c[i], c[i + 1], c[i + 2], c[i + 3]);
            }
        }
        if (jStrips < j1) {
            for (int i = i0; i < blocked; i++) {
                row(a[i], aCol, k, b, bRow, c[i], jStrips, j1);
            }
        }
        for (int i = blocked; i < i1; i++) {
            row(a[i], aCol, k, b, bRow, c[i], j0, j1);
        }
    }

    /**
     * One row of {@code c}, columns {@code j0 <= j < j1}: four vectors at a time (four independent
     * sums, so that a short inner dimension is not held up by each sum's chain of fused
     * multiply-adds), then one, then the last columns one by one.
     */
    private static void row(float[] ai, int aCol, int k, float[][] b, int bRow, float[] ci, int j0, int j1) {
        int j = j0;
        for (; j + 4 * L <= j1; j += 4 * L) {
            wide(ai, aCol, k, b, bRow, j, ci);
        }
        for (; j + L <= j1; j += L) {
            narrow(ai, aCol, k, b, bRow, j, ci);
        }
        for (; j < j1; j++) {
            float s = 0f;
            for (int p = 0; p < k; p++) {
                s += ai[aCol + p] * b[bRow + p][j];
            }
            ci[j] += s;
        }
    }

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

    /** As {@link Gemm#mulAddTransposedA}. */
    static void mulAddTransposedA(float[][] a, int aCol, int k, float[][] b, int i0, int i1, float[][] c, int cRow,
            int j0, int j1) {
        int jVector = j0 + (j1 - j0) / (2 * L) * (2 * L);
        for (int ib = i0; ib < i1; ib += I_BLOCK) {
            int ie = Math.min(i1, ib + I_BLOCK);
            for (int j = j0; j < jVector; j += 2 * L) {
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    int q = aCol + p;
                    transposedTile4(a, q, b, ib, ie, j, c[cRow + p], c[cRow + p + 1], c[cRow + p + 2], c[cRow + p + 3]);
                }
                for (; p < k; p++) {
                    transposedTile1(a, aCol + p, b, ib, ie, j, c[cRow + p]);
                }
            }
        }
        if (jVector < j1) {
            Gemm.plainMulAddTransposedA(a, aCol, k, b, i0, i1, c, cRow, jVector, j1);
        }
    }

    /** Rows {@code q..q+3} of {@code a}'s transpose times rows {@code i0 <= i < i1} of {@code b}, two vectors from {@code j}. */
    private static void transposedTile4(float[][] a, int q, float[][] b, int i0, int i1, int j, float[] c0, float[] c1,
            float[] c2, float[] c3) {
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S);
        FloatVector s11 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S);
        FloatVector s21 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S);
        FloatVector s31 = FloatVector.zero(S);
        for (int i = i0; i < i1; i++) {
            float[] bi = b[i];
            float[] ai = a[i];
            FloatVector v0 = FloatVector.fromArray(S, bi, j);
            FloatVector v1 = FloatVector.fromArray(S, bi, j + L);
            FloatVector x = FloatVector.broadcast(S, ai[q]);
            s00 = v0.fma(x, s00);
            s01 = v1.fma(x, s01);
            x = FloatVector.broadcast(S, ai[q + 1]);
            s10 = v0.fma(x, s10);
            s11 = v1.fma(x, s11);
            x = FloatVector.broadcast(S, ai[q + 2]);
            s20 = v0.fma(x, s20);
            s21 = v1.fma(x, s21);
            x = FloatVector.broadcast(S, ai[q + 3]);
            s30 = v0.fma(x, s30);
            s31 = v1.fma(x, s31);
        }
        add(c0, j, s00, s01);
        add(c1, j, s10, s11);
        add(c2, j, s20, s21);
        add(c3, j, s30, s31);
    }

    private static void transposedTile1(float[][] a, int q, float[][] b, int i0, int i1, int j, float[] c0) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        for (int i = i0; i < i1; i++) {
            float[] bi = b[i];
            FloatVector x = FloatVector.broadcast(S, a[i][q]);
            s0 = FloatVector.fromArray(S, bi, j).fma(x, s0);
            s1 = FloatVector.fromArray(S, bi, j + L).fma(x, s1);
        }
        add(c0, j, s0, s1);
    }

    private static void add(float[] c, int j, FloatVector s0, FloatVector s1) {
        s0.add(FloatVector.fromArray(S, c, j)).intoArray(c, j);
        s1.add(FloatVector.fromArray(S, c, j + L)).intoArray(c, j + L);
    }
}
