package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.kernel.Activations;
import dev.cadenza.engine.kernel.Gemm;
import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.trainer.eval.Evaluation;
import java.util.SplittableRandom;

/**
 * The training computation of one sub-sequence, in plain Java: RNN forward pass, CD-k negative
 * samples, and the gradient of the free-energy difference (negatives held constant)
 * back-propagated through time, accumulated into a gradient store.
 *
 * <p>Why not ND4J: visible frames are binary and sparse (about 4 of 88 pitches sound), so
 * {@code v W} is a sum of a few rows and the outer products of the gradient touch a few rows; the
 * RNN recurrence is a chain of small vector-matrix products. Batched through ND4J the same math
 * ran at a few hundred frames per second here (per-op overhead, dense products of mostly zeros);
 * this kernel, one per worker thread, runs at thousands per thread. {@code RnnRbmKernelTest}
 * checks it against an independent ND4J formulation and against finite differences.
 *
 * <p>Cost of a sub-sequence: {@code scale * sum_t [F_t(v_t) - F_t(v*_t)]}, with
 * {@code F_t(v) = -v.bv_t - sum_j softplus(bh_tj + (v W)_j)}. Preallocated for sub-sequences of
 * up to {@code maxLength} windows; one thread at a time.
 */
final class RnnRbmKernel {
    private final RnnRbmConfig config;
    private final int nv;
    private final int nh;
    private final int nu;
    private final int maxLength;
    private final double[] states;
    private final double[] bvt;
    private final double[] bht;
    /*
     * W as one float array per row, both ways ([visible][hidden] and [hidden][visible]), copied at
     * each update: the chain adds whole rows, and out[j] += row[j] compiles to vector code where
     * out[j] += w[offset + j] does not (about 4 times slower here; see the engine's Gemm).
     */
    private final float[][] wRows;
    private final float[][] wT;
    private final double[] dPrevious;
    private final double[] dState;
    private final double[] dPre;
    private final double[] dbv;
    private final double[] dbh;
    private final double[] hp;
    private final double[] hn;
    private final float[] probability;
    /** Pre-activations of the Gibbs chain's hidden units, in float: they only decide samples (the gradient is in double). */
    private final float[] chainPre;
    /** The chain's hidden sample. */
    private final boolean[] chainHidden;
    /** The visible pre-activations {@code bv_t + W h} of the chain's hidden sample, kept up to date as h changes. */
    private final float[] visiblePre;
    /** Whether the next sweep starts a chain (new biases, no hidden sample yet). */
    private boolean chainStart;
    private final int[] activeV;
    private final int[][] negatives;

    RnnRbmKernel(RnnRbmConfig config, int maxLength) {
        this.config = config;
        this.nv = config.visible();
        this.nh = config.hidden();
        this.nu = config.recurrent();
        this.maxLength = maxLength;
        states = new double[maxLength * nu];
        bvt = new double[maxLength * nv];
        bht = new double[maxLength * nh];
        wRows = new float[nv][nh];
        wT = new float[nh][nv];
        dPrevious = new double[maxLength * nu];
        dState = new double[nu];
        dPre = new double[nu];
        dbv = new double[nv];
        dbh = new double[nh];
        hp = new double[nh];
        hn = new double[nh];
        chainPre = new float[nh];
        chainHidden = new boolean[nh];
        visiblePre = new float[nv];
        probability = new float[Math.max(nv, nh)];
        activeV = new int[nv];
        negatives = new int[maxLength][nv];
    }

    /** Copies W into rows both ways; call once per parameter update, before the sub-sequences. */
    void prepare(RnnRbmWeights p) {
        for (int i = 0; i < nv; i++) {
            System.arraycopy(p.w, i * nh, wRows[i], 0, nh);
        }
        Gemm.transposeInto(wRows, nh, wT);
    }

    /**
     * Adds the gradient of one sub-sequence, scaled by {@code scale}, to {@code grad}, drawing the
     * CD-k negatives with {@code random}; returns the (scaled) cost. {@code sequence[t]} lists the
     * sounding visible units of window t, ascending. With {@code fixedNegatives} non-null, those
     * are the negatives (for gradient checks) and no sampling happens.
     */
    double accumulate(RnnRbmWeights p, int[][] sequence, int k, double scale, SplittableRandom random,
            RnnRbmGradient grad, int[][] fixedNegatives) {
        return accumulate(p, sequence, k, scale, random, grad, fixedNegatives, false);
    }

