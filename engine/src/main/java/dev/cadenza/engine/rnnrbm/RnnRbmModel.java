package dev.cadenza.engine.rnnrbm;

import dev.cadenza.engine.kernel.Activations;
import dev.cadenza.engine.kernel.Gemm;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.SplitMix;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;

/**
 * The RNN-RBM's step-by-step sampler, in plain Java: at the reference sizes a step is a few
 * thousand multiply-adds per Gibbs iteration, and a single small ND4J call costs more than the
 * whole product in a loop (measured: 35-45 µs against about 9 µs), so the real-time path does not
 * go through ND4J. Sigmoids use {@link Activations}' branch-free approximation (a few float ulps)
 * so the loops compile to vector code. {@code RnnRbmSamplerAgreementTest} (trainer module) proves
 * these probabilities equal an ND4J formulation of the trainer's forward pass.
 *
 * <p>Per window (one RBM; {@code window = 1} is the paper's model): biases
 * {@code bv_t = bv + u_{t-1} Wuv}, {@code bh_t = bh + u_{t-1} Wuh}; a block Gibbs chain of
 * {@link Controls#gibbsSteps()} iterations started from a draw of each visible unit from its bias
 * {@code bv_t} alone (the RNN's guess before the RBM; the tutorial starts from silence, and a chain
 * started at the previous window, as the evaluation's are, rarely leaves it: free-running music
 * then drones); then {@code u_t = tanh(bu + v_t Wvu + u_{t-1} Wuu)}.
 * Controls enter the chain as follows: every log-odds is divided by the temperature; the density
 * bias is added to the visible log-odds; with {@link Controls#likelyFrame()} the chain's last
 * visible update takes the likely notes given its hidden draw instead of drawing each; a pitch
 * that is not allowed is held silent and a clamped pitch is held sounding at every iteration, so
 * the other units are sampled conditionally on them.
 *
 * <p>Without articulation, binary frames carry none: a pitch that sounds after a silent step is
 * STRUCK, one that sounds on is HELD. With it ({@link RnnRbmConfig#articulation()}), a sounding
 * pitch whose struck unit is on is STRUCK even if it sounded the step before; a struck unit without
 * its sounding unit means nothing and is cleared before the RNN hears the step.
 *
 * <p>Everything is allocated in the constructor; {@link #reset}, {@link #observe} and
 * {@link #sample} allocate nothing and are real-time safe. One thread at a time.
 */
public final class RnnRbmModel implements StepModel {
    private final RnnRbmConfig config;
    private final RnnRbmWeights weights;
    private final int nv;
    private final int nh;
    private final int nu;
    private final int pitches;
    /** Units per step: pitches, or pitches sounding then pitches struck. */
    private final int units;
    private final boolean articulation;
    /*
     * The weights as one array per row, [from][to], as {@link Gemm} keeps them: a loop that adds a
     * row into a vector, out[j] += row[j], compiles to vector code; with a row offset into one flat
     * array it does not (about 4 times slower here). W is kept both ways, so that v -> h and
     * h -> v each sum contiguous rows.
     */
    private final float[][] w;
    private final float[][] wT;
    private final float[][] wuv;
    private final float[][] wuh;
    private final float[][] wvu;
    private final float[][] wuu;

    private final float[] u;
    private final float[] uNext;
    private final float[] bvt;
    private final float[] bht;
    private final float[] v;
    private final float[] h;
    private final float[] pre;
    /** The uniforms of one layer's draw. */
    private final float[] uniforms;
    /** The indices of the visible and hidden units that are on, {@link #list}ed after each draw. */
    private final int[] onVisible;
    private final int[] onHidden;
    /** Visible units of the current window, whether sampled or observed. */
    private final float[] window;
    /** Per visible unit: -1 held silent, 1 held sounding, 0 sampled (see {@link #prepareConstraints}). */
    private final byte[] constraint;
    private final boolean[] previousSounding;
    private int position;
    private boolean biasesReady;
    /** The key input (0 without one, or in C). */
    private float key;
    private final SplitMix random = new SplitMix(0);

    public RnnRbmModel(RnnRbmWeights weights) {
        this.weights = weights;
        this.config = weights.config;
        this.nv = config.visible();
        this.nh = config.hidden();
        this.nu = config.recurrent();
        this.pitches = config.range().size();
        this.units = config.unitsPerStep();
        this.articulation = config.articulation();
        this.w = Gemm.rows(weights.w, nv, nh);
        this.wT = Gemm.transpose(w, nh);
        this.wuv = Gemm.rows(weights.wuv, nu, nv);
        this.wuh = Gemm.rows(weights.wuh, nu, nh);
        this.wvu = Gemm.rows(weights.wvu, nv, nu);
        this.wuu = Gemm.rows(weights.wuu, nu, nu);
        u = new float[nu];
        uNext = new float[nu];
        bvt = new float[nv];
        bht = new float[nh];
        v = new float[nv];
        h = new float[nh];
        pre = new float[Math.max(nv, Math.max(nh, nu))];
        uniforms = new float[Math.max(nv, nh)];
        onVisible = new int[nv];
        onHidden = new int[nh];
        window = new float[nv];
        constraint = new byte[nv];
        previousSounding = new boolean[pitches];
        reset(0);
    }

