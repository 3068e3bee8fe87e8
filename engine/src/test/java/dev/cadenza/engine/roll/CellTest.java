package dev.cadenza.engine.roll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CellTest {

    @Test
    @DisplayName("an onset is a struck cell, or a held one after silence; never silence, never a held note going on")
    void onsets() {
        byte[] codes = {Cell.SILENT_CODE, Cell.HELD_CODE, Cell.STRUCK_CODE};
        // rows: the cell; columns: the cell before (silent, held, struck)
        boolean[][] expected = {
            {false, false, false},
            {true, false, false},
            {true, true, true},
        };
        for (int c = 0; c < 3; c++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(expected[c][b], Cell.onset(codes[c], codes[b]), Cell.of(codes[c]) + " after "
                        + Cell.of(codes[b]));
            }
        }
    }
}
