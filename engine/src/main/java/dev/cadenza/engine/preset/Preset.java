package dev.cadenza.engine.preset;

import dev.cadenza.engine.EngineException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A trained model as a file holds it: the {@link PresetManifest manifest} and the weight arrays by
 * name, in order. The model families turn a preset into their weights (and back) by array name.
 *
 * <p>Immutable, and so safe to share between threads, as long as no one changes the arrays' data
 * (which is not copied).
 */
public final class Preset {

    /** Array names become file names in the zip, so they are kept to a portable set of characters. */
    private static final Pattern ARRAY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private final PresetManifest manifest;
    private final Map<String, Tensor> tensors;

    /**
     * A preset of the given arrays; {@code tensors}' iteration order is kept (and is the order of
     * the files in the zip). {@code manifest.arrays()} describes the file a preset was read from;
     * {@link PresetFiles#write} replaces it with the arrays here.
     *
     * @throws IllegalArgumentException if an array name is not a portable file name or an array is null
     */
    public Preset(PresetManifest manifest, Map<String, Tensor> tensors) {
        if (manifest == null) {
            throw new IllegalArgumentException("invalid preset manifest: null");
        }
        if (tensors == null) {
            throw new IllegalArgumentException("invalid arrays of preset '" + manifest.name() + "': null (expected a map)");
        }
        Map<String, Tensor> copy = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            if (name == null || !ARRAY_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid array name in preset '" + manifest.name() + "': '" + name
                        + "' (expected letters, digits, '_', '.', '-', not starting with '.' or '-')");
            }
            if (tensor == null) {
                throw new IllegalArgumentException("array '" + name + "' of preset '" + manifest.name() + "' is null");
            }
            copy.put(name, tensor);
        });
        this.manifest = manifest;
        this.tensors = Collections.unmodifiableMap(copy);
    }

    public PresetManifest manifest() {
        return manifest;
    }

    /** The arrays by name, in order; unmodifiable. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The preset's name (from its manifest). */
    public String name() {
        return manifest.name();
    }

    /**
     * The array named {@code name}.
     *
     * @throws EngineException naming the preset, the missing array and the arrays it has
     */
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new EngineException("preset '" + manifest.name() + "' (" + manifest.kind() + ") has no array '" + name
                    + "' (it has " + (tensors.isEmpty() ? "none" : String.join(", ", tensors.keySet()))
                    + "): it was made for another model or version; retrain it");
        }
        return tensor;
    }

    /**
     * The weights named {@code name}: the array, checked to have the given shape and to hold finite
     * numbers only (a NaN or an infinity comes from a run that diverged, or from damage, and would
     * silence or jam a model).
     *
     * @throws EngineException if it is missing, has another shape, or holds a value that is not finite
     */
    public Tensor tensor(String name, int... shape) {
        Tensor tensor = tensor(name);
        if (!tensor.hasShape(shape)) {
            throw new EngineException("preset '" + manifest.name() + "': array '" + name + "' has shape "
                    + tensor.shapeText() + " (expected " + Tensor.shapeText(shape)
                    + " from its hyper-parameters): the preset is inconsistent; retrain it");
        }
        float[] data = tensor.data();
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw new EngineException("preset '" + manifest.name() + "': array '" + name + "' holds " + data[i]
                        + " at element " + i + " (expected finite weights): it is damaged or from a training run that"
                        + " diverged; retrain it");
            }
        }
        return tensor;
    }

    /** The hyper-parameters (from the manifest). */
    public Map<String, Object> hyper() {
        return manifest.hyperParameters();
    }

    /**
     * The hyper-parameter {@code key} as an int.
     *
     * @throws EngineException if it is missing, not a number, not whole, or out of int range
     */
    public int hyperInt(String key) {
        Object value = hyperValue(key);
        if (value instanceof Number number) {
            double asDouble = number.doubleValue();
            long asLong = number.longValue();
            if (asDouble == asLong && asLong >= Integer.MIN_VALUE && asLong <= Integer.MAX_VALUE) {
                return (int) asLong;
            }
        }
        throw mistyped(key, value, "an integer");
    }

    /**
     * The hyper-parameter {@code key} as a double (an integer is widened; the strings
     * {@code NaN}, {@code Infinity}, {@code -Infinity}, as JSON writes those doubles, are read too).
     *
     * @throws EngineException if it is missing or not a number
     */
    public double hyperDouble(String key) {
        Object value = hyperValue(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            switch (text) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: break;
            }
        }
        throw mistyped(key, value, "a number");
    }

    /**
     * The hyper-parameter {@code key} as a string.
     *
     * @throws EngineException if it is missing or not a string
     */
    public String hyperString(String key) {
        Object value = hyperValue(key);
        if (value instanceof String text) {
            return text;
        }
        throw mistyped(key, value, "a string");
    }

    /**
     * The hyper-parameter {@code key} as a boolean.
     *
     * @throws EngineException if it is missing or not a boolean
     */
    public boolean hyperBoolean(String key) {
        Object value = hyperValue(key);
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw mistyped(key, value, "true or false");
    }

    private Object hyperValue(String key) {
        Object value = manifest.hyperParameters().get(key);
        if (value == null && manifest.hyperParameters().containsKey(key)) {
            throw mistyped(key, null, "a value");
        }
        if (value == null) {
            throw new EngineException("preset '" + manifest.name() + "' (" + manifest.kind()
                    + ") has no hyper-parameter '" + key + "' (it has "
                    + (hyper().isEmpty() ? "none" : String.join(", ", hyper().keySet()))
                    + "): it was made for another model or version; retrain it");
        }
        return value;
    }

    private EngineException mistyped(String key, Object value, String expected) {
        String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return new EngineException("preset '" + manifest.name() + "': hyper-parameter '" + key + "' is " + shown
                + " (expected " + expected + ")");
    }

    @Override
    public String toString() {
        return "Preset[" + manifest.name() + ", " + manifest.kind() + ", arrays " + tensors.keySet() + "]";
    }
}
