package dev.cadenza.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.roll.PitchRange;
import org.junit.jupiter.api.Test;

class ScaleTest {

    private static int mask(int... pitchClasses) {
        int m = 0;
        for (int pc : pitchClasses) {
            m |= 1 << pc;
        }
        return m;
    }

    @Test
    void keysAndScalesGiveTheirPitchClasses() {
        assertEquals(mask(0, 2, 4, 5, 7, 9, 11), Scale.parse("C", "major").mask());
        assertEquals(mask(0, 2, 4, 5, 7, 9, 11), Scale.parse("A", "minor").mask(), "A minor has C major's notes");
        assertEquals(mask(6, 8, 10, 11, 1, 3, 5), Scale.parse("F#", null).mask(), "a key alone is its major scale");
        assertEquals(mask(10, 0, 1, 3, 5, 7, 8), Scale.parse("Bb", "dorian").mask());
        assertEquals(mask(9, 11, 0, 2, 4, 5, 8), Scale.parse("a", "harmonic minor").mask());
        assertEquals(mask(2, 4, 6, 9, 11), Scale.parse("D", "major-pentatonic").mask());
        assertEquals(mask(4, 7, 9, 10, 11, 2), Scale.parse("E", "blues").mask());
        assertEquals(mask(7, 9, 11, 0, 2, 4, 5), Scale.parse("G", "MIXOLYDIAN").mask());
        assertEquals(mask(0, 2, 3, 5, 7, 8, 10), Scale.parse(null, "minor").mask(), "a scale alone is on C");
        assertEquals(0xFFF, Scale.parse(null, null).mask(), "neither: every note");
        assertEquals(Scale.CHROMATIC, Scale.parse(null, null));
        assertEquals(11, Scale.tonicOf("Cb"));
        assertEquals(0, Scale.tonicOf("B#"));
        assertEquals("Eb minor", Scale.parse("D#", "aeolian").toString());
    }

    @Test
    void everyScaleSurvivesItsCodeAndMovesAsMusiciansMoveIt() {
        for (int tonic = 0; tonic < 12; tonic++) {
            for (Scale.Mode mode : Scale.Mode.values()) {
                Scale s = new Scale(tonic, mode);
                assertEquals(s, Scale.of(s.code()));
                assertEquals(Integer.bitCount(Scale.maskOf(new Scale(0, mode).code())), Integer.bitCount(s.mask()));
                assertEquals(s, s.transposed(12));
                assertEquals(s.transposed(-1), s.transposed(11));
                assertTrue((s.mask() >> tonic & 1) == 1, s + " holds its tonic");
            }
        }
        Scale c = Scale.parse("C", "major");
        assertEquals(Scale.Mode.MINOR, c.nextMode(1).mode());
        assertEquals(Scale.Mode.CHROMATIC, c.nextMode(-1).mode(), "stepping wraps around");
    }

    @Test
    void aWrongNameIsRefusedWithWhatIsExpected() {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class, () -> Scale.parse("H", null));
        assertEquals("unknown key: 'H' (expected a note name such as C, F#, Bb)", key.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scale.tonicOf("C#m"));
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> Scale.parse("C", "jazz"));
        assertTrue(mode.getMessage().startsWith("unknown scale: 'jazz' (expected one of major, minor,"),
                mode.getMessage());
    }

    @Test
    void theControlsAllowExactlyTheScalesPitches() {
        PitchRange range = new PitchRange(48, 72);
        Controls controls = new Controls(range).allowPitchClassMask(Scale.parse("D", "minor").mask());
        for (int p = 48; p <= 72; p++) {
            boolean inDMinor = switch (p % 12) {
                case 2, 4, 5, 7, 9, 10, 0 -> true;
                default -> false;
            };
            assertEquals(inDMinor, controls.allowed(range.index(p)), "pitch " + p);
        }
        controls.allowPitchClassMask(Scale.CHROMATIC.mask());
        for (int i = 0; i < range.size(); i++) {
            assertTrue(controls.allowed(i));
        }
    }
}