    /**
     * As {@link #accumulate(RnnRbmWeights, int[][], int, double, SplittableRandom, RnnRbmGradient, int[][])};
     * with {@code rbmOnly}, every window is an independent RBM with the static biases (pretraining
     * of W, bv, bh) and nothing goes through the RNN.
     */
    double accumulate(RnnRbmWeights p, int[][] sequence, int k, double scale, SplittableRandom random,
            RnnRbmGradient grad, int[][] fixedNegatives, boolean rbmOnly) {
        int steps = sequence.length;
        if (steps > maxLength) {
            throw new IllegalArgumentException("sub-sequence of " + steps + " windows exceeds " + maxLength);
        }
        forward(p, sequence, rbmOnly);
        double cost = 0;
        for (int t = 0; t < steps; t++) {
            int[] positive = sequence[t];
            int[] negative;
            int negativeCount;
            if (fixedNegatives != null) {
                negative = fixedNegatives[t];
                negativeCount = negative.length;
            } else {
                negativeCount = sample(p, rbmOnly ? 0 : t, positive, k, random, negatives[t]);
                negative = negatives[t];
            }
            cost += scale * gradientAt(p, rbmOnly ? 0 : t, t, positive, positive.length, negative, negativeCount,
                    scale, grad);
        }
        if (!rbmOnly) {
            backward(p, sequence, grad);
        }
        return cost;
    }

    /** u_t, bv_t and bh_t for every window of the sequence, from u_0 = 0. */
    private void forward(RnnRbmWeights p, int[][] sequence, boolean rbmOnly) {
        if (rbmOnly) {
            copy(p.bv, bvt, 0);
            copy(p.bh, bht, 0);
            return;
        }
        for (int t = 0; t < sequence.length; t++) {
            int bvo = t * nv;
            int bho = t * nh;
            copy(p.bv, bvt, bvo);
            copy(p.bh, bht, bho);
            int so = t * nu;
            for (int l = 0; l < nu; l++) {
                states[so + l] = p.bu[l];
            }
            if (t > 0) {
                int po = (t - 1) * nu;
                for (int l = 0; l < nu; l++) {
                    double ul = states[po + l];
                    int rv = l * nv;
                    for (int i = 0; i < nv; i++) {
                        bvt[bvo + i] += ul * p.wuv[rv + i];
                    }
                    int rh = l * nh;
                    for (int j = 0; j < nh; j++) {
                        bht[bho + j] += ul * p.wuh[rh + j];
                    }
                    int ru = l * nu;
                    for (int m = 0; m < nu; m++) {
                        states[so + m] += ul * p.wuu[ru + m];
                    }
                }
            }
            for (int i : sequence[t]) {
                int row = i * nu;
                for (int m = 0; m < nu; m++) {
                    states[so + m] += p.wvu[row + m];
                }
            }
            for (int m = 0; m < nu; m++) {
                states[so + m] = Math.tanh(states[so + m]);
            }
        }
    }

    /** Runs the CD-k chain from the data at window t; writes the negative's active units, returns their count. */
    private int sample(RnnRbmWeights p, int t, int[] positive, int k, SplittableRandom random, int[] out) {
        int count = positive.length;
        System.arraycopy(positive, 0, activeV, 0, count);
        int bvo = t * nv;
        int bho = t * nh;
        chainStart = true;
        for (int step = 0; step < k; step++) {
            sweep(p, bvo, bho, count, random);
            count = sampleVisible(random);
        }
        System.arraycopy(activeV, 0, out, 0, count);
        return count;
    }

    /**
     * Half a Gibbs sweep and the next half's probabilities: samples h given the visible units
     * {@code activeV[0..count)} under the biases at {@code bho}, then leaves p(v = 1 | h) under the
     * biases at {@code bvo} in {@code probability[0..visible)}. The first sweep of a chain (set
     * {@link #chainStart}) sums {@code bv_t + W h} over the sounding hidden units; later sweeps only
     * add or take away the rows of the hidden units that changed, a few of them once the chain
     * settles (this was the kernel's costliest loop).
     */
    private void sweep(RnnRbmWeights p, int bvo, int bho, int count, SplittableRandom random) {
        float[] z = chainPre;
        for (int j = 0; j < nh; j++) {
            z[j] = (float) bht[bho + j];
        }
        for (int a = 0; a < count; a++) {
            float[] row = wRows[activeV[a]];
            for (int j = 0; j < nh; j++) {
                z[j] += row[j];
            }
        }
        chainSigmoid(z, nh);
        float[] x = visiblePre;
        if (chainStart) {
            chainStart = false;
            for (int i = 0; i < nv; i++) {
                x[i] = (float) bvt[bvo + i];
            }
            for (int j = 0; j < nh; j++) {
                boolean on = random.nextFloat() < probability[j];
                chainHidden[j] = on;
                if (on) {
                    addRow(x, wT[j]);
                }
            }
        } else {
            for (int j = 0; j < nh; j++) {
                boolean on = random.nextFloat() < probability[j];
                if (on != chainHidden[j]) {
                    chainHidden[j] = on;
                    if (on) {
                        addRow(x, wT[j]);
                    } else {
                        subtractRow(x, wT[j]);
                    }
                }
            }
        }
        chainSigmoid(x, nv);
    }

