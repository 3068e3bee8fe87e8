package dev.cadenza.engine.biaxial;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of a biaxial LSTM as flat row-major float arrays, named as in presets (one
 * {@code .npy} per array):
 *
 * <pre>
 *   time{l}.W  [(in_l + H_l) x 4 H_l]  time-axis layer l: rows 0..in_l-1 take the layer's input
 *                                       (the features for l = 0), rows in_l.. its own previous output
 *   time{l}.b  [4 H_l]
 *   note{l}.W  [(in_l + H_l) x 4 H_l]  note-axis layer l; the input of l = 0 is the top time-axis
 *                                       output of this note, then the lower note's play, articulate
 *   note{l}.b  [4 H_l]
 *   out.W      [H_top x 2]             column 0: log-odds of play, 1: of articulate given play
 *   out.b      [2]
 * </pre>
 *
 * Every LSTM layer computes {@code z = [x, h] W + b}, gates in column blocks of {@code H} in the
 * order input {@code i}, forget {@code f}, output {@code o}, candidate {@code g}:
 * {@code c = sigmoid(f) c + sigmoid(i) tanh(g)}, {@code h = sigmoid(o) tanh(c)}; states start at zero.
 */
public final class BiaxialWeights {
    /** The preset kind of this model family. */

    public final BiaxialConfig config;
    public final float[][] timeW;
    public final float[][] timeB;
    public final float[][] noteW;
    public final float[][] noteB;
    public final float[] outW;
    public final float[] outB;

    /** Zero weights of the given sizes. */
    public BiaxialWeights(BiaxialConfig config) {
        this.config = config;
        timeW = new float[config.timeLayers()][];
        timeB = new float[config.timeLayers()][];
        for (int l = 0; l < timeW.length; l++) {
            int h = config.timeSize(l);
            timeW[l] = new float[(config.timeInput(l) + h) * 4 * h];
            timeB[l] = new float[4 * h];
        }
        noteW = new float[config.noteLayers()][];
        noteB = new float[config.noteLayers()][];
        for (int l = 0; l < noteW.length; l++) {
            int h = config.noteSize(l);
            noteW[l] = new float[(config.noteInput(l) + h) * 4 * h];
            noteB[l] = new float[4 * h];
        }
        outW = new float[config.noteTop() * 2];
        outB = new float[2];
    }

    /**
     * Random initial weights: each matrix normal with standard deviation {@code 1/sqrt(rows)},
     * forget-gate biases 1 (so that the cells remember from the start), the play bias -2 (most
     * notes are silent). The same seed gives the same weights.
     */
    public static BiaxialWeights initial(BiaxialConfig config, long seed) {
        BiaxialWeights w = new BiaxialWeights(config);
        SplittableRandom random = new SplittableRandom(seed);
        for (int l = 0; l < w.timeW.length; l++) {
            fillNormal(w.timeW[l], config.timeInput(l) + config.timeSize(l), random);
            Arrays.fill(w.timeB[l], config.timeSize(l), 2 * config.timeSize(l), 1f);
        }
        for (int l = 0; l < w.noteW.length; l++) {
            fillNormal(w.noteW[l], config.noteInput(l) + config.noteSize(l), random);
            Arrays.fill(w.noteB[l], config.noteSize(l), 2 * config.noteSize(l), 1f);
        }
        fillNormal(w.outW, config.noteTop(), random);
        w.outB[0] = -2f;
        return w;
    }

