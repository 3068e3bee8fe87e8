package dev.cadenza.engine.preset;

import java.util.Arrays;

/**
 * A float32 array of any rank, stored flat in C (row-major) order: the weights of a model as a
 * preset holds them, one {@code .npy} file each.
 *
 * <p>The shape is copied; the data is not (weights can be large), so a caller that keeps
 * {@code data} must not change it while the tensor is in use. {@link #equals} compares the bits of
 * the data ({@link Float#floatToRawIntBits}), so a tensor equals another only if both hold the same
 * bits, NaN payloads and {@code -0.0} included.
 *
 * @param shape the size of each dimension, each {@code >= 0}; empty for a scalar
 * @param data the elements, {@code product(shape)} of them
 */
public record Tensor(int[] shape, float[] data) {

    public Tensor {
        if (shape == null) {
            throw new IllegalArgumentException("invalid tensor shape: null (expected an array of dimension sizes)");
        }
        if (data == null) {
            throw new IllegalArgumentException("invalid tensor data: null (expected " + shapeText(shape) + " floats)");
        }
        shape = shape.clone();
        long size = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("invalid tensor shape: " + shapeText(shape) + " (expected sizes >= 0)");
            }
            size *= dimension;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid tensor shape: " + shapeText(shape)
                        + " (expected at most " + Integer.MAX_VALUE + " elements)");
            }
        }
        if (size != data.length) {
            throw new IllegalArgumentException("tensor of shape " + shapeText(shape) + " needs " + size
                    + " floats, got " + data.length);
        }
    }

    /** A tensor of the given shape over {@code data} (not copied): {@code Tensor.of(w, rows, columns)}. */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(shape, data);
    }

    /** The shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of dimensions: 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return data.length;
    }

    /** The size of dimension {@code axis}. */
    public int dimension(int axis) {
        return shape[axis];
    }

    /** True if this tensor has exactly the given shape. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The shape as NumPy prints it: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
    public String shapeText() {
        return shapeText(shape);
    }

    /** The shape as NumPy prints it: {@code (3, 4)}, {@code (5,)}, {@code ()}. */
    public static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(')').toString();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Tensor that) || !Arrays.equals(shape, that.shape) || data.length != that.data.length) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(that.data[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(shape);
        for (float value : data) {
            hash = 31 * hash + Float.floatToRawIntBits(value);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "Tensor" + shapeText();
    }
}
