package dev.cadenza.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TranspositionsTest {
    private static PianoRoll piece(int... pitches) {
        PianoRoll roll = new PianoRoll(PitchRange.PIANO, 4, 3);
        for (int pitch : pitches) {
            int i = PitchRange.PIANO.index(pitch);
            roll.set(0, i, Cell.STRUCK);
            roll.set(1, i, Cell.HELD);
            roll.set(2, i, Cell.STRUCK);
            roll.setVelocity(0, i, 90);
        }
        roll.addTempo(new PianoRoll.Tempo(0, 600_000));
        return roll;
    }

    @Test
    @DisplayName("a piece comes in all twelve keys, cells, velocities and tempo moved along, itself among them")
    void allTwelveKeys() {
        PianoRoll c = piece(60, 64);
        List<PianoRoll> all = Transpositions.allKeys(List.of(c), new PitchRange(40, 80));

        assertEquals(12, all.size());
        List<Integer> lowest = new ArrayList<>();
        for (PianoRoll roll : all) {
            int low = -1;
            for (int i = 0; i < roll.range().size() && low < 0; i++) {
                low = roll.sounding(0, i) ? roll.range().pitch(i) : -1;
            }
            lowest.add(low);
            int top = PitchRange.PIANO.index(low + 4);
            assertEquals(Cell.STRUCK, roll.cell(0, top));
            assertEquals(Cell.HELD, roll.cell(1, top));
            assertEquals(Cell.STRUCK, roll.cell(2, top), "a re-strike stays a re-strike");
            assertEquals(90, roll.velocity(0, top));
            assertEquals(2 * 3, roll.countSounding(), "two notes of three steps, nothing else");
            assertEquals(600_000, roll.initialMicrosPerQuarter());
        }
        assertEquals(List.of(55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66), lowest);
        assertEquals(c, all.get(5), "the piece itself, not a copy");
    }

    @Test
    @DisplayName("a shift that would take a note outside the range is left out")
    void shiftsOutsideTheRangeAreLeftOut() {
        List<PianoRoll> all = Transpositions.allKeys(List.of(piece(60, 78)), new PitchRange(40, 80));
        assertEquals(8, all.size(), "shifts -5..+2 keep 78 at or below 80");
        assertEquals(new PitchRange(35, 86), Transpositions.widened(new PitchRange(40, 80)));
        assertEquals(new PitchRange(21, 108), Transpositions.widened(new PitchRange(22, 105)));
    }

    @Test
    @DisplayName("a piece moves to C by the shift that puts most of its notes on the white keys, its accidentals with it")
    void movedToC() {
        // G major's scale, F# among it: up a fourth to C major
        assertEquals(5, Transpositions.shiftToC(piece(55, 57, 59, 60, 62, 64, 66)));
        // D minor with its raised seventh (C#): down a fourth, to A minor with its G#
        assertEquals(-5, Transpositions.shiftToC(piece(50, 52, 53, 55, 57, 58, 61)));
        // E minor: up a fourth, to A minor (down a fifth is further than a tritone)
        assertEquals(5, Transpositions.shiftToC(piece(52, 54, 55, 57, 59, 60, 62)));
        // Bb major: up a tone; C major stays
        assertEquals(2, Transpositions.shiftToC(piece(58, 60, 62, 63, 65, 67, 69)));
        assertEquals(0, Transpositions.shiftToC(piece(60, 62, 64, 65, 67, 69, 71)));

        List<PianoRoll> moved = Transpositions.toC(List.of(piece(55, 59, 60, 66)), new PitchRange(40, 80));
        assertEquals(1, moved.size());
        assertEquals(List.of(60, 64, 65, 71), sounding(moved.get(0), 0));
        assertEquals(5, moved.get(0).movedBy(), "the roll says how far it was moved (what a key input hears)");
        assertEquals(5, moved.get(0).slice(0, 1).movedBy());
        // where the fourth up leaves the range, the fifth down
        moved = Transpositions.toC(List.of(piece(55, 59, 60, 78)), new PitchRange(40, 80));
        assertEquals(List.of(48, 52, 53, 71), sounding(moved.get(0), 0));
        assertEquals(-7, moved.get(0).movedBy());
        PianoRoll back = Transpositions.asWritten(moved).get(0);
        assertEquals(List.of(55, 59, 60, 78), sounding(back, 0), "moved back to where it was written");
        assertEquals(0, back.movedBy());
    }

    private static List<Integer> sounding(PianoRoll roll, int step) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < roll.range().size(); i++) {
            if (roll.sounding(step, i)) {
                out.add(roll.range().pitch(i));
            }
        }
        return out;
    }
}
