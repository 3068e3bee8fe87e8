package dev.cadenza.trainer.eval;

import dev.cadenza.engine.kernel.Activations;
import dev.cadenza.engine.kernel.Gemm;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Markov chains of a block of {@link ConditionalRbms}, several chains per RBM, held as row arrays
 * with one row per chain (row {@code k * chains + m} is chain {@code m} of the block's {@code k}-th
 * RBM). The states are binary, so a half step's product is a sum of the weight rows of the units
 * that are on ({@code v W} adds about 4 of 88 rows of W for a chorale), exact and far cheaper than
 * a dense product; the element-wise passes follow, and every step is split over the cores by
 * bands of rows.
 *
 * <p>Each chain can be tempered by an inverse temperature {@code beta} that scales W and the hidden
 * biases and moves the visible biases from a base's {@code b} to the RBM's {@code bv}:
 * {@code p_beta(v) ∝ exp(v.((1 - beta) b + beta bv)) prod_j (1 + exp(beta (bh_j + (v W)_j)))}, the
 * intermediate distributions of annealed importance sampling from the base model with {@code W = 0}
 * ({@code beta = 0}) to the RBM itself ({@code beta = 1}). Without a base of its own, {@code b = bv}.
 *
 * <p>Random numbers: each band of rows has its own {@link SplittableRandom}, split from the seed's in
 * a fixed order, so a block's chains are the same for a seed whatever the number of cores.
 *
 * <p>Allocates its buffers once at construction; used by one thread (which fans each step out).
 */
final class ChainBlock {
    /** Rows per band: one band is one task of a step; small enough to keep both cores busy. */
    private static final int BAND_ROWS = 256;

    final int rows;
    private final int visible;
    private final int hidden;
    private final float[][] w;
    private final float[][] wT;
    private final float[][] bvRows;
    /** Visible biases of the base model, or null when they are the RBM's own ({@code bvRows}). */
    private final float[][] baseRows;
    /** {@code bvRows - baseRows}, or null. */
    private final float[][] differenceRows;
    private final float[][] bhRows;
    private final SplittableRandom[] bandRandom;
    private float[][] v;
    private float[][] z;
    private final float[][] x;
    private final float[][] h;

    /**
     * Chains for RBMs {@code first .. first + units - 1} of {@code rbms}, {@code chains} each, whose
     * base model has the RBMs' own visible biases.
     */
    ChainBlock(ConditionalRbms rbms, Weights weights, int first, int units, int chains, SplittableRandom random) {
        this(rbms, null, weights, first, units, chains, random);
    }