    private void addRow(float[] x, float[] row) {
        for (int i = 0; i < nv; i++) {
            x[i] += row[i];
        }
    }

    private void subtractRow(float[] x, float[] row) {
        for (int i = 0; i < nv; i++) {
            x[i] -= row[i];
        }
    }

    /**
     * {@code probability[i] = sigmoid(pre[i])} for the first {@code n} units, with the engine's
     * branch-free float sigmoid (the loop vectorises): for drawing samples, where float precision
     * is plenty.
     */
    private void chainSigmoid(float[] pre, int n) {
        for (int i = 0; i < n; i++) {
            probability[i] = Activations.sigmoid(pre[i]);
        }
    }

    /** Draws the visible units from {@code probability} into {@code activeV}; returns how many sound. */
    private int sampleVisible(SplittableRandom random) {
        int count = 0;
        for (int i = 0; i < nv; i++) {
            if (random.nextFloat() < probability[i]) {
                activeV[count++] = i;
            }
        }
        return count;
    }

    /**
     * Gradient terms of window t that do not go through time, and dCost/du_{t-1} into dPrevious;
     * returns F_t(v) - F_t(v*). {@code biases} is the window whose biases apply (0 for pretraining,
     * where the RNN is not involved).
     */
    private double gradientAt(RnnRbmWeights p, int biases, int t, int[] positive, int pc, int[] negative, int nc,
            double scale, RnnRbmGradient g) {
        int bvo = biases * nv;
        int bho = biases * nh;
        double freePositive = hiddenProbabilities(p, bho, positive, pc, hp);
        double freeNegative = hiddenProbabilities(p, bho, negative, nc, hn);
        for (int a = 0; a < pc; a++) {
            freePositive -= bvt[bvo + positive[a]];
        }
        for (int a = 0; a < nc; a++) {
            freeNegative -= bvt[bvo + negative[a]];
        }
        java.util.Arrays.fill(dbv, 0);
        for (int a = 0; a < nc; a++) {
            dbv[negative[a]] += scale;
        }
        for (int a = 0; a < pc; a++) {
            dbv[positive[a]] -= scale;
        }
        for (int j = 0; j < nh; j++) {
            dbh[j] = (hn[j] - hp[j]) * scale;
        }
        for (int a = 0; a < nc; a++) {
            int row = negative[a] * nh;
            for (int j = 0; j < nh; j++) {
                g.w[row + j] += scale * hn[j];
            }
        }
        for (int a = 0; a < pc; a++) {
            int row = positive[a] * nh;
            for (int j = 0; j < nh; j++) {
                g.w[row + j] -= scale * hp[j];
            }
        }
        for (int i = 0; i < nv; i++) {
            g.bv[i] += dbv[i];
        }
        for (int j = 0; j < nh; j++) {
            g.bh[j] += dbh[j];
        }
        int po = t * nu;
        if (t == 0 || biases == 0) {
            java.util.Arrays.fill(dPrevious, po, po + nu, 0);
            return freePositive - freeNegative;
        }
        int so = (t - 1) * nu;
        for (int l = 0; l < nu; l++) {
            double ul = states[so + l];
            int rv = l * nv;
            int rh = l * nh;
            double d = 0;
            for (int i = 0; i < nv; i++) {
                g.wuv[rv + i] += ul * dbv[i];
                d += dbv[i] * p.wuv[rv + i];
            }
            for (int j = 0; j < nh; j++) {
                g.wuh[rh + j] += ul * dbh[j];
                d += dbh[j] * p.wuh[rh + j];
            }
            dPrevious[po + l] = d;
        }
        return freePositive - freeNegative;
    }