    public RnnRbmConfig config() {
        return config;
    }

    @Override
    public PitchRange range() {
        return config.range();
    }

    @Override
    public int stepsPerQuarter() {
        return config.stepsPerQuarter();
    }

    @Override
    public void reset(long seed) {
        random.seed(seed);
        java.util.Arrays.fill(u, 0f);
        java.util.Arrays.fill(window, 0f);
        java.util.Arrays.fill(previousSounding, false);
        position = 0;
        biasesReady = false;
    }

    @Override
    public void movedFromC(int whiteKeyShift) {
        key = config.keyInput() ? Models.keyInput(whiteKeyShift) : 0f;
        biasesReady = false;
    }

    @Override
    public void observe(Frame played) {
        int offset = position * units;
        for (int i = 0; i < pitches; i++) {
            boolean on = played.sounding(i);
            window[offset + i] = on ? 1f : 0f;
            if (articulation) {
                window[offset + pitches + i] = on && (played.struck(i) || !previousSounding[i]) ? 1f : 0f;
            }
            previousSounding[i] = on;
        }
        advance();
    }

    @Override
    public void sample(Controls controls, Frame out) {
        if (position == 0) {
            prepareBiases();
            gibbs(controls);
            System.arraycopy(v, 0, window, 0, nv);
        }
        int offset = position * units;
        for (int i = 0; i < pitches; i++) {
            boolean on = window[offset + i] != 0f;
            boolean struck = on && (!previousSounding[i] || articulation && window[offset + pitches + i] != 0f);
            if (articulation) {
                window[offset + pitches + i] = struck ? 1f : 0f;
            }
            out.setCode(i, !on ? Cell.SILENT_CODE : struck ? Cell.STRUCK_CODE : Cell.HELD_CODE);
            out.setVelocity(i, 0);
            previousSounding[i] = on;
        }
        advance();
    }

    /**
     * The biases of the next window's RBM given the steps so far, without advancing:
     * {@code bv_t = bv + u_{t-1} Wuv} into {@code bvOut} [visible], {@code bh_t = bh + u_{t-1} Wuh}
     * into {@code bhOut} [hidden]. Mid-window, these are the current window's biases.
     */
    void nextBiases(float[] bvOut, float[] bhOut) {
        prepareBiases();
        System.arraycopy(bvt, 0, bvOut, 0, nv);
        System.arraycopy(bht, 0, bhOut, 0, nh);
    }

    /** {@code out[j] = sigmoid(bh[j] + sum_i v[i] W[i][j])}: p(h = 1 | v). */
    void hiddenProbabilities(float[] visible, float[] hiddenBias, float[] out) {
        hiddenPreActivation(visible, hiddenBias, out);
        Activations.sigmoid(out, 0, nh);
    }

    /** {@code out[i] = sigmoid(bv[i] + sum_j W[i][j] h[j])}: p(v = 1 | h). */
    void visibleProbabilities(float[] hidden, float[] visibleBias, float[] out) {
        visiblePreActivation(hidden, visibleBias, out);
        Activations.sigmoid(out, 0, nv);
    }

    private void prepareBiases() {
        if (biasesReady) {
            return;
        }
        System.arraycopy(weights.bv, 0, bvt, 0, nv);
        System.arraycopy(weights.bh, 0, bht, 0, nh);
        if (key != 0f) {
            Gemm.axpy(key, weights.kv, bvt, 0, nv);
            Gemm.axpy(key, weights.kh, bht, 0, nh);
        }
        for (int k = 0; k < nu; k++) {
            float uk = u[k];
            if (uk == 0f) {
                continue;
            }
            float[] rv = wuv[k];
            for (int i = 0; i < nv; i++) {
                bvt[i] += uk * rv[i];
            }
            float[] rh = wuh[k];
            for (int j = 0; j < nh; j++) {
                bht[j] += uk * rh[j];
            }
        }
        biasesReady = true;
    }

