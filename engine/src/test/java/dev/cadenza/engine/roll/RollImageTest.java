package dev.cadenza.engine.roll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.EngineException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollImageTest {
    @TempDir
    Path dir;

    private static final PitchRange RANGE = new PitchRange(48, 72);

    /** Pitch 60 struck at 0 and held to 3, then struck at 4, 5 and 6; pitch 67 struck at 2 and held to 7. */
    private static PianoRoll roll() {
        PianoRoll roll = new PianoRoll(RANGE, 4, 8);
        int c = RANGE.index(60);
        int g = RANGE.index(67);
        roll.set(0, c, Cell.STRUCK);
        for (int t = 1; t < 4; t++) {
            roll.set(t, c, Cell.HELD);
        }
        for (int t = 4; t < 7; t++) {
            roll.set(t, c, Cell.STRUCK);
        }
        roll.set(2, g, Cell.STRUCK);
        for (int t = 3; t < 8; t++) {
            roll.set(t, g, Cell.HELD);
        }
        return roll;
    }

    /** The colour at the middle of a cell. */
    private static int centre(BufferedImage image, int step, int pitch) {
        int stepWidth = RollImage.stepWidth(4);
        int x = step * stepWidth + stepWidth / 2;
        int y = image.getHeight() - RANGE.index(pitch) * RollImage.PITCH_HEIGHT - RollImage.PITCH_HEIGHT + 1;
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void thePngHoldsTheRollWithOneColumnBlockPerStepAndOneRowPerPitchAndItsLabelsAround() throws IOException {
        Path file = dir.resolve("roll.png");

        RollImage.writePng(roll(), file);

        BufferedImage grid = RollImage.render(roll());
        assertEquals(8 * 4, grid.getWidth());
        assertEquals(25 * RollImage.PITCH_HEIGHT, grid.getHeight());
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Math.max(260, RollImage.LEFT + grid.getWidth() + 8), image.getWidth());
        assertEquals(RollImage.TOP + grid.getHeight() + RollImage.BOTTOM, image.getHeight());
        for (int x = 0; x < grid.getWidth(); x++) {
            for (int y = 0; y < grid.getHeight(); y++) {
                assertEquals(grid.getRGB(x, y), image.getRGB(RollImage.LEFT + x, RollImage.TOP + y), x + "," + y);
            }
        }
        // the pitch name of C4 at its row, the bar number above, the legend below: text in each strip
        int c4 = RollImage.TOP + grid.getHeight() - RANGE.index(60) * RollImage.PITCH_HEIGHT;
        assertTrue(inked(image, 0, c4 - 10, 20, 10), "a pitch name beside C4");
        assertTrue(inked(image, RollImage.LEFT, 0, 20, RollImage.TOP - 2), "a bar number");
        assertTrue(inked(image, RollImage.LEFT + 18, RollImage.TOP + grid.getHeight() + 4, 80, 14), "the legend");
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
        }
    }

    /** Whether any pixel of the rectangle is dark (text). */
    private static boolean inked(BufferedImage image, int x0, int y0, int w, int h) {
        for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x0 + w); x++) {
            for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y0 + h); y++) {
                if ((image.getRGB(x, y) & 0xFF) < 0x90) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void notesArePaintedWhereTheyAreStruckAndHeldAndNowhereElse() throws IOException {
        BufferedImage image = RollImage.render(roll());

        assertEquals(RollImage.STRUCK, centre(image, 0, 60));
        assertEquals(RollImage.HELD, centre(image, 1, 60));
        assertEquals(RollImage.STRUCK, centre(image, 5, 60));
        assertEquals(RollImage.STRUCK, centre(image, 2, 67));
        assertEquals(RollImage.HELD, centre(image, 7, 67));
        assertEquals(RollImage.BACKGROUND, centre(image, 7, 60));
        assertEquals(RollImage.BACKGROUND, centre(image, 0, 67));
        assertEquals(RollImage.BACKGROUND, centre(image, 3, 64));
        int higher = image.getHeight() - RANGE.index(67) * RollImage.PITCH_HEIGHT - 2;
        int lower = image.getHeight() - RANGE.index(60) * RollImage.PITCH_HEIGHT - 2;
        assertTrue(higher < lower, "higher pitches are drawn higher up");
    }

    @Test
    void aRepeatedNoteShowsAGapBeforeEachOnsetAndAHeldOneDoesNot() {
        BufferedImage image = RollImage.render(roll());
        int y = image.getHeight() - RANGE.index(60) * RollImage.PITCH_HEIGHT - 2;
        int stepWidth = RollImage.stepWidth(4);

        assertNotEquals(RollImage.STRUCK, image.getRGB(5 * stepWidth, y) & 0xFFFFFF, "gap before the repeat at step 5");
        assertEquals(RollImage.HELD, image.getRGB(2 * stepWidth, y) & 0xFFFFFF, "no gap inside a held note");
    }

    @Test
    void barLinesFollowTheTimeSignatures() {
        PianoRoll roll = new PianoRoll(RANGE, 2, 20);
        roll.addTimeSignature(new PianoRoll.TimeSignature(0, 3, 4));
        roll.addTimeSignature(new PianoRoll.TimeSignature(12, 6, 8));

        assertEquals(List.of(0, 6, 12, 18), boxed(RollImage.barSteps(roll)));
        assertEquals(List.of(0, 8, 16), boxed(RollImage.barSteps(new PianoRoll(RANGE, 2, 20))), "4/4 without a signature");
    }

    @Test
    void anEmptyRollIsAOnePixelWideRollWithItsLabels() throws IOException {
        Path file = dir.resolve("empty.png");

        RollImage.writePng(new PianoRoll(PitchRange.PIANO, 4), file);

        assertEquals(1, RollImage.render(new PianoRoll(PitchRange.PIANO, 4)).getWidth());
        assertEquals(260, ImageIO.read(file.toFile()).getWidth());
    }

    @Test
    void anUnwritablePathGivesAOneLineError() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a directory");
        Path file = blocker.resolve("roll.png");

        EngineException e = assertThrows(EngineException.class, () -> RollImage.writePng(roll(), file));

        assertTrue(e.getMessage().startsWith("cannot write piano-roll image " + file + " ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("an older file there is unchanged"), e.getMessage());
    }

    private static List<Integer> boxed(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
