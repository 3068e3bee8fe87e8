package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialFeatures;
import dev.cadenza.engine.roll.Cell;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random segments for tests. */
final class BiaxialTestData {
    private BiaxialTestData() {
    }

    static List<Segment> randomSegments(BiaxialConfig config, int count, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Segment> segments = new ArrayList<>();
        int notes = config.notes();
        for (int s = 0; s < count; s++) {
            byte[] before = new byte[notes];
            byte[][] cells = new byte[steps][notes];
            byte[] previous = before;
            for (int t = 0; t < steps; t++) {
                for (int n = 0; n < notes; n++) {
                    double u = r.nextDouble();
                    byte raw = u < 0.15 ? Cell.STRUCK_CODE : u < 0.3 ? Cell.HELD_CODE : Cell.SILENT_CODE;
                    cells[t][n] = BiaxialFeatures.normalised(raw, previous[n], config.articulation());
                }
                previous = cells[t];
            }
            // with a key input, each segment's piece moved by another shift
            segments.add(new Segment(cells, before, 0, steps - s % 2, null, config.keyInput() ? 3 * s - 4 : 0));
        }
        return segments;
    }
}
