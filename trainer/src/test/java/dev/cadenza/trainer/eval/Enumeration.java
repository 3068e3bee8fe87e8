package dev.cadenza.trainer.eval;

import java.util.SplittableRandom;

/** Exact figures of tiny RBMs by enumerating every visible vector: the ground truth of the tests. */
final class Enumeration {
    private Enumeration() {}

    /** RBMs with weights and biases drawn uniformly from [-scale, scale]. */
    static ConditionalRbms randomRbms(int visible, int hidden, int count, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[visible * hidden];
        float[] bv = new float[count * visible];
        float[] bh = new float[count * hidden];
        for (float[] a : new float[][] {w, bv, bh}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
            }
        }
        return new ConditionalRbms(visible, hidden, count, w, bv, bh);
    }

    /** The binary vector whose bit i is bit i of {@code code}. */
    static float[] vector(int code, int visible) {
        float[] v = new float[visible];
        for (int i = 0; i < visible; i++) {
            v[i] = (code >> i) & 1;
        }
        return v;
    }

    /** log Z of RBM n: log sum_v exp(-F(v)). */
    static double logPartition(ConditionalRbms rbms, int n) {
        int states = 1 << rbms.visible();
        double[] negF = new double[states];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < states; c++) {
            negF[c] = -rbms.freeEnergy(n, vector(c, rbms.visible()), 0);
            max = Math.max(max, negF[c]);
        }
        double s = 0;
        for (double x : negF) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }

    /** P(v_i = 1) of RBM n. */
    static double[] marginals(ConditionalRbms rbms, int n) {
        int visible = rbms.visible();
        double logZ = logPartition(rbms, n);
        double[] p = new double[visible];
        for (int c = 0; c < 1 << visible; c++) {
            float[] v = vector(c, visible);
            double pv = Math.exp(-rbms.freeEnergy(n, v, 0) - logZ);
            for (int i = 0; i < visible; i++) {
                p[i] += v[i] * pv;
            }
        }
        return p;
    }

    /** E[TP / (TP + FP + FN)] of a sample of RBM n against the binary vector {@code y} (1 when both are empty). */
    static double expectedAccuracy(ConditionalRbms rbms, int n, float[] y) {
        int visible = rbms.visible();
        double logZ = logPartition(rbms, n);
        double expected = 0;
        for (int c = 0; c < 1 << visible; c++) {
            float[] v = vector(c, visible);
            double pv = Math.exp(-rbms.freeEnergy(n, v, 0) - logZ);
            expected += pv * accuracy(v, y);
        }
        return expected;
    }

    /** TP / (TP + FP + FN) of binary vectors, 1 when both are empty. */
    static double accuracy(float[] v, float[] y) {
        int hits = 0;
        int union = 0;
        for (int i = 0; i < v.length; i++) {
            hits += v[i] > 0.5f && y[i] > 0.5f ? 1 : 0;
            union += v[i] > 0.5f || y[i] > 0.5f ? 1 : 0;
        }
        return union == 0 ? 1.0 : (double) hits / union;
    }
}
