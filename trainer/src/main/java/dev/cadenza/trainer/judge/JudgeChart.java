package dev.cadenza.trainer.judge;

import dev.cadenza.engine.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A picture of a {@link Judgement}: one panel per feature with the density of the candidate's
 * values (red), the reference's (black) and the ceiling split's (grey), the overlapped areas in its
 * title; the summary on top.
 */
public final class JudgeChart {
    private static final int COLUMNS = 4;
    private static final int PANEL_WIDTH = 320;
    private static final int PANEL_HEIGHT = 190;
    private static final int HEADER = 56;
    private static final int POINTS = 240;
    private static final Color CANDIDATE = new Color(0xC0392B);
    private static final Color REFERENCE = Color.BLACK;
    private static final Color CEILING = new Color(0x9E9E9E);

    private JudgeChart() {}

    public static BufferedImage render(Judgement j) {
        MusicFeature[] features = j.versusReference().features().stream()
                .map(Comparison.FeatureComparison::feature).toArray(MusicFeature[]::new);
        int rows = (features.length + COLUMNS - 1) / COLUMNS;
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_WIDTH, HEADER + rows * PANEL_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%s against %s: %d excerpts of %d bars, seed %d", j.candidate(),
                    j.reference(), j.samples(), j.bars(), j.seed()), 10, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(String.format(Locale.ROOT, "summary OA %.2f, ceiling (%s against the reference) %.2f, ratio %.2f",
                    j.versusReference().summary(), j.ceilingSplit(), j.ceiling().summary(), j.ratioToCeiling()), 10, 38);
            legend(g, image.getWidth() - 330, 38);
            for (int f = 0; f < features.length; f++) {
                int x = (f % COLUMNS) * PANEL_WIDTH;
                int y = HEADER + (f / COLUMNS) * PANEL_HEIGHT;
                panel(g, j, features[f], x, y);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes the chart of {@code judgement} to {@code file} atomically. */
    public static void writePng(Judgement judgement, Path file) {
        BufferedImage image = render(judgement);
        AtomicFiles.write(file, "judge chart", out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    private static void legend(Graphics2D g, int x, int y) {
        Color[] colours = {CANDIDATE, REFERENCE, CEILING};
        String[] names = {"candidate", "reference", "ceiling split"};
        for (int k = 0; k < 3; k++) {
            g.setColor(colours[k]);
            g.fillRect(x + k * 110, y - 9, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(names[k], x + k * 110 + 18, y);
        }
    }

    private static void panel(Graphics2D g, Judgement j, MusicFeature feature, int x0, int y0) {
        int left = x0 + 12;
        int right = x0 + PANEL_WIDTH - 12;
        int top = y0 + 34;
        int bottom = y0 + PANEL_HEIGHT - 26;
        double[] candidate = Comparison.column(j.candidateFeatures(), feature.ordinal());
        double[] reference = Comparison.column(j.referenceFeatures(), feature.ordinal());
        double[] ceiling = Comparison.column(j.ceilingFeatures(), feature.ordinal());
        double lo = Math.min(Kde.min(candidate), Math.min(Kde.min(reference), Kde.min(ceiling)));
        double span = Comparison.span(candidate, reference, ceiling);
        double hi = lo + span;
        Kde[] kdes = Kde.atResolutionOf(reference, Kde.FLOOR_SHARE * span, ceiling, reference, candidate);
        Color[] colours = {CEILING, REFERENCE, CANDIDATE};
        double from = lo - 0.15 * span;
        double to = hi + 0.15 * span;
        double[] xs = new double[POINTS];
        for (int k = 0; k < POINTS; k++) {
            xs[k] = from + (to - from) * k / (POINTS - 1);
        }
        double[][] ys = new double[kdes.length][];
        double peak = 0;
        for (int s = 0; s < kdes.length; s++) {
            ys[s] = kdes[s].densities(xs);
            peak = Math.max(peak, Kde.max(ys[s]));
        }

        Comparison.FeatureComparison row = j.versusReference().row(feature);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(feature.label(), left, y0 + 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(String.format(Locale.ROOT, "OA %.2f (ceiling %.2f)", row.overlap(),
                j.ceiling().row(feature).overlap()), left, y0 + 29);
        g.setColor(new Color(0xDDDDDD));
        g.drawLine(left, bottom, right, bottom);
        g.setStroke(new BasicStroke(1.8f));
        for (int s = 0; s < kdes.length; s++) {
            Path2D.Double curve = new Path2D.Double();
            for (int k = 0; k < POINTS; k++) {
                double px = left + (right - left) * k / (double) (POINTS - 1);
                double py = bottom - (bottom - top) * (peak > 0 ? ys[s][k] / peak : 0);
                if (k == 0) {
                    curve.moveTo(px, py);
                } else {
                    curve.lineTo(px, py);
                }
            }
            g.setColor(colours[s]);
            g.draw(curve);
        }
        g.setStroke(new BasicStroke(1));
        g.setColor(Color.DARK_GRAY);
        g.drawString(feature.format(from), left, bottom + 14);
        String end = feature.format(to);
        g.drawString(end, right - g.getFontMetrics().stringWidth(end), bottom + 14);
    }
}
