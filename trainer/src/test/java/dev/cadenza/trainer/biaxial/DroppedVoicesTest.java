package dev.cadenza.trainer.biaxial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DroppedVoicesTest {
    private static final BiaxialConfig CONFIG =
            new BiaxialConfig(new PitchRange(50, 75), 2, List.of(9, 7), List.of(6, 5), true);

    @Test
    void withNoShareTheTimeAxisHearsTheTrueFrames() {
        List<Segment> batch = BiaxialTestData.randomSegments(CONFIG, 3, 12, 8);
        List<Segment> heard = DroppedVoices.drop(batch, 0, true, new SplittableRandom(1));
        for (int s = 0; s < batch.size(); s++) {
            for (int t = 0; t < 12; t++) {
                assertArrayEquals(batch.get(s).cells()[t], heard.get(s).cells()[t]);
                assertArrayEquals(batch.get(s).heardBefore(t, null), heard.get(s).heard()[t]);
            }
        }
    }

    /** Two notes: one held over three steps then struck again, one struck twice; steps 0..7. */
    @Test
    void aNoteIsLeftOutFromItsOnsetToItsReleaseAndWhatSoundsAfterASilenceHeardIsStruck() {
        byte s = Cell.STRUCK_CODE;
        byte h = Cell.HELD_CODE;
        byte o = Cell.SILENT_CODE;
        byte[][] cells = new byte[8][CONFIG.notes()];
        byte[] low = {s, h, h, s, h, o, o, o};
        byte[] high = {o, s, o, s, h, h, o, o};
        for (int t = 0; t < 8; t++) {
            cells[t][0] = low[t];
            cells[t][5] = high[t];
        }
        Segment seg = new Segment(cells, new byte[CONFIG.notes()], 0, 8);
        int[] kept = new int[4];
        int runs = 400;
        for (int seed = 0; seed < runs; seed++) {
            Segment d = DroppedVoices.drop(List.of(seg), 0.5, true, new SplittableRandom(seed)).get(0);
            // each of the four notes (two events per pitch) is heard whole or not at all
            boolean[] lowEvents = {d.heard()[1][0] != o, d.heard()[4][0] != o};
            boolean[] highEvents = {d.heard()[2][5] != o, d.heard()[4][5] != o};
            assertEquals(lowEvents[0], d.heard()[2][0] != o);
            assertEquals(lowEvents[0], d.heard()[3][0] != o);
            assertEquals(lowEvents[1], d.heard()[5][0] != o);
            assertEquals(highEvents[1], d.heard()[5][5] != o);
            assertEquals(highEvents[1], d.heard()[6][5] != o);
            kept[0] += lowEvents[0] ? 1 : 0;
            kept[1] += lowEvents[1] ? 1 : 0;
            kept[2] += highEvents[0] ? 1 : 0;
            kept[3] += highEvents[1] ? 1 : 0;
            // the frames to predict still sound where the music sounds; a note left out is struck at
            // its onset, and after it sounds with its articulation unscored (what was heard says nothing of it)
            for (int t = 0; t < 8; t++) {
                for (int n : new int[] {0, 5}) {
                    byte target = d.cells()[t][n];
                    assertEquals(Cell.sounding(cells[t][n]), Cell.sounding(target));
                    boolean heard = t == 0 || Cell.sounding(d.heard()[t][n]);
                    if (!Cell.sounding(target) || heard) {
                        assertEquals(cells[t][n], target, "step " + t + " note " + n);
                    } else {
                        assertEquals(cells[t][n] == s ? s : DroppedVoices.SOUNDING, target, "step " + t + " note " + n);
                    }
                }
            }
            // nothing is heard that the music does not sound
            for (int t = 1; t < 8; t++) {
                for (int n = 0; n < CONFIG.notes(); n++) {
                    assertTrue(!Cell.sounding(d.heard()[t][n]) || Cell.sounding(cells[t - 1][n]));
                }
            }
        }
        for (int k : kept) {
            assertTrue(k > runs * 0.4 && k < runs * 0.6, "kept " + k + " of " + runs);
        }
    }
}
