package dev.cadenza.trainer.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Markov chains of a block of {@link ConditionalRbms}, several chains per RBM, held as ND4J
 * matrices with one row per chain (row {@code k * chains + m} is chain {@code m} of the block's
 * {@code k}-th RBM), so that a half step of every chain is one big matrix product and a few
 * element-wise passes: a single small ND4J call costs about 40 µs here, a big product runs at
 * tens of GFLOPS.
 *
 * <p>Each chain can be tempered by an inverse temperature {@code beta} that scales W and the hidden
 * biases and moves the visible biases from a base's {@code b} to the RBM's {@code bv}:
 * {@code p_beta(v) ∝ exp(v.((1 - beta) b + beta bv)) prod_j (1 + exp(beta (bh_j + (v W)_j)))}, the
 * intermediate distributions of annealed importance sampling from the base model with {@code W = 0}
 * ({@code beta = 0}) to the RBM itself ({@code beta = 1}). Without a base of its own, {@code b = bv}.
 *
 * <p>Allocates its buffers once at construction; used by one thread.
 */
final class ChainBlock {
    final int rows;
    private final int visible;
    private final int hidden;
    private final INDArray w;
    private final INDArray bvRows;
    /** Visible biases of the base model, or null when they are the RBM's own ({@code bvRows}). */
    private final INDArray baseRows;
    /** {@code bvRows - baseRows}, or null. */
    private final INDArray differenceRows;
    private final INDArray visibleScratch;
    private final INDArray bhRows;
    private final Random random;
    private INDArray v;
    private INDArray z;
    private final INDArray x;
    private final INDArray h;
    private final INDArray uniformHidden;
    private final INDArray uniformVisible;

    /**
     * Chains for RBMs {@code first .. first + units - 1} of {@code rbms}, {@code chains} each, whose
     * base model has the RBMs' own visible biases.
     *
     * @param w the shared weights as a [visible x hidden] FLOAT matrix
     */
    ChainBlock(ConditionalRbms rbms, INDArray w, int first, int units, int chains, Random random) {
        this(rbms, null, w, first, units, chains, random);
    }

    /**
     * Chains whose base model ({@code beta = 0}) has the visible biases {@code baseBiases}
     * ([count x visible], or null for the RBMs' own): at inverse temperature beta the visible
     * biases are {@code (1 - beta) base + beta bv}, so {@code beta = 1} is still the RBM itself.
     */
    ChainBlock(ConditionalRbms rbms, float[] baseBiases, INDArray w, int first, int units, int chains,
            Random random) {
        this.visible = rbms.visible();
        this.hidden = rbms.hidden();
        this.rows = units * chains;
        this.w = w;
        this.random = random;
        this.bvRows = Nd4j.create(repeatRows(rbms.bv(), visible, first, units, chains), new long[] {rows, visible}, 'c');
        if (baseBiases == null) {
            this.baseRows = null;
            this.differenceRows = null;
            this.visibleScratch = null;
        } else {
            this.baseRows = Nd4j.create(repeatRows(baseBiases, visible, first, units, chains), new long[] {rows, visible}, 'c');
            this.differenceRows = bvRows.sub(baseRows);
            this.visibleScratch = Nd4j.createUninitialized(DataType.FLOAT, rows, visible);
        }
        this.bhRows = Nd4j.create(repeatRows(rbms.bh(), hidden, first, units, chains), new long[] {rows, hidden}, 'c');
        this.v = Nd4j.createUninitialized(DataType.FLOAT, rows, visible);
        this.z = Nd4j.createUninitialized(DataType.FLOAT, rows, visible);
        this.x = Nd4j.createUninitialized(DataType.FLOAT, rows, hidden);
        this.h = Nd4j.createUninitialized(DataType.FLOAT, rows, hidden);
        this.uniformHidden = Nd4j.createUninitialized(DataType.FLOAT, rows, hidden);
        this.uniformVisible = Nd4j.createUninitialized(DataType.FLOAT, rows, visible);
    }

