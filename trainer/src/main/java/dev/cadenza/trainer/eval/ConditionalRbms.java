package dev.cadenza.trainer.eval;

/**
 * {@code count} binary RBMs that share their weights W and differ in their biases: the conditional
 * RBMs of an RNN-RBM's steps given the true past, {@code bv_n = bv + u Wuv}, {@code bh_n = bh + u Wuh}.
 * Flat row-major float arrays; not copied, not thread safe.
 *
 * @param visible visible units of each RBM
 * @param hidden hidden units of each RBM
 * @param count number of RBMs
 * @param w shared weights [visible x hidden]
 * @param bv visible biases [count x visible]
 * @param bh hidden biases [count x hidden]
 */
record ConditionalRbms(int visible, int hidden, int count, float[] w, float[] bv, float[] bh) {

    private static final double LOG_2 = Math.log(2);

    ConditionalRbms {
        if (visible < 1 || hidden < 1 || count < 0) {
            throw new IllegalArgumentException(
                    "invalid RBM sizes: " + visible + " visible, " + hidden + " hidden, " + count
                            + " RBMs (expected at least 1, 1, 0)");
        }
        expectLength("W", w, (long) visible * hidden);
        expectLength("bv", bv, (long) count * visible);
        expectLength("bh", bh, (long) count * hidden);
    }

    /**
     * log Z of the base model of RBM {@code n} in annealed importance sampling: the same visible
     * biases, W = 0, hidden biases 0, so Z factorises: {@code sum_i softplus(bv_i) + hidden * log 2}.
     */
    double baseLogPartition(int n) {
        double s = hidden * LOG_2;
        int o = n * visible;
        for (int i = 0; i < visible; i++) {
            s += softplus(bv[o + i]);
        }
        return s;
    }

    /**
     * Free energy of RBM {@code n} at the binary vector {@code v[offset .. offset + visible)}:
     * {@code F(v) = -v.bv_n - sum_j softplus(bh_nj + (v W)_j)}, so that {@code log p(v) = -F(v) - log Z}.
     */
    double freeEnergy(int n, float[] v, int offset) {
        double[] x = new double[hidden];
        int ho = n * hidden;
        for (int j = 0; j < hidden; j++) {
            x[j] = bh[ho + j];
        }
        double f = 0;
        int vo = n * visible;
        for (int i = 0; i < visible; i++) {
            float vi = v[offset + i];
            if (vi != 0) {
                f -= vi * bv[vo + i];
                int wo = i * hidden;
                for (int j = 0; j < hidden; j++) {
                    x[j] += vi * w[wo + j];
                }
            }
        }
        for (int j = 0; j < hidden; j++) {
            f -= softplus(x[j]);
        }
        return f;
    }

    /** {@code log(1 + e^x)} without overflow. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static void expectLength(String name, float[] a, long expected) {
        if (a.length != expected) {
            throw new IllegalArgumentException(
                    "invalid length of " + name + ": " + a.length + " (expected " + expected + ")");
        }
    }
}
