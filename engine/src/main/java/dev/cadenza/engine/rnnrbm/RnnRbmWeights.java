package dev.cadenza.engine.rnnrbm;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.engine.roll.PitchRange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of an RNN-RBM as flat row-major float arrays, named as in the paper and the
 * deeplearning.net tutorial (and so in presets, one {@code .npy} per array):
 *
 * <pre>
 *   W   [visible x hidden]     RBM weights, shared by every step
 *   bv  [visible]  bh [hidden] RBM biases before the RNN's contribution
 *   Wuv [recurrent x visible]  bv_t = bv + u_{t-1} Wuv
 *   Wuh [recurrent x hidden]   bh_t = bh + u_{t-1} Wuh
 *   Wvu [visible x recurrent]  u_t = tanh(bu + v_t Wvu + u_{t-1} Wuu)
 *   Wuu [recurrent x recurrent]
 *   bu  [recurrent]
 * </pre>
 *
 * With a key input ({@link RnnRbmConfig#keyInput()}), three more, each scaled by the key input
 * {@code k} ({@link dev.cadenza.engine.model.Models#keyInput}) and added to a bias: {@code Kv [visible]} to bv,
 * {@code Kh [hidden]} to bh, {@code Ku [recurrent]} to bu; without one they are null.
 *
 * The initial RNN state u_0 is zero.
 */
public final class RnnRbmWeights {
    public final RnnRbmConfig config;
    public final float[] w;
    public final float[] bv;
    public final float[] bh;
    public final float[] wuv;
    public final float[] wuh;
    public final float[] wvu;
    public final float[] wuu;
    public final float[] bu;
    /** The key input's weights into bv, bh and bu; null without a key input. */
    public final float[] kv;
    public final float[] kh;
    public final float[] ku;

    /** Zero weights of the given sizes. */
    public RnnRbmWeights(RnnRbmConfig config) {
        this.config = config;
        int v = config.visible();
        int h = config.hidden();
        int u = config.recurrent();
        w = new float[v * h];
        bv = new float[v];
        bh = new float[h];
        wuv = new float[u * v];
        wuh = new float[u * h];
        wvu = new float[v * u];
        wuu = new float[u * u];
        bu = new float[u];
        kv = config.keyInput() ? new float[v] : null;
        kh = config.keyInput() ? new float[h] : null;
        ku = config.keyInput() ? new float[u] : null;
    }

    /**
     * Reads the weights of an RNN-RBM preset: sizes from its hyper-parameters ({@code window},
     * {@code hidden}, {@code recurrent}, and {@code articulation} where present), range and grid from the manifest, arrays by name with
     * their shapes checked.
     */
    public static RnnRbmWeights fromPreset(Preset preset) {
        PresetManifest m = preset.manifest();
        if (!RnnRbmKind.ID.equals(m.kind())) {
            throw new EngineException("preset " + m.name() + " holds a " + m.kind() + " model, not an RNN-RBM (" + RnnRbmKind.ID + ")");
        }
        RnnRbmConfig config;
        try {
            config = new RnnRbmConfig(new PitchRange(m.pitchLow(), m.pitchHigh()), m.stepsPerQuarter(),
                    preset.hyperInt("window"), preset.hyperInt("hidden"), preset.hyperInt("recurrent"),
                    flag(preset, "articulation"), flag(preset, Models.KEY_INPUT_KEY));
        } catch (IllegalArgumentException e) {
            throw new EngineException("preset " + m.name() + " has invalid RNN-RBM sizes: " + e.getMessage(), e);
        }
        RnnRbmWeights weights = new RnnRbmWeights(config);
        for (Map.Entry<String, float[]> e : weights.arrays().entrySet()) {
            Tensor t = preset.tensor(e.getKey(), weights.shape(e.getKey()));
            System.arraycopy(t.data(), 0, e.getValue(), 0, e.getValue().length);
        }
        return weights;
    }

    private static boolean flag(Preset preset, String name) {
        return preset.hyper().containsKey(name) && preset.hyperBoolean(name);
    }

    /**
     * Weights of {@code config} with every value drawn from N(0, sd²), in the order of {@link #arrays()}, by
     * {@code new java.util.Random(seed)}: for tests and benchmarks (a trained model starts from the trainer's
     * initial weights).
     */
    public static RnnRbmWeights random(RnnRbmConfig config, long seed, double sd) {
        RnnRbmWeights w = new RnnRbmWeights(config);
        java.util.Random random = new java.util.Random(seed);
        for (float[] a : w.arrays().values()) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (random.nextGaussian() * sd);
            }
        }
        return w;
    }

    /** A deep copy. */
    public RnnRbmWeights copy() {
        return adoptedBy(config);
    }

    /**
     * These weights in a model of {@code config}: this one's sizes, or with a key input added, whose
     * weights start at zero (the new model starts as this one plays).
     */
    public RnnRbmWeights adoptedBy(RnnRbmConfig config) {
        if (!config.equals(this.config) && (this.config.keyInput() || !config.withKeyInput(false).equals(this.config))) {
            throw new IllegalArgumentException("a model of " + this.config + " cannot become one of " + config);
        }
        RnnRbmWeights c = new RnnRbmWeights(config);
        arrays().forEach((name, data) -> System.arraycopy(data, 0, c.arrays().get(name), 0, data.length));
        return c;
    }

    /** The sizes as preset hyper-parameters (the keys {@link #fromPreset} reads). */
    public Map<String, Object> sizes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("window", config.window());
        m.put("hidden", config.hidden());
        m.put("recurrent", config.recurrent());
        if (config.articulation()) {
            m.put("articulation", true);
        }
        if (config.keyInput()) {
            m.put(Models.KEY_INPUT_KEY, true);
        }
        return m;
    }

    /**
     * These weights as a preset: the sizes and then {@code hyperParameters} (without overriding
     * the sizes) in its manifest, with {@code provenance}.
     */
    public Preset toPreset(String name, String description, Map<String, Object> hyperParameters, Provenance provenance) {
        Map<String, Object> hyper = new LinkedHashMap<>(sizes());
        if (hyperParameters != null) {
            hyperParameters.forEach(hyper::putIfAbsent);
        }
        PresetManifest manifest = PresetManifest.of(name, RnnRbmKind.ID, description, config.range(),
                config.stepsPerQuarter(), hyper, provenance);
        return new Preset(manifest, tensors());
    }

    /** Copies of the arrays as preset tensors, by name. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : arrays().entrySet()) {
            m.put(e.getKey(), new Tensor(shape(e.getKey()), e.getValue().clone()));
        }
        return m;
    }

    /** The arrays by their preset names, in a fixed order, with their shapes. */
    public Map<String, float[]> arrays() {
        Map<String, float[]> m = new LinkedHashMap<>();
        m.put("W", w);
        m.put("bv", bv);
        m.put("bh", bh);
        m.put("Wuv", wuv);
        m.put("Wuh", wuh);
        m.put("Wvu", wvu);
        m.put("Wuu", wuu);
        m.put("bu", bu);
        if (config.keyInput()) {
            m.put("Kv", kv);
            m.put("Kh", kh);
            m.put("Ku", ku);
        }
        return m;
    }

    /** Shape of the array named {@code name} (see {@link #arrays()}). */
    public int[] shape(String name) {
        int v = config.visible();
        int h = config.hidden();
        int u = config.recurrent();
        return switch (name) {
            case "W" -> new int[] {v, h};
            case "bv" -> new int[] {v};
            case "bh" -> new int[] {h};
            case "Wuv" -> new int[] {u, v};
            case "Wuh" -> new int[] {u, h};
            case "Wvu" -> new int[] {v, u};
            case "Wuu" -> new int[] {u, u};
            case "bu", "Ku" -> new int[] {u};
            case "Kv" -> new int[] {v};
            case "Kh" -> new int[] {h};
            default -> throw new IllegalArgumentException("no RNN-RBM array named " + name);
        };
    }
}
