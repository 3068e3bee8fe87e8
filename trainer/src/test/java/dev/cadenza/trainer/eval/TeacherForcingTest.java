package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TeacherForcingTest {
    private static final PitchRange RANGE = new PitchRange(60, 71);

    @Test
    @DisplayName("a model with a key input is scored hearing the key each piece came from, as it was trained:"
            + " a piece moved up 5 to C is heard with the key input of -5")
    void aKeyInputHearsWhereThePieceCameFrom() {
        RnnRbmWeights w = RnnRbmWeights.random(new RnnRbmConfig(RANGE, 4, 1, 6, 4, false, true), 5, 1);
        PianoRoll asWritten = piece(0);
        PianoRoll moved = piece(5);
        TeacherForcing forced = TeacherForcing.of(w, List.of(asWritten, moved), Long.MAX_VALUE);
        int visible = w.config.visible();
        float k = Models.keyInput(-5);
        for (int i = 0; i < visible; i++) {
            // the first window of each piece: the static biases, the RNN's state still zero
            assertEquals(w.bv[i], forced.rbms().bv()[i], 1e-6f, "as written, unit " + i);
            assertEquals(w.bv[i] + k * w.kv[i], forced.rbms().bv()[2 * visible + i], 1e-5f, "moved, unit " + i);
        }
    }

    /** Two steps of a C major triad, recorded as moved by {@code movedBy} semitones. */
    private static PianoRoll piece(int movedBy) {
        PianoRoll roll = new PianoRoll(RANGE, 4, 2);
        for (int t = 0; t < 2; t++) {
            for (int i : new int[] {0, 4, 7}) {
                roll.set(t, i, t == 0 ? Cell.STRUCK : Cell.HELD);
            }
        }
        roll.setMovedBy(movedBy);
        return roll;
    }
}
