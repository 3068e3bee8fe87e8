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
    /*
     * Every matrix here, parameters, per-window vectors and gradient sums alike, is held as one
     * array per row, so that each inner loop is out[j] += a * row[j] over whole rows: C2 compiles
     * that to vector code, and does not when the loop indexes one flat array from an offset
     * (about 4 times slower here; see the engine's Gemm).
     */
    /** u_t per window. */
    private final double[][] states;
    /** bv_t and bh_t per window. */
    private final double[][] bvt;
    private final double[][] bht;
    /** W as float rows both ways ([visible][hidden], [hidden][visible]) for the chain, and as double rows for the gradient. */
    private final float[][] wRows;
    private final float[][] wT;
    private final double[][] w;
    /** The RNN's weights as double rows, each also transposed for the backward products; copied at each update. */
    private final double[][] wuv;
    private final double[][] wuvT;
    private final double[][] wuh;
    private final double[][] wuhT;
    private final double[][] wuu;
    private final double[][] wuuT;
    private final double[][] wvu;
    /** This sub-sequence's sums of the matrices' gradients, as rows, added into the gradient store at its end. */
    private final double[][] gw;
    private final double[][] gwuv;
    private final double[][] gwuh;
    private final double[][] gwuu;
    private final double[][] gwvu;
    /** dCost/du_{t-1} through window t's RBM biases. */
    private final double[][] dPrevious;
    private final double[] dState;
    private final double[] dPre;
    private final double[] dbh;
    /** This sub-sequence's sums of the biases' gradients, added into the gradient store (and, scaled by the key input, into the key's weights) at its end. */
    private final double[] gbv;
    private final double[] gbh;
    private final double[] gbu;
    /** The key input of the sub-sequences that follow ({@link #key}); 0 without one. */
    private double key;
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
    /** State of {@link #fillUniform}'s stream: the next counter value and the key. */
    private int counter;
    private int streamKey;
    /** 0, 1, 2, ...: the counter offsets of a fill (an array, so that the fill loop vectorises). */
    private final int[] lanes;
    private final float[] uniform;
    private final int[] activeV;
    private final int[][] negatives;
    private boolean negativesFromBias;
    /** Share of the windows whose RNN input is the window's own negative sample instead of the data. */
    private double ownSamples;
    /** What the RNN heard at each window (the data's units or the negative's), and how many units. */
    private final int[][] heard;
    private final int[] heardCount;

    RnnRbmKernel(RnnRbmConfig config, int maxLength) {
        this.config = config;
        this.nv = config.visible();
        this.nh = config.hidden();
        this.nu = config.recurrent();
        this.maxLength = maxLength;
        states = new double[maxLength][nu];
        bvt = new double[maxLength][nv];
        bht = new double[maxLength][nh];
        wRows = new float[nv][nh];
        wT = new float[nh][nv];
        w = new double[nv][nh];
        wuv = new double[nu][nv];
        wuvT = new double[nv][nu];
        wuh = new double[nu][nh];
        wuhT = new double[nh][nu];
        wuu = new double[nu][nu];
        wuuT = new double[nu][nu];
        wvu = new double[nv][nu];
        gw = new double[nv][nh];
        gwuv = new double[nu][nv];
        gwuh = new double[nu][nh];
        gwuu = new double[nu][nu];
        gwvu = new double[nv][nu];
        dPrevious = new double[maxLength][nu];
        dState = new double[nu];
        dPre = new double[nu];
        dbh = new double[nh];
        gbv = new double[nv];
        gbh = new double[nh];
        gbu = new double[nu];
        hp = new double[nh];
        hn = new double[nh];
        chainPre = new float[nh];
        chainHidden = new boolean[nh];
        visiblePre = new float[nv];
        probability = new float[Math.max(nv, nh)];
        uniform = new float[Math.max(nv, nh)];
        lanes = new int[Math.max(nv, nh)];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = i;
        }
        activeV = new int[nv];
        negatives = new int[maxLength][nv];
        heard = new int[maxLength][];
        heardCount = new int[maxLength];
    }

    /** Copies the weight matrices into rows; call once per parameter update, before the sub-sequences. */
    void prepare(RnnRbmWeights p) {
        for (int i = 0; i < nv; i++) {
            System.arraycopy(p.w, i * nh, wRows[i], 0, nh);
        }
        Gemm.transposeInto(wRows, nh, wT);
        rows(p.w, w);
        rows(p.wuv, wuv);
        rows(p.wuh, wuh);
        rows(p.wuu, wuu);
        rows(p.wvu, wvu);
        transpose(wuv, wuvT);
        transpose(wuh, wuhT);
        transpose(wuu, wuuT);
    }

    private static void rows(float[] flat, double[][] out) {
        int columns = out.length == 0 ? 0 : out[0].length;
        for (int r = 0; r < out.length; r++) {
            double[] row = out[r];
            int o = r * columns;
            for (int c = 0; c < columns; c++) {
                row[c] = flat[o + c];
            }
        }
    }

    private static void transpose(double[][] m, double[][] out) {
        for (int r = 0; r < m.length; r++) {
            double[] row = m[r];
            for (int c = 0; c < row.length; c++) {
                out[c][r] = row[c];
            }
        }
    }

    /** Adds the row sums into the flat gradient store and clears them. */
    private static void flush(double[][] rows, double[] flat) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        for (int r = 0; r < rows.length; r++) {
            double[] row = rows[r];
            int o = r * columns;
            for (int c = 0; c < columns; c++) {
                flat[o + c] += row[c];
            }
            java.util.Arrays.fill(row, 0);
        }
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
        seedUniform(random == null ? 0 : random.nextLong());
        boolean hearOwn = !rbmOnly && fixedNegatives == null && ownSamples > 0 && random != null;
        if (rbmOnly) { // every window an RBM of the static biases
            staticBiases(p, bvt[0], bht[0]);
        }
        double cost = 0;
        // window by window: the biases from what the RNN heard so far, the negative, then what it hears
        // next: the data or, with the share of own samples, the negative just drawn
        for (int t = 0; t < steps; t++) {
            int biases = rbmOnly ? 0 : t;
            if (!rbmOnly) {
                biasesAt(p, t);
            }
            int[] positive = sequence[t];
            int[] negative;
            int negativeCount;
            if (fixedNegatives != null) {
                negative = fixedNegatives[t];
                negativeCount = negative.length;
            } else {
                negativeCount = sample(biases, positive, k, negatives[t], negativesFromBias && !rbmOnly);
                negative = negatives[t];
            }
            boolean own = hearOwn && random.nextDouble() < ownSamples;
            heard[t] = own ? negative : positive;
            heardCount[t] = own ? negativeCount : positive.length;
            if (!rbmOnly) {
                stateAt(p, t, heard[t], heardCount[t]);
            }
            cost += scale * gradientAt(biases, t, positive, positive.length, negative, negativeCount, scale, grad);
        }
        if (!rbmOnly) {
            backward(steps, grad);
        }
        flush(gw, grad.w);
        flush(gwuv, grad.wuv);
        flush(gwuh, grad.wuh);
        flush(gwuu, grad.wuu);
        flush(gwvu, grad.wvu);
        flushBias(gbv, grad.bv, grad.kv);
        flushBias(gbh, grad.bh, grad.kh);
        flushBias(gbu, grad.bu, grad.ku);
        return cost;
    }

    /** Adds a bias's sums into the store and, scaled by the key input, into its key weights' (where the model has them); clears them. */
    private void flushBias(double[] sums, double[] bias, double[] keyWeights) {
        for (int i = 0; i < sums.length; i++) {
            bias[i] += sums[i];
            if (keyWeights != null) {
                keyWeights[i] += key * sums[i];
            }
        }
        java.util.Arrays.fill(sums, 0);
    }

    /**
     * The key input of the sub-sequences that follow (a model with a key input, {@link
     * RnnRbmConfig#keyInput()}: {@link dev.cadenza.engine.model.Models#keyInput} of the key the piece came from); it
     * is ignored by a model without one.
     */
    void key(double value) {
        key = config.keyInput() ? value : 0;
    }

    /** bv and bh before the RNN's part: the static biases, with the key input's part. */
    private void staticBiases(RnnRbmWeights p, double[] bv, double[] bh) {
        copy(p.bv, bv);
        copy(p.bh, bh);
        if (key != 0) {
            addScaled(bv, key, p.kv);
            addScaled(bh, key, p.kh);
        }
    }

    /** u_t, bv_t and bh_t for every window of the sequence, from u_0 = 0, the RNN hearing the data. */
    private void forward(RnnRbmWeights p, int[][] sequence) {
        for (int t = 0; t < sequence.length; t++) {
            biasesAt(p, t);
            stateAt(p, t, sequence[t], sequence[t].length);
        }
    }

    /** bv_t and bh_t from u_{t-1} (the static biases at t = 0). */
    private void biasesAt(RnnRbmWeights p, int t) {
        double[] bv = bvt[t];
        double[] bh = bht[t];
        staticBiases(p, bv, bh);
        if (t > 0) {
            double[] previous = states[t - 1];
            for (int l = 0; l < nu; l++) {
                double ul = previous[l];
                addScaled(bv, ul, wuv[l]);
                addScaled(bh, ul, wuh[l]);
            }
        }
    }

    /** u_t from u_{t-1} and the window the RNN hears, {@code units[0..count)}. */
    private void stateAt(RnnRbmWeights p, int t, int[] units, int count) {
        double[] u = states[t];
        copy(p.bu, u);
        if (key != 0) {
            addScaled(u, key, p.ku);
        }
        if (t > 0) {
            double[] previous = states[t - 1];
            for (int l = 0; l < nu; l++) {
                addScaled(u, previous[l], wuu[l]);
            }
        }
        for (int a = 0; a < count; a++) {
            addScaled(u, 1, wvu[units[a]]);
        }
        for (int m = 0; m < nu; m++) {
            u[m] = Math.tanh(u[m]);
        }
    }

    /** {@code out += a * row}, over the whole row. */
    private static void addScaled(double[] out, double a, float[] row) {
        for (int i = 0; i < row.length; i++) {
            out[i] += a * row[i];
        }
    }

    /** {@code out += a * row}, over the whole row. */
    private static void addScaled(double[] out, double a, double[] row) {
        for (int i = 0; i < row.length; i++) {
            out[i] += a * row[i];
        }
    }

    /**
     * Where the CD-k chains of the RNN-RBM start: at the data (false, CD-k as the paper trains), or
     * (true) where the engine's sampler starts them, at a draw of each visible unit from its
     * RNN-given bias alone, so that the negative phase meets the modes generation meets and pushes
     * up the energy of the spurious ones. Pretraining always starts at the data.
     */
    void negativesFromBias(boolean value) {
        negativesFromBias = value;
    }

    /**
     * Scheduled sampling: the share (0..1) of the windows after which the RNN hears the window's own
     * CD-k negative, a draw of the model given the past (with {@link #negativesFromBias}, drawn as
     * the engine's sampler draws), instead of the data; the frames to learn stay the data's. 0 =
     * teacher forcing (the gradient is then exactly the plain one).
     */
    void ownSamples(double share) {
        ownSamples = share;
    }

    /** Runs the CD-k chain at window t from the data (or its bias); writes the negative's active units, returns their count. */
    private int sample(int t, int[] positive, int k, int[] out, boolean fromBias) {
        int count;
        if (fromBias) {
            count = drawFromBias(bvt[t]);
        } else {
            count = positive.length;
            System.arraycopy(positive, 0, activeV, 0, count);
        }
        chainStart = true;
        for (int step = 0; step < k; step++) {
            sweep(bvt[t], bht[t], count);
            count = sampleVisible();
        }
        System.arraycopy(activeV, 0, out, 0, count);
        return count;
    }

    /**
     * Half a Gibbs sweep and the next half's probabilities: samples h given the visible units
     * {@code activeV[0..count)} under the hidden biases {@code bh}, then leaves p(v = 1 | h) under the
     * visible biases {@code bv} in {@code probability[0..visible)}. The first sweep of a chain (set
     * {@link #chainStart}) sums {@code bv_t + W h} over the sounding hidden units; later sweeps only
     * add or take away the rows of the hidden units that changed, a few of them once the chain
     * settles (this was the kernel's costliest loop).
     */
    private void sweep(double[] bv, double[] bh, int count) {
        float[] z = chainPre;
        for (int j = 0; j < nh; j++) {
            z[j] = (float) bh[j];
        }
        for (int a = 0; a < count; a++) {
            float[] row = wRows[activeV[a]];
            for (int j = 0; j < nh; j++) {
                z[j] += row[j];
            }
        }
        chainSigmoid(z, nh);
        fillUniform(nh);
        float[] x = visiblePre;
        if (chainStart) {
            chainStart = false;
            for (int i = 0; i < nv; i++) {
                x[i] = (float) bv[i];
            }
            for (int j = 0; j < nh; j++) {
                boolean on = uniform[j] < probability[j];
                chainHidden[j] = on;
                if (on) {
                    addRow(x, wT[j]);
                }
            }
        } else {
            for (int j = 0; j < nh; j++) {
                boolean on = uniform[j] < probability[j];
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

    /**
     * Fills {@code uniform[0..n)} with draws in [0, 1) of 24 random bits each: a 32-bit Weyl
     * sequence (a counter times the golden ratio, offset by a key; both seeded per sub-sequence
     * from the caller's random source) through MurmurHash3's finaliser: one pass of integer
     * arithmetic over an array, with no dependence between draws. A profile put a fifth of the
     * training time in {@link SplittableRandom#nextFloat} (drawn one at a time inside the sampling
     * loops); replacing it by an inlined scalar SplitMix64 and then by this fill gained a few per cent
     * each in measured frames/s.
     */
    private void fillUniform(int n) {
        int base = counter;
        counter += n;
        int key = streamKey;
        for (int i = 0; i < n; i++) {
            int x = (base + lanes[i]) * 0x9E3779B9 + key;
            x = (x ^ (x >>> 16)) * 0x85EBCA6B;
            x = (x ^ (x >>> 13)) * 0xC2B2AE35;
            uniform[i] = ((x ^ (x >>> 16)) >>> 8) * 0x1.0p-24f;
        }
    }

    /** Starts the stream of {@link #fillUniform} from a seed. */
    private void seedUniform(long seed) {
        counter = (int) seed;
        streamKey = (int) (seed >>> 32);
    }

    /** Draws the visible units from {@code probability} into {@code activeV}; returns how many sound. */
    /** Draws each visible unit from {@code sigmoid(bv)} alone into {@code activeV}; returns how many sound. */
    private int drawFromBias(double[] bv) {
        float[] x = visiblePre;
        for (int i = 0; i < nv; i++) {
            x[i] = (float) bv[i];
        }
        chainSigmoid(x, nv);
        return sampleVisible();
    }

    private int sampleVisible() {
        fillUniform(nv);
        int count = 0;
        for (int i = 0; i < nv; i++) {
            if (uniform[i] < probability[i]) {
                activeV[count++] = i;
            }
        }
        return count;
    }

    /**
     * Gradient terms of window t that do not go through time, and dCost/du_{t-1} into dPrevious;
     * returns F_t(v) - F_t(v*). {@code biases} is the window whose biases apply (0 for pretraining,
     * where the RNN is not involved). dCost/dbv_t is sparse (+scale at the negative's sounding
     * units, -scale at the data's), so its products run over those units only.
     */
    private double gradientAt(int biases, int t, int[] positive, int pc, int[] negative, int nc, double scale,
            RnnRbmGradient g) {
        double[] bv = bvt[biases];
        double[] bh = bht[biases];
        double freePositive = hiddenProbabilities(bh, positive, pc, hp);
        double freeNegative = hiddenProbabilities(bh, negative, nc, hn);
        for (int a = 0; a < pc; a++) {
            freePositive -= bv[positive[a]];
        }
        for (int a = 0; a < nc; a++) {
            freeNegative -= bv[negative[a]];
        }
        for (int j = 0; j < nh; j++) {
            dbh[j] = (hn[j] - hp[j]) * scale;
        }
        for (int a = 0; a < nc; a++) {
            addScaled(gw[negative[a]], scale, hn);
            gbv[negative[a]] += scale;
        }
        for (int a = 0; a < pc; a++) {
            addScaled(gw[positive[a]], -scale, hp);
            gbv[positive[a]] -= scale;
        }
        for (int j = 0; j < nh; j++) {
            gbh[j] += dbh[j];
        }
        double[] dp = dPrevious[t];
        if (t == 0 || biases == 0) {
            java.util.Arrays.fill(dp, 0);
            return freePositive - freeNegative;
        }
        double[] previous = states[t - 1];
        for (int l = 0; l < nu; l++) {
            double ul = previous[l];
            addScaled(gwuh[l], ul, dbh);
            double[] row = gwuv[l];
            for (int a = 0; a < nc; a++) {
                row[negative[a]] += ul * scale;
            }
            for (int a = 0; a < pc; a++) {
                row[positive[a]] -= ul * scale;
            }
        }
        // dPrevious = Wuh dbh + Wuv dbv, as sums of the transposes' rows
        java.util.Arrays.fill(dp, 0);
        for (int j = 0; j < nh; j++) {
            addScaled(dp, dbh[j], wuhT[j]);
        }
        for (int a = 0; a < nc; a++) {
            addScaled(dp, scale, wuvT[negative[a]]);
        }
        for (int a = 0; a < pc; a++) {
            addScaled(dp, -scale, wuvT[positive[a]]);
        }
        return freePositive - freeNegative;
    }

    /** p(h | v) under the hidden biases {@code bh} into {@code out}; returns -sum_j softplus(pre_j). */
    private double hiddenProbabilities(double[] bh, int[] active, int count, double[] out) {
        System.arraycopy(bh, 0, out, 0, nh);
        for (int a = 0; a < count; a++) {
            addScaled(out, 1, w[active[a]]);
        }
        double free = 0;
        for (int j = 0; j < nh; j++) {
            double x = out[j];
            free -= x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            out[j] = 1 / (1 + Math.exp(-x));
        }
        return free;
    }

    /** Back-propagation through time of dPrevious into Wvu, Wuu, bu, through what the RNN heard. */
    private void backward(int steps, RnnRbmGradient g) {
        java.util.Arrays.fill(dPre, 0);
        for (int t = steps - 1; t >= 0; t--) {
            // dCost/du_t: through bv_{t+1}, bh_{t+1} and through u_{t+1}'s recurrence (Wuu dPre).
            if (t + 1 < steps) {
                System.arraycopy(dPrevious[t + 1], 0, dState, 0, nu);
                for (int m = 0; m < nu; m++) {
                    addScaled(dState, dPre[m], wuuT[m]);
                }
            } else {
                java.util.Arrays.fill(dState, 0);
            }
            double[] u = states[t];
            for (int m = 0; m < nu; m++) {
                dPre[m] = dState[m] * (1 - u[m] * u[m]);
                gbu[m] += dPre[m];
            }
            int[] units = heard[t];
            for (int a = 0; a < heardCount[t]; a++) {
                addScaled(gwvu[units[a]], 1, dPre);
            }
            if (t > 0) {
                double[] previous = states[t - 1];
                for (int l = 0; l < nu; l++) {
                    addScaled(gwuu[l], previous[l], dPre);
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
        forward(p, sequence);
        seedUniform(random.nextLong());
        for (int t = 0; t < sequence.length; t++) {
            int count = 0;
            if (t > 0) {
                count = sequence[t - 1].length;
                System.arraycopy(sequence[t - 1], 0, activeV, 0, count);
            }
            int[] truth = sequence[t];
            double accuracy = 0;
            chainStart = true;
            for (int step = 0; step < steps; step++) {
                sweep(bvt[t], bht[t], count);
                count = sampleVisible();
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

    private static void copy(float[] from, double[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = from[i];
        }
    }
}