    private void gibbs(Controls controls) {
        float invT = (float) (1.0 / controls.temperature());
        float density = (float) controls.densityBias();
        boolean constrained = prepareConstraints(controls);
        // The chain starts from the RNN's own guess, each unit drawn from its visible bias alone: a
        // chain started at the previous window rarely leaves it, and the music drones (measured with
        // cadenza judge: nottingham-rnnrbm plays 0.44 onsets a bar from the previous window, 6.2 from
        // this start, against the data's 7.2; jsb-rnnrbm is unchanged within a few hundredths).
        draw(bvt, density, invT, v, nv);
        int onV = constrainAndList(constrained);
        boolean likely = controls.likelyFrame();
        for (int step = controls.gibbsSteps(); step > 0; step--) {
            Gemm.sumRows(w, onVisible, onV, bht, pre, nh);
            draw(pre, 0f, invT, h, nh);
            int onH = list(h, nh, onHidden);
            Gemm.sumRows(wT, onHidden, onH, bvt, pre, nv);
            if (likely && step == 1) {
                likelyNotes(pre, density, v, nv); // the frame: the notes more likely than not given h
            } else {
                draw(pre, density, invT, v, nv);
            }
            onV = constrainAndList(constrained);
        }
    }

    /** {@code out[i] = 1} where {@code logits[i] + shift > 0} (probability above 1/2 at any temperature), else 0. */
    private static void likelyNotes(float[] logits, float shift, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = logits[i] + shift > 0f ? 1f : 0f;
        }
    }

    /** {@code out[i] = 1} with probability {@code sigmoid((logits[i] + shift) * invT)}, else 0, for {@code i < n}. */
    private void draw(float[] logits, float shift, float invT, float[] out, int n) {
        random.nextFloats(uniforms, n);
        Activations.bernoulli(logits, shift, invT, uniforms, out, n);
    }

    /** Applies the constraints to {@link #v} where there are any, then lists its units that are on. */
    private int constrainAndList(boolean constrained) {
        if (constrained) {
            applyConstraints();
        }
        return list(v, nv, onVisible);
    }

    /** Writes the indices of the units of {@code units[0..n)} that are on (1) into {@code on}; returns how many. */
    private static int list(float[] units, int n, int[] on) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            on[count] = i;
            count += (int) units[i];
        }
        return count;
    }

    /**
     * Reads the controls' allowed and clamped pitches into a per-unit table (-1 silent, 1 sounding,
     * 0 free) for this step's chain; returns whether any unit is constrained.
     */
    private boolean prepareConstraints(Controls controls) {
        boolean any = false;
        for (int i = 0; i < nv; i++) {
            int unit = i % units;
            int p = unit % pitches;
            // a struck unit is silenced with its pitch, never clamped: a held key may be held or struck
            boolean struckUnit = unit >= pitches;
            byte c = !controls.allowed(p) ? (byte) -1 : controls.clamped(p) && !struckUnit ? (byte) 1 : (byte) 0;
            constraint[i] = c;
            any |= c != 0;
        }
        return any;
    }

    /** Silences pitches that are not allowed and sounds clamped ones, in every frame of the window. */
    private void applyConstraints() {
        for (int i = 0; i < nv; i++) {
            byte c = constraint[i];
            if (c != 0) {
                v[i] = c > 0 ? 1f : 0f;
            }
        }
    }

    private void hiddenPreActivation(float[] visible, float[] hiddenBias, float[] out) {
        System.arraycopy(hiddenBias, 0, out, 0, nh);
        for (int i = 0; i < nv; i++) {
            float vi = visible[i];
            if (vi == 0f) {
                continue;
            }
            float[] row = w[i];
            if (vi == 1f) {
                for (int j = 0; j < nh; j++) {
                    out[j] += row[j];
                }
            } else {
                for (int j = 0; j < nh; j++) {
                    out[j] += vi * row[j];
                }
            }
        }
    }

    private void visiblePreActivation(float[] hidden, float[] visibleBias, float[] out) {
        System.arraycopy(visibleBias, 0, out, 0, nv);
        for (int j = 0; j < nh; j++) {
            float hj = hidden[j];
            if (hj == 0f) {
                continue;
            }
            float[] row = wT[j];
            if (hj == 1f) {
                for (int i = 0; i < nv; i++) {
                    out[i] += row[i];
                }
            } else {
                for (int i = 0; i < nv; i++) {
                    out[i] += hj * row[i];
                }
            }
        }
    }

    /** Moves to the next frame of the window; at the window's end, advances the RNN with it. */
    private void advance() {
        position++;
        if (position < config.window()) {
            return;
        }
        position = 0;
        System.arraycopy(weights.bu, 0, uNext, 0, nu);
        if (key != 0f) {
            Gemm.axpy(key, weights.ku, uNext, 0, nu);
        }
        for (int i = 0; i < nv; i++) {
            if (window[i] == 0f) {
                continue;
            }
            float[] row = wvu[i];
            float vi = window[i];
            for (int k = 0; k < nu; k++) {
                uNext[k] += vi * row[k];
            }
        }
        for (int l = 0; l < nu; l++) {
            float ul = u[l];
            if (ul == 0f) {
                continue;
            }
            float[] row = wuu[l];
            for (int k = 0; k < nu; k++) {
                uNext[k] += ul * row[k];
            }
        }
        for (int k = 0; k < nu; k++) {
            u[k] = (float) Math.tanh(uNext[k]);
        }
        biasesReady = false;
    }
}
