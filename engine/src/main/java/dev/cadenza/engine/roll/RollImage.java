package dev.cadenza.engine.roll;

import dev.cadenza.engine.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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

    /** The keyboard strip's width at the left of {@link #annotated}, pitch names included. */
    public static final int LEFT = 40;
    /** The bar numbers' strip above the roll. */
    public static final int TOP = 16;
    /** The legend's strip below the roll. */
    public static final int BOTTOM = 22;

    static final int BACKGROUND = 0xFFFFFF;
    static final int LABEL = 0x50505C;
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

    /**
     * {@link #render}'s roll with what a reader needs around it: the pitch names of every C (C4 is
     * middle C) on a keyboard strip at the left, the bars numbered above, and a legend below.
     * The roll sits at ({@link #LEFT}, {@link #TOP}).
     */
    public static BufferedImage annotated(PianoRoll roll) {
        BufferedImage grid = render(roll);
        int width = LEFT + grid.getWidth() + 8;
        int height = TOP + grid.getHeight() + BOTTOM;
        BufferedImage image = new BufferedImage(Math.max(width, 260), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(BACKGROUND));
            g.fillRect(0, 0, image.getWidth(), height);
            g.drawImage(grid, LEFT, TOP, null);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            PitchRange range = roll.range();
            for (int i = 0; i < range.size(); i++) {
                int pitch = range.pitch(i);
                int y = TOP + bottomOf(i, grid.getHeight());
                boolean black = switch (pitch % 12) {
                    case 1, 3, 6, 8, 10 -> true;
                    default -> false;
                };
                g.setColor(new Color(black ? 0x3A3D46 : 0xF2F2F5));
                g.fillRect(LEFT - 12, y - PITCH_HEIGHT, 11, PITCH_HEIGHT - (PITCH_HEIGHT > 3 ? 1 : 0));
                if (pitch % 12 == 0) {
                    g.setColor(new Color(LABEL));
                    g.drawString("C" + (pitch / 12 - 1), 2, y);
                }
            }
            int stepWidth = stepWidth(roll.stepsPerQuarter());
            int[] bars = barSteps(roll);
            int every = Math.max(1, (int) Math.ceil(24.0 / Math.max(1, bars.length > 1 ? (bars[1] - bars[0]) * stepWidth
                    : 24)));
            for (int b = 0; b < bars.length; b += every) {
                g.setColor(new Color(LABEL));
                g.drawString(String.valueOf(b + 1), LEFT + bars[b] * stepWidth + 2, TOP - 4);
            }
            int y = TOP + grid.getHeight() + 6;
            g.setColor(new Color(HELD));
            g.fillRect(LEFT, y, 14, 8);
            g.setColor(new Color(STRUCK));
            g.fillRect(LEFT + 104, y, 14, 8);
            g.setColor(new Color(LABEL));
            g.drawString("held", LEFT + 18, y + 8);
            g.drawString("struck (onset)", LEFT + 122, y + 8);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes {@code roll}'s {@link #annotated} PNG to {@code file} atomically (temporary file, then a move). */
    public static void writePng(PianoRoll roll, Path file) {
        BufferedImage image = annotated(roll);
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
