package dev.cadenza.trainer.optim;

import dev.cadenza.engine.preset.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's named parameter arrays, updated in place, with one gradient vector laid out as the
 * arrays end to end: clipping is a loop over that vector, and an optimiser keeps its state as
 * vectors of the same layout.
 *
 * <p>Plain Java arrays, not ND4J: the update runs once per mini-batch on every parameter, and ND4J's
 * cost per call (tens of microseconds here, whatever the size) made it the trainers' bottleneck.
 * Measured on an RNN-RBM at the tutorial's sizes (60,000 parameters), on two threads: ND4J array by
 * array (about ten calls per array) took 6.0 s of a 16.7 s Nottingham epoch; ND4J on one vector
 * still about 1 ms per update (0.5 ms of it Adam's eight element-wise calls, the rest copying in and
 * out of native memory); these loops take about a tenth of that.
 *
 * <p>The arrays are the model's own (the kernels read them), not copies: an update changes the model,
 * and whatever changes the arrays between updates (pretraining, a resumed checkpoint) is what the
 * next update starts from. {@link #setGradient} copies a gradient in. Not thread safe.
 */
public final class ParameterVector {
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final int length;
    private final float[] gradient;

    /** A parameter array and where its gradient starts in the vector. */
    record Slot(float[] values, int offset) {
        int length() {
            return values.length;
        }
    }

    /** The parameters {@code arrays} (live, in the map's iteration order). */
    public ParameterVector(Map<String, float[]> arrays) {
        int offset = 0;
        for (Map.Entry<String, float[]> e : arrays.entrySet()) {
            slots.put(e.getKey(), new Slot(e.getValue(), offset));
            offset = Math.addExact(offset, e.getValue().length);
        }
        if (offset == 0) {
            throw new IllegalArgumentException("no parameters to optimise");
        }
        length = offset;
        gradient = new float[offset];
    }

    /** The names of the arrays, in layout order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(slots.keySet());
    }

    /** Number of parameters. */
    public int length() {
        return length;
    }

    /** The parameter arrays with their offsets in the gradient's layout (an optimiser updates them in place). */
    Iterable<Slot> slots() {
        return slots.values();
    }

    /** The gradient set by the last {@link #setGradient} (live; clipping scales it in place). */
    float[] gradient() {
        return gradient;
    }

    /** Sets the gradient from double-precision arrays by name (names outside the layout are ignored). */
    public void setGradient(Map<String, double[]> arrays) {
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            double[] a = arrays.get(e.getKey());
            Slot s = e.getValue();
            if (a == null || a.length != s.length()) {
                throw new IllegalArgumentException("gradient " + e.getKey() + ": expected " + s.length() + " values, got "
                        + (a == null ? "none" : a.length));
            }
            int o = s.offset();
            for (int i = 0; i < a.length; i++) {
                gradient[o + i] = (float) a[i];
            }
        }
    }

    /** Sets the gradient from float arrays by name (names outside the layout are ignored). */
    public void setGradientFloats(Map<String, float[]> arrays) {
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            float[] a = expect("gradient", arrays.get(e.getKey()), e.getKey(), e.getValue());
            System.arraycopy(a, 0, gradient, e.getValue().offset(), a.length);
        }
    }

    /**
     * Scales the gradient so that its L2 norm is at most {@code maxNorm}; returns the norm before
     * clipping. {@code maxNorm <= 0} disables clipping.
     */
    public double clipGradient(double maxNorm) {
        double sum = 0;
        for (float g : gradient) {
            sum += (double) g * g;
        }
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= scale;
            }
        }
        return norm;
    }

    /** A vector of this layout split into its named parts, as 1-D tensors (copies): an optimiser's state. */
    Map<String, Tensor> split(float[] vector) {
        Map<String, Tensor> parts = new LinkedHashMap<>();
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            Slot s = e.getValue();
            float[] part = new float[s.length()];
            System.arraycopy(vector, s.offset(), part, 0, s.length());
            parts.put(e.getKey(), new Tensor(new int[] {s.length()}, part));
        }
        return parts;
    }

    /**
     * The inverse of {@link #split}: a vector of this layout from its named parts, whatever their
     * shapes, each with its slot's number of elements.
     *
     * @throws IllegalArgumentException naming the first part that is missing or of the wrong size
     */
    float[] join(Map<String, Tensor> parts, String what) {
        float[] v = new float[length];
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            Tensor part = parts.get(e.getKey());
            Slot s = e.getValue();
            expect(what, part == null ? null : part.data(), e.getKey(), s);
            System.arraycopy(part.data(), 0, v, s.offset(), s.length());
        }
        return v;
    }

    private static float[] expect(String what, float[] a, String name, Slot s) {
        if (a == null || a.length != s.length()) {
            throw new IllegalArgumentException(
                    what + " " + name + ": expected " + s.length() + " values, got " + (a == null ? "none" : a.length));
        }
        return a;
    }
}
