package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PreviousFrameTest {

    @Test
    @DisplayName("repeating the previous frame is scored per frame and pooled, silence before each piece")
    void handComputedCase() {
        PitchRange range = new PitchRange(60, 62);
        // frames 110, 110, 011: against silence 0/2, then 2/2, then 1/3
        PianoRoll first = roll(range, "110", "110", "011");
        // a silent frame after silence scores 1; then 100 after silence 0/1
        PianoRoll second = roll(range, "000", "100");

        PreviousFrame.Figures f = PreviousFrame.score(List.of(first, second), Long.MAX_VALUE);

        assertEquals(5, f.frames());
        assertEquals((0 + 1 + 1.0 / 3 + 1 + 0) / 5, f.accuracy(), 1e-12);
        assertEquals(3.0 / (2 + 2 + 3 + 0 + 1), f.pooledAccuracy(), 1e-12);
        assertEquals(2, PreviousFrame.score(List.of(first, second), 2).frames());
    }

    private static PianoRoll roll(PitchRange range, String... frames) {
        PianoRoll roll = new PianoRoll(range, 1, frames.length);
        for (int t = 0; t < frames.length; t++) {
            for (int i = 0; i < frames[t].length(); i++) {
                if (frames[t].charAt(i) == '1') {
                    roll.set(t, i, Cell.STRUCK);
                }
            }
        }
        return roll;
    }
}
