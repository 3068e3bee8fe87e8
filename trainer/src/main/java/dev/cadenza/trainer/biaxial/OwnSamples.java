package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialFeatures;
import dev.cadenza.engine.biaxial.BiaxialModel;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.roll.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scheduled sampling (Bengio et al. 2015) for the biaxial model: the time axis hears, before a
 * share of the steps, the frame the model itself drew instead of the true one, while the frames to
 * predict stay the true ones. A model trained on true frames alone never hears its own mistakes, so
 * when it plays on its own a dropped voice or a silence it made stays (measured on the Bach
 * chorales: one step ahead it draws as many notes as the music has, free-running a tenth fewer at
 * temperature 1); this is meant to teach it to come back to the music from them. Measured in
 * docs/music.md: fine-tuning {@code bach-biaxial} with a share of 0.1 or 0.25 did not help (at 0.25
 * it learnt that the next frame rarely goes on with what it heard).
 *
 * <p>Each segment is run step by step through the engine's sampler ({@link BiaxialModel}) with the
 * current weights at temperature 1: before step {@code t + 1} it hears its own draw for step
 * {@code t} with probability {@code share}, else the true frame; the draws depend on the heard
 * past, so mistakes compound as they do in generation. A true frame heard after a drawn one is
 * read against it as the sampler reads any frame (a note sounding after silence is struck), and so
 * is the frame to predict.
 */
final class OwnSamples {
    private OwnSamples() {
    }

    /**
     * The segments of {@code batch} with what their time axis hears mixed from the model's draws
     * ({@code share} of the steps, 0..1) and the true frames.
     */
    static List<Segment> mix(BiaxialWeights weights, List<Segment> batch, double share, SplittableRandom random) {
        try (BiaxialModel model = new BiaxialModel(weights)) {
            return mix(model, batch, share, random);
        }
    }

    private static List<Segment> mix(BiaxialModel model, List<Segment> batch, double share, SplittableRandom random) {
        BiaxialConfig config = model.config();
        int notes = config.notes();
        Controls controls = new Controls(config.range());
        Frame before = new Frame(config.range());
        Frame frame = new Frame(config.range());
        List<Segment> out = new ArrayList<>(batch.size());
        for (Segment seg : batch) {
            int steps = seg.cells().length;
            byte[][] heard = new byte[steps][];
            byte[][] cells = new byte[steps][];
            heard[0] = seg.before();
            setAll(before, seg.before());
            model.movedFromC(seg.keyShift());
            model.reset(random.nextLong(), before, seg.startStep());
            for (int t = 0; t < steps; t++) {
                byte[] target = new byte[notes];
                for (int n = 0; n < notes; n++) {
                    target[n] = BiaxialFeatures.normalised(seg.cells()[t][n], heard[t][n], config.articulation());
                }
                cells[t] = target;
                if (t + 1 == steps) {
                    break;
                }
                if (t < seg.length() && random.nextDouble() < share) {
                    model.sample(controls, frame);
                    byte[] drawn = new byte[notes];
                    for (int n = 0; n < notes; n++) {
                        drawn[n] = frame.cell(n);
                    }
                    heard[t + 1] = drawn;
                } else {
                    heard[t + 1] = target;
                    if (t < seg.length()) {
                        setAll(frame, target);
                        model.observe(frame);
                    }
                }
            }
            out.add(new Segment(cells, seg.before(), seg.startStep(), seg.length(), heard, seg.keyShift()));
        }
        return out;
    }

    private static void setAll(Frame frame, byte[] cells) {
        for (int n = 0; n < cells.length; n++) {
            frame.setCode(n, cells[n]);
        }
    }
}
