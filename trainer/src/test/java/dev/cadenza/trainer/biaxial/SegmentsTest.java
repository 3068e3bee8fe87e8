package dev.cadenza.trainer.biaxial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentsTest {
    private static final BiaxialConfig CONFIG =
            new BiaxialConfig(new PitchRange(60, 71), 2, List.of(6), List.of(4), true);

    /**
     * A piece of {@code length} steps whose step t sounds pitch 60 + ((t + offset) mod 12), struck, so each step
     * tells where it is and which piece it is from.
     */
    private static PianoRoll piece(int length, int offset) {
        PianoRoll roll = new PianoRoll(CONFIG.range(), 4, length);
        for (int t = 0; t < length; t++) {
            roll.set(t, (t + offset) % 12, Cell.STRUCK);
        }
        return roll;
    }

    @Test
    void aShareOfTheSegmentsStartWhereTheirPieceStartsHeardFromSilence() {
        // one short piece and one twenty times longer: drawn anywhere, almost every segment comes from the long one
        Segments segments = new Segments(CONFIG, List.of(piece(40, 6), piece(800, 0)));
        int count = 4000;
        List<Segment> batch = segments.random(count, 16, 0.25, new SplittableRandom(3));
        int[] starts = new int[2];
        for (Segment s : batch) {
            int offset = (indexOfSounding(s.cells()[0]) - s.startStep() % 12 + 12) % 12;
            assertEquals(16, s.length());
            for (int t = 0; t < 16; t++) {
                assertEquals((s.startStep() + t + offset) % 12, indexOfSounding(s.cells()[t]),
                        "a segment holds its piece's steps from where it starts");
            }
            if (s.startStep() == 0) {
                starts[offset == 6 ? 0 : 1]++;
                assertArrayEquals(new byte[CONFIG.notes()], s.before(), "a piece's start is heard from silence");
            } else {
                assertEquals((s.startStep() - 1 + offset) % 12, indexOfSounding(s.before()), "and hears the step before it");
            }
        }
        // a quarter start where a piece starts, each piece as likely whatever its length
        double share = (starts[0] + starts[1]) / (double) count;
        assertTrue(share > 0.22 && share < 0.29, "share of segments from a piece's start: " + share);
        assertTrue(Math.abs(starts[0] - starts[1]) < 0.2 * (starts[0] + starts[1]),
                "starts of the short and the long piece: " + starts[0] + ", " + starts[1]);
    }

    @Test
    void withoutPieceStartsASegmentRarelyStartsAtOne() {
        Segments segments = new Segments(CONFIG, List.of(piece(400, 0), piece(400, 3)));
        long fromStarts = segments.random(2000, 16, 0, new SplittableRandom(5)).stream()
                .filter(s -> s.startStep() == 0).count();
        assertTrue(fromStarts < 20, "segments from a start without a share of them: " + fromStarts);
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BiaxialTrainingOptions.defaults().withSegments(5, 8, 1.5));
        assertTrue(e.getMessage().contains("piece starts"), e.getMessage());
    }

    private static int indexOfSounding(byte[] frame) {
        for (int n = 0; n < frame.length; n++) {
            if (frame[n] != Cell.SILENT_CODE) {
                return n;
            }
        }
        return -1;
    }
}