    /**
     * Chains whose base model ({@code beta = 0}) has the visible biases {@code baseBiases}
     * ([count x visible], or null for the RBMs' own): at inverse temperature beta the visible
     * biases are {@code (1 - beta) base + beta bv}, so {@code beta = 1} is still the RBM itself.
     */
    ChainBlock(ConditionalRbms rbms, float[] baseBiases, Weights weights, int first, int units, int chains,
            SplittableRandom random) {
        this.visible = rbms.visible();
        this.hidden = rbms.hidden();
        this.rows = units * chains;
        this.w = weights.w;
        this.wT = weights.wT;
        this.bvRows = repeatRows(rbms.bv(), visible, first, units, chains);
        if (baseBiases == null) {
            this.baseRows = null;
            this.differenceRows = null;
        } else {
            this.baseRows = repeatRows(baseBiases, visible, first, units, chains);
            this.differenceRows = new float[rows][visible];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < visible; i++) {
                    differenceRows[r][i] = bvRows[r][i] - baseRows[r][i];
                }
            }
        }
        this.bhRows = repeatRows(rbms.bh(), hidden, first, units, chains);
        this.v = new float[rows][visible];
        this.z = new float[rows][visible];
        this.x = new float[rows][hidden];
        this.h = new float[rows][hidden];
        this.bandRandom = new SplittableRandom[(rows + BAND_ROWS - 1) / BAND_ROWS];
        for (int b = 0; b < bandRandom.length; b++) {
            bandRandom[b] = random.split();
        }
    }

    /** W as row arrays and its transpose, shared by every block of one estimate. */
    static final class Weights {
        final float[][] w;
        final float[][] wT;

        Weights(ConditionalRbms rbms) {
            w = Gemm.rows(rbms.w(), rbms.visible(), rbms.hidden());
            wT = Gemm.transpose(w, rbms.hidden());
        }
    }

    /** Draws every chain's visible state from the base model: {@code v_i ~ Bernoulli(sigmoid(bv_i))}. */
    void startFromBase() {
        float[][] biases = baseRows == null ? bvRows : baseRows;
        bands((r0, r1, random) -> {
            for (int r = r0; r < r1; r++) {
                System.arraycopy(biases[r], 0, z[r], 0, visible);
                Activations.sigmoid(z[r], 0, visible);
            }
        });
        sampleVisibleFromProbabilities();
    }

    /**
     * Starts every chain of RBM {@code first + k} from row {@code first + k} of {@code states}
     * ([count x visible], binary): e.g. the true frame before the one scored.
     */
    void startFrom(float[] states, int first, int units, int chains) {
        for (int k = 0; k < units; k++) {
            for (int m = 0; m < chains; m++) {
                System.arraycopy(states, (first + k) * visible, v[k * chains + m], 0, visible);
            }
        }
    }

    /** Computes and returns the hidden input {@code bh + v W} of every chain (the block's own buffer). */
    float[][] hiddenInput() {
        bands((r0, r1, random) -> {
            for (int r = r0; r < r1; r++) {
                System.arraycopy(bhRows[r], 0, x[r], 0, hidden);
                addRowsOfOnes(v[r], w, x[r], hidden);
            }
        });
        return x;
    }

    /** {@code out += sum of m[i] over the i where state[i] is 1} (a binary state times a matrix). */
    private static void addRowsOfOnes(float[] state, float[][] m, float[] out, int width) {
        for (int i = 0; i < state.length; i++) {
            if (state[i] != 0f) {
                float[] row = m[i];
                for (int j = 0; j < width; j++) {
                    out[j] += row[j];
                }
            }
        }
    }

    /**
     * Samples the hidden units from {@code sigmoid(beta * input)}, where {@code input = bh + v W}
     * (as returned by {@link #hiddenInput}, which is left unchanged).
     */
    void sampleHidden(float[][] input, double beta) {
        float b = (float) beta;
        bands((r0, r1, random) -> {
            for (int r = r0; r < r1; r++) {
                float[] in = input[r];
                float[] out = h[r];
                for (int j = 0; j < hidden; j++) {
                    out[j] = b * in[j];
                }
                Activations.sigmoid(out, 0, hidden); // a loop of its own: vectorised, unlike one with draws in it
                bernoulli(out, hidden, random);
            }
        });
    }

    /**
     * Computes and returns the visible probabilities {@code sigmoid(bv + beta h W^T)} given the
     * hidden sample (the block's own buffer, valid until the next call).
     */
    float[][] visibleProbabilities(double beta) {
        float b = (float) beta;
        bands((r0, r1, random) -> {
            for (int r = r0; r < r1; r++) {
                java.util.Arrays.fill(z[r], 0f);
            }
            // h is about half ones, at random: a dense, vectorised product beats skipping zeros here
            Gemm.mulAdd(h, r0, r1, 0, hidden, wT, 0, z, 0, visible);
            for (int r = r0; r < r1; r++) {
                float[] zr = z[r];
                if (baseRows == null) {
                    float[] bv = bvRows[r];
                    for (int i = 0; i < visible; i++) {
                        zr[i] = bv[i] + b * zr[i];
                    }
                } else {
                    float[] base = baseRows[r];
                    float[] difference = differenceRows[r];
                    for (int i = 0; i < visible; i++) {
                        zr[i] = base[i] + b * (difference[i] + zr[i]);
                    }
                }
                Activations.sigmoid(zr, 0, visible);
            }
        });
        return z;
    }

    /** A copy of every chain's visible state, [rows x visible] row-major. */
    float[] visibleState() {
        float[] out = new float[rows * visible];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(v[r], 0, out, r * visible, visible);
        }
        return out;
    }

    /** Whether the base model's visible biases differ from the RBMs' own. */
    boolean hasOwnBase() {
        return baseRows != null;
    }

    /**
     * Each chain's {@code v . (bv - base)}: the visible part of the derivative of
     * {@code log p*_beta(v)} in beta. Only for a block with its own base.
     */
    double visibleBiasGap(int r) {
        double s = 0;
        float[] vr = v[r];
        float[] difference = differenceRows[r];
        for (int i = 0; i < visible; i++) {
            s += vr[i] * difference[i];
        }
        return s;
    }

    /** Samples the visible units from the probabilities of the last {@link #visibleProbabilities} call. */
    void sampleVisibleFromProbabilities() {
        float[][] next = z;
        bands((r0, r1, random) -> {
            for (int r = r0; r < r1; r++) {
                bernoulli(next[r], visible, random);
            }
        });
        z = v;
        v = next;
    }

    /**
     * {@code p[i] = 1} with probability {@code p[i]}, else 0, for {@code i < n}: two uniform draws
     * of 24 bits (a float's precision) from each 64-bit number, half the generator's work.
     */
    private static void bernoulli(float[] p, int n, SplittableRandom random) {
        int i = 0;
        for (; i + 1 < n; i += 2) {
            long bits = random.nextLong();
            p[i] = below((bits >>> 40) * 0x1.0p-24f, p[i]);
            p[i + 1] = below(((bits >>> 16) & 0xFFFFFF) * 0x1.0p-24f, p[i + 1]);
        }
        if (i < n) {
            p[i] = random.nextFloat() < p[i] ? 1f : 0f;
        }
    }

    /**
     * 1 when {@code u < p}, else 0, without a branch: the sign bit of {@code u - p} (a draw's
     * outcome is unpredictable, and a mispredicted branch per unit cost more than the rest of a step).
     */
    private static float below(float u, float p) {
        return Float.floatToRawIntBits(u - p) >>> 31;
    }

    /** Work on rows {@code r0 <= r < r1}. */
    @FunctionalInterface
    interface Rows {
        void run(int r0, int r1);
    }

    /** Runs {@code work} on every band of rows, as the steps are ({@link #bands(Band)}). */
    void forEachBand(Rows work) {
        bands((r0, r1, random) -> work.run(r0, r1));
    }

    /** Work on rows {@code r0 <= r < r1} with that band's own random source. */
    @FunctionalInterface
    private interface Band {
        void run(int r0, int r1, SplittableRandom random);
    }

    /**
     * Runs {@code band} on every band of rows: on this thread and the common pool's (which has one
     * thread fewer than the machine has cores) when there are several bands and cores.
     */
    private void bands(Band band) {
        if (bandRandom.length == 1 || Runtime.getRuntime().availableProcessors() < 2) {
            for (int b = 0; b < bandRandom.length; b++) {
                band.run(b * BAND_ROWS, Math.min(rows, (b + 1) * BAND_ROWS), bandRandom[b]);
            }
            return;
        }
        IntStream.range(0, bandRandom.length).parallel()
                .forEach(b -> band.run(b * BAND_ROWS, Math.min(rows, (b + 1) * BAND_ROWS), bandRandom[b]));
    }

    private static float[][] repeatRows(float[] source, int width, int first, int units, int chains) {
        float[][] out = new float[units * chains][width];
        for (int k = 0; k < units; k++) {
            for (int m = 0; m < chains; m++) {
                System.arraycopy(source, (first + k) * width, out[k * chains + m], 0, width);
            }
        }
        return out;
    }
}