    /** Draws every chain's visible state from the base model: {@code v_i ~ Bernoulli(sigmoid(bv_i))}. */
    void startFromBase() {
        z.assign(baseRows == null ? bvRows : baseRows);
        Transforms.sigmoid(z, false);
        sampleVisibleFromProbabilities();
    }

    /**
     * Starts every chain of RBM {@code first + k} from row {@code first + k} of {@code states}
     * ([count x visible], binary): e.g. the true frame before the one scored.
     */
    void startFrom(float[] states, int first, int units, int chains) {
        v.assign(Nd4j.create(repeatRows(states, visible, first, units, chains), new long[] {rows, visible}, 'c'));
    }

    /** Computes and returns the hidden input {@code bh + v W} of every chain (a view of a buffer). */
    INDArray hiddenInput() {
        x.assign(bhRows);
        Nd4j.gemm(v, w, x, false, false, 1.0, 1.0);
        return x;
    }

    /**
     * Samples the hidden units from {@code sigmoid(beta * input)}, where {@code input = bh + v W}
     * (as returned by {@link #hiddenInput}, which is left unchanged).
     */
    void sampleHidden(INDArray input, double beta) {
        input.muli(beta, h);
        Transforms.sigmoid(h, false);
        bernoulliInPlace(h, uniformHidden);
    }

    /**
     * Computes and returns the visible probabilities {@code sigmoid(bv + beta h W^T)} given the
     * hidden sample (a view of a buffer, valid until the next call).
     */
    INDArray visibleProbabilities(double beta) {
        if (baseRows == null) {
            z.assign(bvRows);
            Nd4j.gemm(h, w, z, false, true, beta, 1.0);
        } else {
            z.assign(differenceRows);
            Nd4j.gemm(h, w, z, false, true, 1.0, 1.0);
            z.muli(beta);
            z.addi(baseRows);
        }
        Transforms.sigmoid(z, false);
        return z;
    }

    /** A copy of every chain's visible state, [rows x visible] row-major. */
    float[] visibleState() {
        return v.data().asFloat();
    }

    /** Whether the base model's visible biases differ from the RBMs' own. */
    boolean hasOwnBase() {
        return baseRows != null;
    }

    /**
     * Computes each chain's {@code v . (bv - base)} into {@code out} ([rows x 1]), given
     * {@code onesVisible} ([visible x 1] of ones): the visible part of the derivative of
     * {@code log p*_beta(v)} in beta. Only for a block with its own base.
     */
    void visibleBiasGap(INDArray onesVisible, INDArray out) {
        visibleScratch.assign(v);
        visibleScratch.muli(differenceRows);
        rowSums(visibleScratch, onesVisible, out);
    }

    /** Samples the visible units from the probabilities of the last {@link #visibleProbabilities} call. */
    void sampleVisibleFromProbabilities() {
        bernoulliInPlace(z, uniformVisible);
        INDArray t = v;
        v = z;
        z = t;
    }

    private void bernoulliInPlace(INDArray probabilities, INDArray uniform) {
        Nd4j.rand(uniform, random);
        probabilities.subi(uniform);
        Transforms.step(probabilities, false);
    }

    /**
     * Sums each row of {@code a} ([rows x n]) into {@code out} ([rows x 1]) by a matrix-vector
     * product with {@code ones}: several times faster here than ND4J's reduction along a dimension.
     */
    static void rowSums(INDArray a, INDArray ones, INDArray out) {
        Nd4j.gemm(a, ones, out, false, false, 1.0, 0.0);
    }

    /** Frees the native state of an ND4J random source. */
    static void release(Random random) {
        try {
            random.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not release the ND4J random source: " + e.getMessage(), e);
        }
    }

    private static float[] repeatRows(float[] source, int width, int first, int units, int chains) {
        float[] out = new float[units * chains * width];
        for (int k = 0; k < units; k++) {
            for (int m = 0; m < chains; m++) {
                System.arraycopy(source, (first + k) * width, out, (k * chains + m) * width, width);
            }
        }
        return out;
    }
}
