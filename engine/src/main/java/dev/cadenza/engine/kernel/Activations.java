package dev.cadenza.engine.kernel;

/**
 * The LSTM's nonlinearities, one definition for the engine and the trainer so that both compute
 * the same probabilities. {@code tanh} is a rational approximation (the one Eigen uses for float,
 * error a few float ulps; see {@code ActivationsTest}) because it has no branch and no call, so
 * the loops over a whole row below compile to vector code; {@code Math.tanh} and
 * {@code Math.exp} do not, and at the reference sizes they took longer than the products.
 * {@code sigmoid(x) = (1 + tanh(x / 2)) / 2}.
 */
public final class Activations {
    static final float CLAMP = 7.90531110763549805f;
    static final float A1 = 4.89352455891786e-03f;
    static final float A3 = 6.37261928875436e-04f;
    static final float A5 = 1.48572235717979e-05f;
    static final float A7 = 5.12229709037114e-08f;
    static final float A9 = -8.60467152213735e-11f;
    static final float A11 = 2.00018790482477e-13f;
    static final float A13 = -2.76076847742355e-16f;
    static final float B0 = 4.89352518554385e-03f;
    static final float B2 = 2.26843463243900e-03f;
    static final float B4 = 1.18534705686654e-04f;
    static final float B6 = 1.19825839466702e-06f;

    private Activations() {
    }

    public static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float v2 = v * v;
        float p = v2 * A13 + A11;
        p = v2 * p + A9;
        p = v2 * p + A7;
        p = v2 * p + A5;
        p = v2 * p + A3;
        p = v2 * p + A1;
        p = v * p;
        float q = v2 * B6 + B4;
        q = v2 * q + B2;
        q = v2 * q + B0;
        return p / q;
    }

    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** {@code a[j] = sigmoid(a[j])} for {@code from <= j < to}. Real-time safe. */
    public static void sigmoid(float[] a, int from, int to) {
        for (int j = from; j < to; j++) {
            a[j] = sigmoid(a[j]);
        }
    }

    /**
     * Bernoulli draws from log-odds: {@code out[i] = 1} where {@code uniforms[i] <
     * sigmoid((logits[i] + shift) * scale)}, else 0, for {@code i < n}, without a branch (a draw
     * is a coin toss no branch predictor learns). On the Vector API where the JVM has it
     * ({@link VectorActivations}: the same operations lane by lane, so the same floats).
     * Stateless and allocation-free: real-time safe.
     */
    public static void bernoulli(float[] logits, float shift, float scale, float[] uniforms, float[] out, int n) {
        if (Gemm.VECTOR && n >= VectorGemm.lanes()) {
            VectorActivations.bernoulli(logits, shift, scale, uniforms, out, n);
        } else {
            plainBernoulli(logits, shift, scale, uniforms, out, 0, n);
        }
    }

    /** {@link #bernoulli} in plain loops, units {@code from <= i < to}. */
    static void plainBernoulli(float[] logits, float shift, float scale, float[] uniforms, float[] out, int from,
            int to) {
        for (int i = from; i < to; i++) {
            out[i] = uniforms[i] < sigmoid((logits[i] + shift) * scale) ? 1f : 0f;
        }
    }

    /** {@code a[j] = tanh(a[j])} for {@code from <= j < to}. Real-time safe. */
    public static void tanh(float[] a, int from, int to) {
        for (int j = from; j < to; j++) {
            a[j] = tanh(a[j]);
        }
    }

    /**
     * One LSTM cell update for a row of gate pre-activations {@code z} (blocks i, f, o, g of
     * {@code h} units each), which it overwrites with the gates' activations: updates {@code c}
     * in place and writes {@code out = o tanh(c)}. Real-time safe.
     */
    public static void lstm(float[] z, float[] c, float[] out, int h) {
        sigmoid(z, 0, 3 * h);
        tanh(z, 3 * h, 4 * h);
        for (int j = 0; j < h; j++) {
            c[j] = z[h + j] * c[j] + z[j] * z[3 * h + j];
        }
        System.arraycopy(c, 0, out, 0, h);
        tanh(out, 0, h);
        for (int j = 0; j < h; j++) {
            out[j] *= z[2 * h + j];
        }
    }
}
