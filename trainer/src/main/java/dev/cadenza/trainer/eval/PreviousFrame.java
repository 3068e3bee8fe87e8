package dev.cadenza.trainer.eval;

import dev.cadenza.engine.roll.PianoRoll;
import java.util.List;

/**
 * The trivial predictor to read the models' accuracy against: each frame predicted as the frame
 * before it (silence before a piece's first), scored the way the models are, per time step and
 * pooled. In music that mostly goes on, it is a strong one.
 */
public final class PreviousFrame {

    /**
     * The predictor's accuracy.
     *
     * @param accuracy mean over the frames of {@code TP / (TP + FP + FN)} (1 for two silent frames)
     * @param pooledAccuracy {@code sum TP / sum (TP + FP + FN)} over the frames
     * @param frames frames scored
     */
    public record Figures(double accuracy, double pooledAccuracy, long frames) {
    }

    private PreviousFrame() {
    }

    /** Scores the first {@code maxFrames} frames of {@code pieces}, in order. */
    public static Figures score(List<PianoRoll> pieces, long maxFrames) {
        double sum = 0;
        long hits = 0;
        long unions = 0;
        long frames = 0;
        for (PianoRoll roll : pieces) {
            for (int t = 0; t < roll.length() && frames < maxFrames; t++, frames++) {
                int hit = 0;
                int predicted = 0;
                int actual = 0;
                for (int i = 0; i < roll.range().size(); i++) {
                    boolean now = roll.sounding(t, i);
                    boolean before = t > 0 && roll.sounding(t - 1, i);
                    hit += now && before ? 1 : 0;
                    predicted += before ? 1 : 0;
                    actual += now ? 1 : 0;
                }
                sum += Evaluation.frameAccuracy(hit, predicted, actual);
                hits += hit;
                unions += predicted + actual - hit;
            }
        }
        return new Figures(frames == 0 ? 0 : sum / frames, unions == 0 ? 1 : (double) hits / unions, frames);
    }
}
