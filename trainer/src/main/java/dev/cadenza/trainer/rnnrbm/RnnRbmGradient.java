package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A gradient of the RNN-RBM's parameters, accumulated in double precision, laid out and named as
 * {@link RnnRbmWeights} (the parameters themselves are float32).
 */
public final class RnnRbmGradient {
    final RnnRbmConfig config;
    final double[] w;
    final double[] bv;
    final double[] bh;
    final double[] wuv;
    final double[] wuh;
    final double[] wvu;
    final double[] wuu;
    final double[] bu;
    /** The key input's weights' gradients; null without a key input. */
    final double[] kv;
    final double[] kh;
    final double[] ku;
    private final Map<String, double[]> byName = new LinkedHashMap<>();

    /** All zero. */
    public RnnRbmGradient(RnnRbmConfig config) {
        this.config = config;
        int v = config.visible();
        int h = config.hidden();
        int u = config.recurrent();
        w = put("W", v * h);
        bv = put("bv", v);
        bh = put("bh", h);
        wuv = put("Wuv", u * v);
        wuh = put("Wuh", u * h);
        wvu = put("Wvu", v * u);
        wuu = put("Wuu", u * u);
        bu = put("bu", u);
        kv = config.keyInput() ? put("Kv", v) : null;
        kh = config.keyInput() ? put("Kh", h) : null;
        ku = config.keyInput() ? put("Ku", u) : null;
    }

    public RnnRbmConfig config() {
        return config;
    }

    /** Arrays by preset name, in a fixed order; live views. */
    public Map<String, double[]> arrays() {
        return byName;
    }

    public void clear() {
        for (double[] a : byName.values()) {
            java.util.Arrays.fill(a, 0);
        }
    }

    /** {@code this += other}. */
    public void add(RnnRbmGradient other) {
        for (Map.Entry<String, double[]> e : byName.entrySet()) {
            double[] a = e.getValue();
            double[] b = other.byName.get(e.getKey());
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
        }
    }

    private double[] put(String name, int size) {
        double[] a = new double[size];
        byName.put(name, a);
        return a;
    }

}
