package dev.cadenza.engine.preset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void aShapeThatDoesNotMatchTheDataIsRejectedWithBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[5], 2, 3));

        assertEquals("tensor of shape (2, 3) needs 6 floats, got 5", e.getMessage());
    }

    @Test
    void aNegativeDimensionIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[0], 2, -1));

        assertEquals("invalid tensor shape: (2, -1) (expected sizes >= 0)", e.getMessage());
    }

    @Test
    void aShapeTooLargeForAJavaArrayIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[0], 65536, 65536));

        assertEquals("invalid tensor shape: (65536, 65536) (expected at most 2147483647 elements)", e.getMessage());
    }

    @Test
    void aScalarHasAnEmptyShapeAndOneElement() {
        Tensor scalar = Tensor.of(new float[] {3f});

        assertEquals(0, scalar.rank());
        assertEquals("()", scalar.shapeText());
    }

    @Test
    void theShapeCannotBeChangedFromOutside() {
        int[] shape = {2, 3};
        Tensor tensor = new Tensor(shape, new float[6]);
        shape[0] = 3;
        tensor.shape()[1] = 2;

        assertArrayEquals(new int[] {2, 3}, tensor.shape());
    }

    @Test
    void tensorsAreEqualOnlyWhenEveryBitIsEqual() {
        Tensor nan = Tensor.of(new float[] {Float.intBitsToFloat(0x7fc00001)}, 1);
        Tensor otherNan = Tensor.of(new float[] {Float.intBitsToFloat(0x7fc00002)}, 1);
        Tensor zero = Tensor.of(new float[] {0f}, 1);
        Tensor negativeZero = Tensor.of(new float[] {-0f}, 1);

        assertEquals(nan, Tensor.of(new float[] {Float.intBitsToFloat(0x7fc00001)}, 1));
        assertEquals(nan.hashCode(), Tensor.of(new float[] {Float.intBitsToFloat(0x7fc00001)}, 1).hashCode());
        assertNotEquals(nan, otherNan);
        assertNotEquals(zero, negativeZero);
        assertNotEquals(Tensor.of(new float[6], 2, 3), Tensor.of(new float[6], 3, 2));
    }
}
