package dev.cadenza.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MusicFeaturesTest {
    private static final PitchRange RANGE = new PitchRange(60, 72);

    /** A roll drawn one pitch per row: '|' struck, '-' held, '.' silent. */
    static PianoRoll drawn(int stepsPerQuarter, String... rows) {
        int length = rows[0].split(" ", 2)[1].length();
        PianoRoll roll = new PianoRoll(RANGE, stepsPerQuarter, length);
        for (String row : rows) {
            String[] parts = row.split(" ", 2);
            int index = RANGE.index(Integer.parseInt(parts[0]));
            for (int t = 0; t < length; t++) {
                char c = parts[1].charAt(t);
                roll.set(t, index, c == '|' ? Cell.STRUCK : c == '-' ? Cell.HELD : Cell.SILENT);
            }
        }
        return roll;
    }

    private static double value(double[] f, MusicFeature feature) {
        return f[feature.ordinal()];
    }

    @Test
    @DisplayName("every feature of a drawn bar matches the count worked by hand")
    void aBarWorkedByHand() {
        PianoRoll bar = drawn(4,
                "60 |---|---........",
                "64 |-------........",
                "67 ........|--.|--.");
        double[] f = MusicFeatures.of(bar);
        assertEquals(5, value(f, MusicFeature.ONSETS_PER_BAR), 1e-12);
        assertEquals(22 / 16.0, value(f, MusicFeature.POLYPHONY), 1e-12);
        assertEquals(2 / 16.0, value(f, MusicFeature.SILENT_STEPS), 1e-12);
        assertEquals(7, value(f, MusicFeature.PITCH_RANGE), 1e-12);
        assertEquals(3, value(f, MusicFeature.DISTINCT_PITCHES), 1e-12);
        double entropy = -(2 * 0.4 * Math.log(0.4) + 0.2 * Math.log(0.2)) / Math.log(2);
        assertEquals(entropy, value(f, MusicFeature.PITCH_CLASS_ENTROPY), 1e-12);
        assertEquals(22 / 5.0 / 4, value(f, MusicFeature.MEAN_NOTE_LENGTH), 1e-12);
        assertEquals(2, value(f, MusicFeature.LONGEST_NOTE), 1e-12);
        assertEquals(1, value(f, MusicFeature.INTER_ONSET_INTERVAL), 1e-12);
        assertEquals(10 / 15.0, value(f, MusicFeature.REPEATED_STEPS), 1e-12);
        assertEquals(1.5, value(f, MusicFeature.TOP_VOICE_INTERVAL), 1e-12);
        assertEquals(1, value(f, MusicFeature.SCALE_CONSISTENCY), 1e-12);
        assertEquals(0.2, value(f, MusicFeature.RESTRUCK_SHARE), 1e-12);
        assertEquals(0, MusicFeatures.silentBars(bar));
    }

    @Test
    @DisplayName("a note outside the scale lowers the scale consistency; a held note at the start is a note, not an onset")
    void scaleAndHeldStart() {
        PianoRoll bar = drawn(4,
                "60 ----|-----------",
                "61 ........|-------",
                "64 ....|-------....");
        double[] f = MusicFeatures.of(bar);
        assertEquals(3, value(f, MusicFeature.ONSETS_PER_BAR), 1e-12);
        assertEquals(2 / 3.0, value(f, MusicFeature.SCALE_CONSISTENCY), 1e-12);
        assertEquals(1 / 3.0, value(f, MusicFeature.RESTRUCK_SHARE), 1e-12);
        assertEquals((4 + 12 + 8 + 8) / 4.0 / 4, value(f, MusicFeature.MEAN_NOTE_LENGTH), 1e-12);
    }

    @Test
    @DisplayName("silence has no onsets, every step silent, and one interval as long as the excerpt")
    void silence() {
        PianoRoll two = new PianoRoll(RANGE, 4, 32);
        double[] f = MusicFeatures.of(two);
        assertEquals(0, value(f, MusicFeature.ONSETS_PER_BAR));
        assertEquals(1, value(f, MusicFeature.SILENT_STEPS));
        assertEquals(8, value(f, MusicFeature.INTER_ONSET_INTERVAL));
        assertEquals(0, value(f, MusicFeature.SCALE_CONSISTENCY));
        assertEquals(2, MusicFeatures.silentBars(two));
    }

    @Test
    @DisplayName("a quarter-note roll spreads onto sixteenths: struck, then held")
    void spreadsOntoSixteenths() {
        PianoRoll quarters = drawn(1, "60 |-.|");
        PianoRoll sixteenths = Excerpts.onSixteenths(quarters);
        assertEquals(4, sixteenths.stepsPerQuarter());
        assertEquals(16, sixteenths.length());
        String expected = "|-------....|---";
        for (int t = 0; t < 16; t++) {
            char c = expected.charAt(t);
            assertEquals(c == '|' ? Cell.STRUCK : c == '-' ? Cell.HELD : Cell.SILENT, sixteenths.cell(t, 0), "step " + t);
        }
        assertThrows(TrainerException.class, () -> Excerpts.onSixteenths(new PianoRoll(RANGE, 3, 4)));
        assertThrows(TrainerException.class, () -> MusicFeatures.of(quarters));
    }

    @Test
    @DisplayName("excerpts are drawn the same from the same seed, on quarter notes, and a split too short is named")
    void drawing() {
        PianoRoll piece = drawn(4, "60 |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---");
        List<PianoRoll> a = Excerpts.draw(List.of(piece), 5, 2, 7);
        List<PianoRoll> b = Excerpts.draw(List.of(piece), 5, 2, 7);
        for (int n = 0; n < 5; n++) {
            assertEquals(32, a.get(n).length());
            assertEquals(true, a.get(n).sameAs(b.get(n)));
            assertEquals(Cell.STRUCK, a.get(n).cell(0, 0), "starts on a quarter note");
        }
        TrainerException e = assertThrows(TrainerException.class, () -> Excerpts.draw(List.of(piece), 5, 8, 7));
        assertEquals(true, e.getMessage().contains("8 bars"), e.getMessage());
        assertEquals(3, Excerpts.cut(List.of(piece, drawn(4, "60 |---")), 2).size(), "two whole excerpts and a short piece");
    }
}
