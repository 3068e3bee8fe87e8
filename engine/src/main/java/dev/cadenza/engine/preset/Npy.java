package dev.cadenza.engine.preset;

import dev.cadenza.engine.EngineException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format for one float32 array, as
 * <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">numpy.lib.format</a>
 * defines it: the magic {@code \x93NUMPY}, a version, a header that is a Python dict literal
 * ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}) padded with spaces and a
 * newline so that the data starts at a multiple of 64 bytes, then the little-endian data in C order.
 *
 * <p>{@link #encode} writes version 1.0, as {@code numpy.save} does for headers under 64 KiB;
 * {@link #decode} also reads versions 2.0 and 3.0 (a 4-byte header length), which NumPy writes for
 * very large headers. Only {@code <f4} in C order is accepted: presets hold nothing else. Stateless
 * and thread-safe.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN_ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** The {@code .npy} bytes of {@code tensor}: a version 1.0 header, then the data, little-endian. */
    public static byte[] encode(Tensor tensor) {
        byte[] header = header(tensor.shape());
        float[] data = tensor.data();
        ByteBuffer buffer = ByteBuffer.allocate(header.length + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(header);
        buffer.asFloatBuffer().put(data); // raw bits, little-endian: NaN payloads survive
        return buffer.array();
    }

    /** The magic, version 1.0, header length and padded header for an array of {@code shape}. */
    static byte[] header(int[] shape) {
        String dict = "{'descr': '" + ArrayEntry.FLOAT32 + "', 'fortran_order': False, 'shape': "
                + Tensor.shapeText(shape) + ", }";
        int preamble = MAGIC.length + 2 + 2;
        int unpadded = preamble + dict.length() + 1; // + the closing newline
        int padded = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        int headerLength = padded - preamble;
        if (headerLength > 0xFFFF) {
            throw new IllegalArgumentException("array of rank " + shape.length + " has a .npy header of "
                    + headerLength + " bytes (expected at most 65535)");
        }
        String text = dict + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLength);
        buffer.put(text.getBytes(StandardCharsets.US_ASCII));
        return buffer.array();
    }

    /**
     * The array in {@code bytes}, a whole {@code .npy} file.
     *
     * @param what names the file in error messages, e.g. {@code W.npy}
     * @throws EngineException naming {@code what} and the fault: bad magic, unknown version, a header
     *     that is not a dict, a dtype other than {@code <f4}, Fortran order, a bad shape, or a data
     *     length that does not match the shape
     */
    public static Tensor decode(byte[] bytes, String what) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4) {
            throw fault(what, "is " + bytes.length + " bytes long, too short for a .npy header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (buffer.get() != MAGIC[i]) {
                throw fault(what, "does not start with the .npy magic \\x93NUMPY");
            }
        }
        int major = buffer.get() & 0xFF;
        int minor = buffer.get() & 0xFF;
        long headerLength;
        if (major == 1) {
            headerLength = buffer.getShort() & 0xFFFF;
        } else if (major == 2 || major == 3) {
            if (bytes.length < MAGIC.length + 6) {
                throw fault(what, "is " + bytes.length + " bytes long, too short for a .npy header");
            }
            headerLength = buffer.getInt() & 0xFFFFFFFFL;
        } else {
            throw fault(what, "has .npy format version " + major + "." + minor + " (expected 1.0, 2.0 or 3.0)");
        }
        if (headerLength > MAX_HEADER_BYTES || buffer.position() + headerLength > bytes.length) {
            throw fault(what, "has a header of " + headerLength + " bytes but the file is " + bytes.length
                    + " bytes long");
        }
        String header = new String(bytes, buffer.position(), (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
        int dataStart = buffer.position() + (int) headerLength;
        if (!header.startsWith("{") || !header.endsWith("}")) {
            throw fault(what, "has a header that is not a dict: " + abbreviate(header));
        }
        Matcher descr = DESCR.matcher(header);
        if (!descr.find()) {
            throw fault(what, "has no 'descr' (dtype) in its header: " + abbreviate(header));
        }
        if (!descr.group(1).equals(ArrayEntry.FLOAT32)) {
            throw fault(what, "has dtype '" + descr.group(1) + "' (expected '" + ArrayEntry.FLOAT32
                    + "', little-endian float32)");
        }
        Matcher fortran = FORTRAN_ORDER.matcher(header);
        if (!fortran.find()) {
            throw fault(what, "has no 'fortran_order' in its header: " + abbreviate(header));
        }
        if (!fortran.group(1).equals("False")) {
            throw fault(what, "has fortran_order " + fortran.group(1) + " (expected False, C order)");
        }
        int[] shape = shape(header, what);
        long size = 1;
        for (int dimension : shape) {
            size *= dimension;
            if (size > Integer.MAX_VALUE) {
                throw fault(what, "has shape " + Tensor.shapeText(shape) + ", too large");
            }
        }
        long dataBytes = bytes.length - (long) dataStart;
        if (dataBytes != 4 * size) {
            throw fault(what, "has " + dataBytes + " bytes of data (expected " + 4 * size + " for shape "
                    + Tensor.shapeText(shape) + ")");
        }
        float[] data = new float[(int) size];
        buffer.position(dataStart);
        buffer.asFloatBuffer().get(data);
        return new Tensor(shape, data);
    }

    private static int[] shape(String header, String what) {
        Matcher matcher = SHAPE.matcher(header);
        if (!matcher.find()) {
            throw fault(what, "has no 'shape' in its header: " + abbreviate(header));
        }
        String inside = matcher.group(1).trim();
        if (inside.isEmpty()) {
            return new int[0];
        }
        String[] parts = inside.split(",", -1);
        int count = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        int[] shape = new int[count];
        for (int i = 0; i < count; i++) {
            String part = parts[i].trim();
            if (part.endsWith("L")) {
                part = part.substring(0, part.length() - 1); // Python 2 longs
            }
            try {
                shape[i] = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw fault(what, "has shape (" + inside + ") (expected non-negative integers)");
            }
            if (shape[i] < 0) {
                throw fault(what, "has shape (" + inside + ") (expected non-negative integers)");
            }
        }
        return shape;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }

    private static EngineException fault(String what, String problem) {
        return new EngineException(what + " " + problem);
    }
}
