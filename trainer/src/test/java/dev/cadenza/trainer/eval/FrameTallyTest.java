package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameTallyTest {

    private static final float[] SILENCE = new float[4];

    @Test
    @DisplayName("pooled and per-frame accuracy of the copy baseline match a hand computation")
    void copyBaselineByHand() {
        FrameTally tally = new FrameTally(2);
        // piece 0, frames 1100, 1100, 0110: against silence 0/2, then 2/2, then 1/3
        addFrames(tally, 0, "1100", "1100", "0110");
        // piece 1: a silent frame after silence scores 1; then 1000 after silence 0/1
        addFrames(tally, 1, "0000", "1000");

        FrameTally.Accuracy copy = tally.accuracy(FrameTally.COPY);
        assertEquals(5, tally.frames());
        assertEquals((0 + 1 + 1.0 / 3 + 1 + 0) / 5, copy.perFrame(), 1e-12);
        // pooled: TP 3 over TP + FP + FN = 2 + 2 + 3 + 0 + 1
        assertEquals(3.0 / (2 + 2 + 3 + 0 + 1), copy.pooled(), 1e-12);
    }

    @Test
    @DisplayName("the likely notes are scored frame by frame at every threshold, pooled and per frame")
    void likelyNotesByHand() {
        FrameTally tally = new FrameTally(1);
        float[] p = {0.92f, 0.62f, 0.42f, 0.12f, /* */ 0.22f, 0.48f, 0.32f, 0f, /* */ 0.72f, 0.72f, 0f, 0f};
        float[] y = {1, 0, 1, 0, /* */ 0, 0, 0, 0, /* */ 0, 0, 1, 1};
        for (int t = 0; t < 3; t++) {
            tally.add(0, p, 4 * t, SILENCE, 0, y, 4 * t, 4, 0, 0);
        }

        // at 1/2: frame 1 predicts notes 0 and 1, hits one, misses note 2: 1/3; frame 2, silence
        // predicted silent: 1; frame 3, nothing in common: 0. Pooled: TP 1, FP 1 + 2, FN 1 + 2
        FrameTally.Accuracy half = tally.accuracy(FrameTally.likely(0.5));
        assertEquals((1.0 / 3 + 1 + 0) / 3, half.perFrame(), 1e-12);
        assertEquals(1.0 / 7, half.pooled(), 1e-12);
        // at 0.35 note 2 of frame 1 is in (a hit), note 1 of frame 2 too (a false note): 2/3, 0, 0;
        // pooled TP 2, FP 1 + 1 + 2, FN 2
        FrameTally.Accuracy lower = tally.accuracy(FrameTally.likely(0.35));
        assertEquals(2.0 / 9, lower.perFrame(), 1e-12);
        assertEquals(2.0 / 8, lower.pooled(), 1e-12);
        // at 0.95 nothing is predicted: 0, 1, 0; pooled 0
        assertEquals(1.0 / 3, tally.accuracy(FrameTally.likely(0.95)).perFrame(), 1e-12);
        assertEquals(0.0, tally.accuracy(FrameTally.likely(0.95)).pooled(), 1e-12);
        // the best pooled accuracy, 1/4, is at 0.35 and 0.40 and again from 0.75 to 0.90 (frame 1's
        // note 0 alone); the tie goes to the threshold nearest 1/2
        assertEquals(0.25, tally.accuracy(FrameTally.likely(0.8)).pooled(), 1e-12);
        assertEquals(0.40, tally.bestLikelyThreshold(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> FrameTally.likely(0.33));
    }

    @Test
    @DisplayName("the sampled prediction is pooled from the marginals and averaged from the draws' accuracies")
    void sampledFromMarginals() {
        FrameTally tally = new FrameTally(1);
        float[] p = {0.5f, 0.75f, 0, 0};
        tally.add(0, p, 0, SILENCE, 0, new float[] {1, 0, 0, 0}, 0, 4, 0.3125, 0);
        tally.add(0, p, 0, SILENCE, 0, new float[] {1, 1, 0, 0}, 0, 4, 0.625, 1);

        FrameTally.Accuracy sampled = tally.accuracy(FrameTally.SAMPLED);
        assertEquals((0.3125 + 0.625) / 2, sampled.perFrame(), 1e-12);
        // frame 1: TP 0.5, FP 0.75, FN 0.5; frame 2: TP 1.25, FP 0, FN 0.75 + 1 missed note
        assertEquals(1.75 / (1.75 + 0.75 + 0.5 + 0.75 + 1), sampled.pooled(), 1e-12);
        // a drawn frame holds 1.25 notes on average (the marginals' sum); the true frames 1 and 3
        assertEquals(1.25, tally.notesPerFrame().drawn(), 1e-12);
        assertEquals(2.0, tally.notesPerFrame().actual(), 1e-12);
    }

    @Test
    @DisplayName("the paired bootstrap is zero for equal predictions and spans the pieces' differences")
    void bootstrapOnToyCases() {
        FrameTally same = new FrameTally(3);
        for (int piece = 0; piece < 3; piece++) {
            addFrames(same, piece, "1000", "1000"); // sampled scored as the copy baseline
        }
        assertEquals(new FrameTally.Interval(0, 0), same.difference(FrameTally.SAMPLED, FrameTally.COPY, false, 500, 1));

        // two pieces of one frame: the model beats the copy by 1 on one and loses by 1 on the other.
        // Resampled pieces: both the first (1/4), one of each (1/2), both the second (1/4), so the
        // differences are +1, 0, -1 and the 95 % interval is -1..+1
        FrameTally split = new FrameTally(2);
        split.add(0, new float[] {1, 0, 0, 0}, 0, SILENCE, 0, new float[] {1, 0, 0, 0}, 0, 4, 1.0, 0);
        split.add(1, new float[] {0, 1, 0, 0}, 0, new float[] {1, 0, 0, 0}, 0, new float[] {1, 0, 0, 0}, 0, 4, 0.0, 0);
        // piece 1's copy baseline predicts 1000 and is right: 1; piece 0's predicts silence: 0
        assertEquals(new FrameTally.Interval(-1, 1), split.difference(FrameTally.SAMPLED, FrameTally.COPY, false, 2000, 7));
        FrameTally.Interval pooled = split.difference(FrameTally.SAMPLED, FrameTally.COPY, true, 2000, 7);
        assertEquals(-1, pooled.low(), 1e-12);
        assertEquals(1, pooled.high(), 1e-12);

        // a model better on every piece by the same amount: the interval is that amount
        FrameTally better = new FrameTally(4);
        for (int piece = 0; piece < 4; piece++) {
            better.add(piece, new float[] {1, 0, 0, 0}, 0, SILENCE, 0, new float[] {1, 0, 0, 0}, 0, 4, 1.0, 0);
        }
        FrameTally.Interval all = better.difference(FrameTally.SAMPLED, FrameTally.COPY, false, 300, 3);
        assertEquals(1, all.low(), 1e-12);
        assertEquals(1, all.high(), 1e-12);
        assertTrue(Double.isNaN(new FrameTally(2).difference(0, 1, true, 10, 1).low()), "no piece scored");
    }

    /** Adds binary frames in order: each predicted by its marginals = itself, after the one before. */
    private static void addFrames(FrameTally tally, int piece, String... frames) {
        float[] before = SILENCE;
        for (String f : frames) {
            float[] frame = new float[f.length()];
            for (int i = 0; i < f.length(); i++) {
                frame[i] = f.charAt(i) == '1' ? 1 : 0;
            }
            tally.add(piece, before, 0, before, 0, frame, 0, frame.length, accuracy(before, frame), 0);
            before = frame;
        }
    }

    private static double accuracy(float[] predicted, float[] truth) {
        int hits = 0;
        int p = 0;
        int a = 0;
        for (int i = 0; i < truth.length; i++) {
            p += predicted[i] > 0.5f ? 1 : 0;
            a += truth[i] > 0.5f ? 1 : 0;
            hits += predicted[i] > 0.5f && truth[i] > 0.5f ? 1 : 0;
        }
        return Evaluation.frameAccuracy(hits, p, a);
    }
}
