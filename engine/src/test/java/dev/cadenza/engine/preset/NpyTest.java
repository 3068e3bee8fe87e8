package dev.cadenza.engine.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.EngineException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyTest {

    @Test
    void aMatrixIsWrittenAsNumpyWritesIt() {
        byte[] npy = Npy.encode(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));

        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        byte[] expectedHeader = new byte[128];
        expectedHeader[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, expectedHeader, 1, 5);
        expectedHeader[6] = 1;
        expectedHeader[7] = 0;
        expectedHeader[8] = 118; // header length, little-endian: 128 - 10
        expectedHeader[9] = 0;
        byte[] text = (dict + " ".repeat(118 - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, expectedHeader, 10, text.length);
        assertArrayEquals(expectedHeader, Arrays.copyOf(npy, 128));
        assertEquals(128 + 6 * 4, npy.length);
        assertEquals(1.0f, ByteBuffer.wrap(npy, 128, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        assertEquals(6.0f, ByteBuffer.wrap(npy, 128 + 20, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void theDataStartsAtAMultipleOf64BytesForEveryRank() {
        for (int rank = 0; rank <= 12; rank++) {
            int[] shape = new int[rank];
            Arrays.fill(shape, 1);
            byte[] npy = Npy.encode(new Tensor(shape, new float[1]));
            assertEquals(0, (npy.length - 4) % 64, "rank " + rank);
            assertEquals('\n', npy[npy.length - 5], "rank " + rank);
        }
    }

    @Test
    void vectorsScalarsAndEmptyArraysUseNumpysTupleSyntax() {
        assertTrue(header(Tensor.of(new float[3], 3)).contains("'shape': (3,), }"));
        assertTrue(header(Tensor.of(new float[1])).contains("'shape': (), }"));
        assertTrue(header(Tensor.of(new float[0], 0, 5)).contains("'shape': (0, 5), }"));
    }

    @Test
    void everyBitPatternSurvivesEncodeThenDecode() {
        Tensor tensor = Tensor.of(PresetSamples.special(), PresetSamples.SPECIAL_BITS.length);

        Tensor decoded = Npy.decode(Npy.encode(tensor), "special.npy");

        assertArrayEquals(PresetSamples.SPECIAL_BITS, PresetSamples.bits(decoded.data()));
        assertEquals(tensor, decoded);
    }

    @Test
    void aVersion2HeaderAsNumpyWritesForHugeHeadersIsRead() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        int headerLength = 128 - 12;
        ByteBuffer buffer = ByteBuffer.allocate(128 + 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 2).put((byte) 0);
        buffer.putInt(headerLength);
        buffer.put((dict + " ".repeat(headerLength - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII));
        buffer.putFloat(1.5f).putFloat(-2f);

        Tensor tensor = Npy.decode(buffer.array(), "v2.npy");

        assertArrayEquals(new int[] {2}, tensor.shape());
        assertArrayEquals(new float[] {1.5f, -2f}, tensor.data());
    }

    @Test
    void aFileWithoutTheMagicIsRejected() {
        byte[] npy = Npy.encode(Tensor.of(new float[2], 2));
        npy[1] = 'X';

        EngineException e = assertThrows(EngineException.class, () -> Npy.decode(npy, "a.npy"));

        assertEquals("a.npy does not start with the .npy magic \\x93NUMPY", e.getMessage());
    }

    @Test
    void anUnknownNpyVersionIsRejectedNamingIt() {
        byte[] npy = Npy.encode(Tensor.of(new float[2], 2));
        npy[6] = 4;

        EngineException e = assertThrows(EngineException.class, () -> Npy.decode(npy, "a.npy"));

        assertEquals("a.npy has .npy format version 4.0 (expected 1.0, 2.0 or 3.0)", e.getMessage());
    }

    @Test
    void fortranOrderIsRejected() {
        byte[] npy = replace(Npy.encode(Tensor.of(new float[6], 2, 3)), "False", "True ");

        EngineException e = assertThrows(EngineException.class, () -> Npy.decode(npy, "a.npy"));

        assertEquals("a.npy has fortran_order True (expected False, C order)", e.getMessage());
    }

    @Test
    void bigEndianFloatsAreRejected() {
        byte[] npy = replace(Npy.encode(Tensor.of(new float[6], 2, 3)), "'<f4'", "'>f4'");

        EngineException e = assertThrows(EngineException.class, () -> Npy.decode(npy, "a.npy"));

        assertEquals("a.npy has dtype '>f4' (expected '<f4', little-endian float32)", e.getMessage());
    }

    @Test
    void dataShorterThanTheShapeIsRejected() {
        byte[] npy = Npy.encode(Tensor.of(new float[6], 2, 3));

        EngineException e = assertThrows(EngineException.class,
                () -> Npy.decode(Arrays.copyOf(npy, npy.length - 3), "a.npy"));

        assertEquals("a.npy has 21 bytes of data (expected 24 for shape (2, 3))", e.getMessage());
    }

    @Test
    void aHeaderLongerThanTheFileIsRejected() {
        byte[] npy = Npy.encode(Tensor.of(new float[6], 2, 3));

        EngineException e = assertThrows(EngineException.class, () -> Npy.decode(Arrays.copyOf(npy, 40), "a.npy"));

        assertEquals("a.npy has a header of 118 bytes but the file is 40 bytes long", e.getMessage());
    }

    @Test
    void aNegativeDimensionIsRejected() {
        byte[] npy = replace(Npy.encode(Tensor.of(new float[6], 2, 3)), "(2, 3)", "(2,-3)");

        EngineException e = assertThrows(EngineException.class, () -> Npy.decode(npy, "a.npy"));

        assertEquals("a.npy has shape (2,-3) (expected non-negative integers)", e.getMessage());
    }

    private static String header(Tensor tensor) {
        byte[] npy = Npy.encode(tensor);
        return new String(npy, 10, npy.length - 10 - 4 * tensor.size(), StandardCharsets.US_ASCII);
    }

    /** Same-length text replacement inside the header. */
    private static byte[] replace(byte[] npy, String from, String to) {
        assertEquals(from.length(), to.length());
        String text = new String(npy, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains(from));
        return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }
}
