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

    /** The most elements one array may hold (256 MiB of float32): far above any model here, far below a bomb. */
    public static final long MAX_ELEMENTS = 1L << 26;

    /** Room a .npy header may take besides the data (NumPy pads it to a multiple of 64 bytes). */
    static final int NPY_HEADER_ROOM = 4096;

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
        long elements = 1;
        for (int size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("invalid shape of " + file + ": a size of " + size
                        + " (expected 0 or more)");
            }
            elements *= size;
            if (elements > MAX_ELEMENTS) {
                throw new IllegalArgumentException("invalid shape of " + file + ": more than " + MAX_ELEMENTS
                        + " elements (the most one preset array may hold)");
            }
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("invalid sha256 of " + file + ": '" + sha256
                    + "' (expected 64 lower-case hex digits)");
        }
        shape = shape.clone();
    }

    /** The most bytes the array's .npy file may take: its float32 data and a header. */
    public long maxFileBytes() {
        long elements = 1;
        for (int size : shape) {
            elements *= size;
        }
        return 4 * elements + NPY_HEADER_ROOM;
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