    /** Uniformly random weights in [-scale, scale], biases included: for tests of agreement. */
    public static BiaxialWeights random(BiaxialConfig config, long seed, float scale) {
        BiaxialWeights w = new BiaxialWeights(config);
        SplittableRandom random = new SplittableRandom(seed);
        for (float[] a : w.arrays().values()) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((2 * random.nextDouble() - 1) * scale);
            }
        }
        return w;
    }

    private static void fillNormal(float[] a, int rows, SplittableRandom random) {
        double sd = 1 / Math.sqrt(rows);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (random.nextGaussian() * sd);
        }
    }

    /** The arrays by their preset names, in a fixed order (the arrays themselves, not copies). */
    public Map<String, float[]> arrays() {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (int l = 0; l < timeW.length; l++) {
            m.put("time" + l + ".W", timeW[l]);
            m.put("time" + l + ".b", timeB[l]);
        }
        for (int l = 0; l < noteW.length; l++) {
            m.put("note" + l + ".W", noteW[l]);
            m.put("note" + l + ".b", noteB[l]);
        }
        m.put("out.W", outW);
        m.put("out.b", outB);
        return m;
    }

    /** Shape of the array named {@code name} (see {@link #arrays()}). */
    public int[] shape(String name) {
        if (name.equals("out.W")) {
            return new int[] {config.noteTop(), 2};
        }
        if (name.equals("out.b")) {
            return new int[] {2};
        }
        boolean time = name.startsWith("time");
        if ((time || name.startsWith("note")) && name.length() > 6) {
            int dot = name.indexOf('.');
            int layer;
            try {
                layer = Integer.parseInt(name.substring(4, dot));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("no biaxial array named " + name, e);
            }
            int layers = time ? config.timeLayers() : config.noteLayers();
            if (layer >= 0 && layer < layers) {
                int h = time ? config.timeSize(layer) : config.noteSize(layer);
                int in = time ? config.timeInput(layer) : config.noteInput(layer);
                switch (name.substring(dot + 1)) {
                    case "W":
                        return new int[] {in + h, 4 * h};
                    case "b":
                        return new int[] {4 * h};
                    default:
                        break;
                }
            }
        }
        throw new IllegalArgumentException("no biaxial array named " + name);
    }

    /** Copies of the arrays as preset tensors, by name. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : arrays().entrySet()) {
            m.put(e.getKey(), new Tensor(shape(e.getKey()), e.getValue().clone()));
        }
        return m;
    }

    /** A deep copy. */
    public BiaxialWeights copy() {
        BiaxialWeights w = new BiaxialWeights(config);
        copyInto(w);
        return w;
    }

    /**
     * These weights in a model of {@code config}, which is this one's with a key input added: the
     * first time-axis layer gets a zero row for it (the new model starts as this one plays), the
     * rest is copied.
     */
    public BiaxialWeights adoptedBy(BiaxialConfig config) {
        if (config.equals(this.config)) {
            return copy();
        }
        if (!config.keyInput() || this.config.keyInput() || !config.withKeyInput(false).equals(this.config)) {
            throw new IllegalArgumentException("a " + this.config + " model cannot become a " + config + " one");
        }
        BiaxialWeights w = new BiaxialWeights(config);
        copyInto(w, "time0.W");
        int g = 4 * config.timeSize(0);
        int features = BiaxialFeatures.COUNT;
        float[] from = timeW[0];
        float[] to = w.timeW[0];
        System.arraycopy(from, 0, to, 0, features * g); // the features' rows; the key input's row stays zero
        System.arraycopy(from, features * g, to, (features + 1) * g, from.length - features * g); // recurrent rows
        return w;
    }

    /** Copies these weights into {@code target} (same sizes). */
    public void copyInto(BiaxialWeights target) {
        copyInto(target, null);
    }

    /** Copies every array but the one named {@code except} (null: all) into {@code target}. */
    private void copyInto(BiaxialWeights target, String except) {
        Map<String, float[]> to = target.arrays();
        for (Map.Entry<String, float[]> e : arrays().entrySet()) {
            if (e.getKey().equals(except)) {
                continue;
            }
            float[] dst = to.get(e.getKey());
            if (dst == null || dst.length != e.getValue().length) {
                throw new IllegalArgumentException("array " + e.getKey() + " has another size in the target");
            }
            System.arraycopy(e.getValue(), 0, dst, 0, dst.length);
        }
    }

    /** The sizes as preset hyper-parameters (the keys {@link #fromPreset} reads). */
    public Map<String, Object> sizes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeSizes", config.timeSizes());
        m.put("noteSizes", config.noteSizes());
        m.put("articulation", config.articulation());
        m.put("features", BiaxialFeatures.COUNT);
        if (config.keyInput()) {
            m.put(Models.KEY_INPUT_KEY, true);
        }
        return m;
    }

    /**
     * A preset of these weights; {@code hyperParameters} (training settings) are written after the
     * sizes.
     */
    public Preset toPreset(String name, String description, Map<String, Object> hyperParameters, Provenance provenance) {
        Map<String, Object> hyper = new LinkedHashMap<>(sizes());
        if (hyperParameters != null) {
            hyperParameters.forEach(hyper::putIfAbsent);
        }
        PresetManifest manifest = PresetManifest.of(name, BiaxialKind.ID, description, config.range(), config.stepsPerQuarter(),
                hyper, provenance);
        return new Preset(manifest, tensors());
    }

    /**
     * Reads the weights of a biaxial preset: sizes from its hyper-parameters ({@code timeSizes},
     * {@code noteSizes}, {@code articulation}), range and grid from the manifest, arrays by name
     * with their shapes checked.
     */
    public static BiaxialWeights fromPreset(Preset preset) {
        PresetManifest m = preset.manifest();
        if (!BiaxialKind.ID.equals(m.kind())) {
            throw new EngineException("preset " + m.name() + " holds a " + m.kind() + " model, not a biaxial LSTM (" + BiaxialKind.ID + ")");
        }
        int features = preset.hyperInt("features");
        if (features != BiaxialFeatures.COUNT) {
            throw new EngineException("preset " + m.name() + " was trained with " + features + " input features per note"
                    + " (expected " + BiaxialFeatures.COUNT + "): it was made by another version; retrain it");
        }
        BiaxialConfig config;
        try {
            config = new BiaxialConfig(new PitchRange(m.pitchLow(), m.pitchHigh()), m.stepsPerQuarter(),
                    intList(preset, "timeSizes"), intList(preset, "noteSizes"), preset.hyperBoolean("articulation"),
                    preset.hyper().containsKey(Models.KEY_INPUT_KEY) && preset.hyperBoolean(Models.KEY_INPUT_KEY));
        } catch (IllegalArgumentException e) {
            throw new EngineException("preset " + m.name() + " has invalid biaxial sizes: " + e.getMessage(), e);
        }
        BiaxialWeights weights = new BiaxialWeights(config);
        for (Map.Entry<String, float[]> e : weights.arrays().entrySet()) {
            Tensor t = preset.tensor(e.getKey(), weights.shape(e.getKey()));
            System.arraycopy(t.data(), 0, e.getValue(), 0, e.getValue().length);
        }
        return weights;
    }

    private static List<Integer> intList(Preset preset, String key) {
        Object value = preset.hyper().get(key);
        if (!(value instanceof List<?> list)) {
            throw new EngineException("preset " + preset.name() + ": hyper-parameter '" + key + "' is " + value
                    + " (expected a list of layer sizes, e.g. [300, 300])");
        }
        List<Integer> sizes = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Number n) || n.doubleValue() != n.intValue()) {
                throw new EngineException("preset " + preset.name() + ": hyper-parameter '" + key + "' holds " + o
                        + " (expected whole layer sizes)");
            }
            sizes.add(n.intValue());
        }
        return sizes;
    }
}
