package dev.cadenza.engine.preset;

import java.util.Arrays;

/**
 * The manifest's record of one weight array: the file in the preset that holds it, its NumPy dtype,
 * its shape and the SHA-256 of the file's bytes (lower-case hex). {@link PresetFiles#write} fills
 * these in; {@link PresetFiles#read} checks the file against them.
 *
 * @param file the entry in the zip, {@code <name>.npy}
 * @param dtype the NumPy dtype string; {@code <f4} (little-endian float32) is the only one written or read
 * @param shape the array's shape, as in the {@code .npy} header
 * @param sha256 SHA-256 of the {@code .npy} file, 64 lower-case hex digits
 */
public record ArrayEntry(String file, String dtype, int[] shape, String sha256) {

    /** The one dtype presets use: little-endian float32. */
    public static final String FLOAT32 = "<f4";

    public ArrayEntry {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("invalid array file name: '" + file + "' (expected <name>.npy)");
        }
        if (dtype == null || dtype.isBlank()) {
            throw new IllegalArgumentException("invalid dtype of " + file + ": '" + dtype + "' (expected " + FLOAT32 + ")");
        }
        if (shape == null) {
            throw new IllegalArgumentException("invalid shape of " + file + ": null (expected an array of sizes)");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("invalid sha256 of " + file + ": '" + sha256
                    + "' (expected 64 lower-case hex digits)");
        }
        shape = shape.clone();
    }

    /** The shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArrayEntry that && file.equals(that.file) && dtype.equals(that.dtype)
                && Arrays.equals(shape, that.shape) && sha256.equals(that.sha256);
    }

    @Override
    public int hashCode() {
        return ((file.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape)) * 31 + sha256.hashCode();
    }

    @Override
    public String toString() {
        return "ArrayEntry[" + file + " " + dtype + " " + Tensor.shapeText(shape) + " sha256=" + sha256 + "]";
    }
}
