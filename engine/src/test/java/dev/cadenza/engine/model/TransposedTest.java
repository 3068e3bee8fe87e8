package dev.cadenza.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TransposedTest {

    /** Plays back, one step later, the frame it last heard or played, with a C struck on the first step. */
    private static final class Echo implements StepModel {
        private final PitchRange range = new PitchRange(48, 72);
        private final Frame last = new Frame(range);
        Frame heard;

        @Override
        public PitchRange range() {
            return range;
        }

        @Override
        public int stepsPerQuarter() {
            return 4;
        }

        @Override
        public void reset(long seed) {
            last.clear();
            last.set(range.index(60), Cell.STRUCK);
        }

        @Override
        public void observe(Frame played) {
            heard = played;
            last.copyFrom(played);
        }

        @Override
        public void sample(Controls controls, Frame out) {
            for (int i = 0; i < range.size(); i++) {
                out.setCode(i, controls.allowed(i) ? last.cell(i) : Cell.SILENT_CODE);
            }
        }
    }

    @Test
    @DisplayName("a moved model sounds its notes the shift higher and hears the player's the shift lower")
    void movesWhatItPlaysAndHears() {
        Echo echo = new Echo();
        Transposed inE = new Transposed(echo, 4);
        assertEquals(new PitchRange(52, 76), inE.range());
        inE.reset(1);

        Frame out = new Frame(inE.range());
        Controls controls = inE.newControls();
        inE.sample(controls, out);
        assertEquals(Cell.STRUCK, Cell.of(out.cell(inE.range().index(64))), "its C sounds as an E");
        assertEquals(1, out.countSounding());

        Frame played = new Frame(inE.range());
        played.set(inE.range().index(68), Cell.STRUCK); // the player's G#
        inE.observe(played);
        assertEquals(echo.range(), echo.heard.range(), "the model hears frames of its own range");
        assertTrue(echo.heard.sounding(echo.range().index(64)), "the model hears the G# as an E");

        // a key mask made for the moved model speaks of the notes that sound: E major allows G#, not G
        controls.allowPitchClassMask(Scale.parse("E", "major").mask());
        inE.sample(controls, out);
        assertTrue(out.sounding(inE.range().index(68)));
    }

    @Test
    @DisplayName("a shift that would leave MIDI's 128 pitches is refused")
    void refusesLeavingMidi() {
        assertThrows(IllegalArgumentException.class, () -> new Transposed(new Echo(), 60));
        assertThrows(IllegalArgumentException.class, () -> new Transposed(new Echo(), -49));
    }

    @Test
    @DisplayName("music on the white keys moves to a scale by the shortest shift that fits it best")
    void whiteKeyShifts() {
        assertEquals(0, Scale.CHROMATIC.whiteKeyShift());
        assertEquals(0, Scale.parse("A", "minor").whiteKeyShift());
        assertEquals(0, Scale.parse("D", "dorian").whiteKeyShift());
        assertEquals(4, Scale.parse("E", "major").whiteKeyShift());
        assertEquals(-2, Scale.parse("Bb", "major").whiteKeyShift());
        assertEquals(6, Scale.parse("F#", "major").whiteKeyShift());
        assertEquals(-5, Scale.parse("G", "major").whiteKeyShift(), "a fourth down, not a fifth up");
        assertEquals(-3, Scale.parse("F#", "minor").whiteKeyShift(), "A major's notes, a minor third down");
        assertEquals(0, Scale.parse("A", "harmonic-minor").whiteKeyShift(), "six of seven notes shared");
    }
}