    /** p(h | v) under window {@code bho}'s biases into {@code out}; returns -sum_j softplus(pre_j). */
    private double hiddenProbabilities(RnnRbmWeights p, int bho, int[] active, int count, double[] out) {
        System.arraycopy(bht, bho, out, 0, nh);
        for (int a = 0; a < count; a++) {
            int row = active[a] * nh;
            for (int j = 0; j < nh; j++) {
                out[j] += p.w[row + j];
            }
        }
        double free = 0;
        for (int j = 0; j < nh; j++) {
            double x = out[j];
            free -= x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            out[j] = 1 / (1 + Math.exp(-x));
        }
        return free;
    }

    /** Back-propagation through time of dPrevious into Wvu, Wuu, bu. */
    private void backward(RnnRbmWeights p, int[][] sequence, RnnRbmGradient g) {
        int steps = sequence.length;
        java.util.Arrays.fill(dPre, 0);
        for (int t = steps - 1; t >= 0; t--) {
            // dCost/du_t: through bv_{t+1}, bh_{t+1} and through u_{t+1}'s recurrence.
            if (t + 1 < steps) {
                System.arraycopy(dPrevious, (t + 1) * nu, dState, 0, nu);
                for (int l = 0; l < nu; l++) {
                    int row = l * nu;
                    double d = 0;
                    for (int m = 0; m < nu; m++) {
                        d += p.wuu[row + m] * dPre[m];
                    }
                    dState[l] += d;
                }
            } else {
                java.util.Arrays.fill(dState, 0);
            }
            int so = t * nu;
            for (int m = 0; m < nu; m++) {
                double u = states[so + m];
                dPre[m] = dState[m] * (1 - u * u);
                g.bu[m] += dPre[m];
            }
            for (int i : sequence[t]) {
                int row = i * nu;
                for (int m = 0; m < nu; m++) {
                    g.wvu[row + m] += dPre[m];
                }
            }
            if (t > 0) {
                int po = (t - 1) * nu;
                for (int l = 0; l < nu; l++) {
                    double ul = states[po + l];
                    int row = l * nu;
                    for (int m = 0; m < nu; m++) {
                        g.wuu[row + m] += ul * dPre[m];
                    }
                }
            }
        }
    }

    /**
     * Expected frame-level accuracy of predicting each window from the true windows before it: a
     * Gibbs chain of {@code steps} iterations under window t's biases, started from the true window
     * t - 1 (silence for the first), draws a visible sample at each iteration; each of the last
     * {@code average} samples scores {@code TP / (TP + FP + FN)} against the true window (1 when
     * both are silent), and their mean is the window's expected accuracy. Starting where the music
     * was mixes far faster than starting from silence (measured on a Nottingham model: 54.6 % after
     * 20 steps, the same as after 100; from silence 47.6 % after 20 and 52.0 % after 100). Adds the
     * windows' expected accuracies into {@code counts[0]} and their number into {@code counts[1]}.
     */
    void predict(RnnRbmWeights p, int[][] sequence, int steps, int average, SplittableRandom random, double[] counts) {
        if (sequence.length > maxLength) {
            throw new IllegalArgumentException("sequence of " + sequence.length + " windows exceeds " + maxLength);
        }
        forward(p, sequence, false);
        for (int t = 0; t < sequence.length; t++) {
            int bvo = t * nv;
            int bho = t * nh;
            int count = 0;
            if (t > 0) {
                count = sequence[t - 1].length;
                System.arraycopy(sequence[t - 1], 0, activeV, 0, count);
            }
            int[] truth = sequence[t];
            double accuracy = 0;
            chainStart = true;
            for (int step = 0; step < steps; step++) {
                sweep(p, bvo, bho, count, random);
                count = sampleVisible(random);
                if (step >= steps - average) {
                    int hits = 0;
                    for (int a = 0; a < count; a++) {
                        hits += contains(truth, activeV[a]) ? 1 : 0;
                    }
                    accuracy += Evaluation.frameAccuracy(hits, count, truth.length) / average;
                }
            }
            counts[0] += accuracy;
            counts[1] += 1;
        }
    }

    private static boolean contains(int[] sorted, int value) {
        return java.util.Arrays.binarySearch(sorted, value) >= 0;
    }

    private static void copy(float[] from, double[] to, int offset) {
        for (int i = 0; i < from.length; i++) {
            to[offset + i] = from[i];
        }
    }
}
