package dev.cadenza.engine.roll;

import dev.cadenza.engine.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Renders a {@link PianoRoll} as a PNG: time left to right, pitch bottom to top.
 *
 * <p>Each step is {@link #stepWidth(int)} pixels wide (16 pixels per quarter note, at least 2 per
 * step) and each pitch {@link #PITCH_HEIGHT} pixels high, so the image is
 * {@code length * stepWidth} by {@code range.size() * PITCH_HEIGHT} (at least 1 by 1). Held cells
 * are light blue; a struck cell (an onset) is dark blue with a one-pixel light gap before it, so a
 * repeated note reads as separate blocks and a held one as one bar. Faint horizontal lines mark
 * every C, faint vertical lines every bar (from the roll's time signatures, 4/4 where it has none).
 *
 * <p>Pure pixel work on a {@link BufferedImage}: runs headless. Not for the real-time path.
 */
public final class RollImage {
    /** Pixels per pitch row. */
    public static final int PITCH_HEIGHT = 4;
    /** Pixels per quarter note where the grid allows it. */
    public static final int QUARTER_WIDTH = 16;

    static final int BACKGROUND = 0xFFFFFF;
    static final int C_LINE = 0xE4E4EC;
    static final int BAR_LINE = 0xC8C8D4;
    static final int HELD = 0x7FA8E0;
    static final int STRUCK = 0x1C3F94;

    private RollImage() {}

    /** Width in pixels of one step of a grid with {@code stepsPerQuarter} steps per quarter note. */
    public static int stepWidth(int stepsPerQuarter) {
        return Math.max(2, QUARTER_WIDTH / stepsPerQuarter);
    }

    /** Renders {@code roll} (see the class comment). */
    public static BufferedImage render(PianoRoll roll) {
        PitchRange range = roll.range();
        int stepWidth = stepWidth(roll.stepsPerQuarter());
        int width = Math.max(1, roll.length() * stepWidth);
        int height = range.size() * PITCH_HEIGHT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        fill(image, 0, 0, width, height, BACKGROUND);

        for (int i = 0; i < range.size(); i++) {
            if (range.pitch(i) % 12 == 0) {
                fill(image, 0, bottomOf(i, height) - 1, width, 1, C_LINE);
            }
        }
        for (int step : barSteps(roll)) {
            fill(image, step * stepWidth, 0, 1, height, BAR_LINE);
        }
        for (int step = 0; step < roll.length(); step++) {
            int x = step * stepWidth;
            for (int i = 0; i < range.size(); i++) {
                byte code = roll.code(step, i);
                int y = bottomOf(i, height) - PITCH_HEIGHT;
                if (code == Cell.HELD_CODE) {
                    fill(image, x, y, stepWidth, PITCH_HEIGHT - 1, HELD);
                } else if (code == Cell.STRUCK_CODE) {
                    fill(image, x + 1, y, stepWidth - 1, PITCH_HEIGHT - 1, STRUCK);
                }
            }
        }
        return image;
    }

    /** Writes the PNG of {@code roll} to {@code file} atomically (temporary file, then a move). */
    public static void writePng(PianoRoll roll, Path file) {
        BufferedImage image = render(roll);
        AtomicFiles.write(file, "piano-roll image", out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    /** The y just below pitch row {@code i} (row 0, the lowest pitch, sits at the bottom). */
    static int bottomOf(int index, int height) {
        return height - index * PITCH_HEIGHT;
    }

    /** Steps where a bar starts, from the time signatures in force (4/4 before the first). */
    static int[] barSteps(PianoRoll roll) {
        List<PianoRoll.TimeSignature> signatures = roll.timeSignatures();
        List<Integer> bars = new ArrayList<>();
        int numerator = 4;
        int denominator = 4;
        int from = 0;
        for (int s = 0; s <= signatures.size(); s++) {
            int until = s < signatures.size() ? Math.min(signatures.get(s).step(), roll.length()) : roll.length();
            // A bar is numerator notes of 1/denominator, i.e. numerator * 4 / denominator quarters.
            int barLength = Math.max(1, numerator * 4 * roll.stepsPerQuarter() / denominator);
            for (int step = from; step < until; step += barLength) {
                bars.add(step);
            }
            if (s < signatures.size()) {
                numerator = signatures.get(s).numerator();
                denominator = signatures.get(s).denominator();
                from = signatures.get(s).step();
            }
        }
        return bars.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void fill(BufferedImage image, int x, int y, int w, int h, int rgb) {
        for (int yy = Math.max(0, y); yy < Math.min(image.getHeight(), y + h); yy++) {
            for (int xx = Math.max(0, x); xx < Math.min(image.getWidth(), x + w); xx++) {
                image.setRGB(xx, yy, rgb);
            }
        }
    }
}
