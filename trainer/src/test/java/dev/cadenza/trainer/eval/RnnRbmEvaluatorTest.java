package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RnnRbmEvaluatorTest {

    private static final RnnRbmEvaluator EVALUATOR = new RnnRbmEvaluator();

    @Test
    @DisplayName("accuracy and log-likelihood of a model without weights match a hand computation")
    void handComputedCase() {
        RnnRbmWeights weights = new RnnRbmWeights(new RnnRbmConfig(new PitchRange(60, 61), 1, 1, 1, 1));
        weights.bv[1] = (float) Math.log(3); // marginals 1/2 and 3/4 at every frame
        PianoRoll piece = roll(new PitchRange(60, 61), "10", "11");

        Evaluation e = EVALUATOR.evaluate("hand", weights, "tiny", "test", List.of(piece),
                RnnRbmEvaluator.Options.defaults().withAis(4, 3).withGibbs(2000, 0, 10));

        // pooled: frame 1, y = 10: TP 0.5, FP 0.75, FN 0.5; frame 2, y = 11: TP 1.25, FP 0, FN 0.75
        assertEquals(1.75 / 3.75, e.sampled().pooled(), 1e-6);
        // per frame, over the four samples 00 10 01 11 (probabilities 1/8 1/8 3/8 3/8):
        // frame 1 scores 0 1 0 1/2, expected 5/16; frame 2 scores 0 1/2 1/2 1, expected 10/16
        assertEquals((5.0 / 16 + 10.0 / 16) / 2, e.sampled().perFrame(), 0.01);
        // log p = sum_i y_i bv_i - softplus(bv_i): frame 1 -ln 8, frame 2 ln(3/8)
        assertEquals((-Math.log(8) + Math.log(3.0 / 8)) / 2, e.logLikelihood(), 1e-5);
        assertEquals(2, e.frames());
        assertEquals(0, e.logLikelihoodSpread(), 1e-5);
        assertEquals(e.logLikelihood(), e.logLikelihoodReverse(), 1e-5);
        assertEquals(e.logLikelihood(), e.logLikelihoodCeiling(), 1e-5, "all four states visited: the sum is Z");
        assertTrue(e.converged());
        assertEquals(List.of("test.frames", "test.pieces", "test.acc.sampled.pooled", "test.acc.sampled.perFrame",
                "test.acc.likely.pooled", "test.acc.likely.perFrame", "test.acc.likely.threshold",
                "test.acc.copy.pooled", "test.acc.copy.perFrame", "test.acc.sampledMinusCopy.pooled.low",
                "test.acc.sampledMinusCopy.pooled.high", "test.acc.sampledMinusCopy.perFrame.low",
                "test.acc.sampledMinusCopy.perFrame.high", "test.acc.likelyMinusCopy.pooled.low",
                "test.acc.likelyMinusCopy.pooled.high", "test.acc.likelyMinusCopy.perFrame.low",
                "test.acc.likelyMinusCopy.perFrame.high", "test.nll", "test.nll.low", "test.nll.high",
                "test.nll.converged", "test.nll.certainLowerBound", "test.nll.reverseAis", "test.nll.aisSpread",
                "test.aisChains", "test.aisTemperatures", "test.gibbsSamples"), List.copyOf(e.metrics().keySet()));
        assertEquals(e.sampled().perFrame(), e.metrics().get("test.acc.sampled.perFrame"));
        assertEquals(-e.logLikelihood(), e.metrics().get("test.nll"));
        // the copy baseline: 10 after silence scores 0, 11 after 10 scores 1/2; pooled 1 / 3
        assertEquals(0.25, e.copy().perFrame(), 1e-12);
        assertEquals(1.0 / 3, e.copy().pooled(), 1e-12);
    }

    @Test
    @DisplayName("a model with struck units is scored on them too: a held note and the same note struck again differ")
    void struckUnitsAreScored() {
        PitchRange range = new PitchRange(60, 60);
        RnnRbmWeights weights = new RnnRbmWeights(new RnnRbmConfig(range, 1, 1, 1, 1, true));
        weights.bv[1] = (float) Math.log(3); // sounding 1/2, struck 3/4 at every step
        PianoRoll piece = new PianoRoll(range, 1, 3);
        piece.set(0, 0, Cell.STRUCK);
        piece.set(1, 0, Cell.HELD);
        piece.set(2, 0, Cell.STRUCK); // struck again while it sounds

        Evaluation e = EVALUATOR.evaluate("struck", weights, "tiny", "test", List.of(piece),
                RnnRbmEvaluator.Options.defaults().withAis(4, 3).withGibbs(2000, 0, 10));

        // targets (sounding, struck): 11, 10, 11; log p = ln(1/2) + ln(3/4) for 11, ln(1/2) + ln(1/4) for 10
        assertEquals((2 * Math.log(3.0 / 8) + Math.log(1.0 / 8)) / 3, e.logLikelihood(), 1e-5);
        // pooled: TP 3 * 1/2 + 2 * 3/4 = 3, FP 3/4 (the held step's struck unit), FN 3 * 1/2 + 2 * 1/4 = 2
        assertEquals(3 / 5.75, e.sampled().pooled(), 1e-6);
    }

    @Test
    @DisplayName("the log-likelihood and accuracy of a tiny RNN-RBM match exact enumeration")
    void tinyModelMatchesEnumeration() {
        checkAgainstEnumeration(1);
    }

    @Test
    @DisplayName("a model whose RBM covers two frames is scored window by window, exactly")
    void windowedModelMatchesEnumeration() {
        checkAgainstEnumeration(2);
    }

    @Test
    @DisplayName("a model that predicts an alternating pattern with certainty scores accuracy 1 and log-likelihood 0")
    void deterministicCorrectModelScoresOne() {
        RnnRbmWeights weights = alternatingModel();
        PianoRoll piece = roll(new PitchRange(60, 63), "1100", "0011", "1100", "0011", "1100");

        Evaluation e = EVALUATOR.evaluate("alt", weights, "tiny", "test", List.of(piece),
                RnnRbmEvaluator.Options.defaults().withAis(8, 20));

        assertEquals(1.0, e.sampled().perFrame(), 1e-6);
        assertEquals(1.0, e.sampled().pooled(), 1e-6);
        assertEquals(1.0, e.likely().perFrame(), 1e-6);
        assertEquals(0.0, e.logLikelihood(), 1e-4);
        assertEquals(5, e.frames());
    }

    @Test
    @DisplayName("the same model scores below 1 where the music breaks its pattern")
    void deterministicModelPenalisesSurprises() {
        PianoRoll piece = roll(new PitchRange(60, 63), "1100", "1100");

        Evaluation e = EVALUATOR.evaluate("alt", alternatingModel(), "tiny", "test", List.of(piece),
                RnnRbmEvaluator.Options.defaults().withAis(8, 20));

        // frame 1 right (TP 2), frame 2 predicts 0011 against 1100 (FP 2, FN 2)
        assertEquals(2.0 / 6.0, e.sampled().pooled(), 1e-6);
        assertEquals((1.0 + 0.0) / 2, e.sampled().perFrame(), 1e-6);
        assertEquals((1.0 + 0.0) / 2, e.likely().perFrame(), 1e-6);
        assertTrue(e.logLikelihood() < -30, "log-likelihood " + e.logLikelihood());
    }

    @Test
    @DisplayName("the same seed gives the same figures")
    void seedMakesEvaluationReproducible() {
        RnnRbmWeights weights = randomWeights(new RnnRbmConfig(new PitchRange(60, 71), 1, 1, 10, 6), 0.8, 3);
        List<PianoRoll> pieces = List.of(randomRoll(new PitchRange(60, 71), 20, 5), randomRoll(new PitchRange(60, 71), 9, 6));
        RnnRbmEvaluator.Options options = RnnRbmEvaluator.Options.defaults().withAis(8, 10).withGibbs(4, 5, 5)
                .withSeed(77);

        Evaluation a = EVALUATOR.evaluate("p", weights, "d", "test", pieces, options);
        Evaluation b = EVALUATOR.evaluate("p", weights, "d", "test", pieces, options);

        assertEquals(a.sampled().perFrame(), b.sampled().perFrame());
        assertEquals(a.sampled().pooled(), b.sampled().pooled());
        assertEquals(a.logLikelihood(), b.logLikelihood());
        assertEquals(a.logLikelihoodSpread(), b.logLikelihoodSpread());
        assertEquals(29, a.frames());
        assertEquals(4 * 5, a.gibbsSamples());
    }

    @Test
    @DisplayName("a maximum of frames scores only the split's first frames")
    void maxFramesTruncates() {
        RnnRbmWeights weights = randomWeights(new RnnRbmConfig(new PitchRange(60, 71), 1, 1, 10, 6), 0.8, 3);
        List<PianoRoll> pieces = List.of(randomRoll(new PitchRange(60, 71), 20, 5), randomRoll(new PitchRange(60, 71), 9, 6));

        Evaluation e = EVALUATOR.evaluate("p", weights, "d", "test", pieces,
                RnnRbmEvaluator.Options.defaults().withAis(4, 10).withGibbs(2, 2, 2).withMaxFrames(23));

        assertEquals(23, e.frames());
    }

    @Test
    @DisplayName("pieces of the piano's range are read into a narrower model by MIDI pitch")
    void piecesAreMatchedByPitch() {
        RnnRbmWeights weights = new RnnRbmWeights(new RnnRbmConfig(new PitchRange(60, 61), 1, 1, 1, 1));
        weights.bv[1] = (float) Math.log(3);
        PianoRoll piece = new PianoRoll(PitchRange.PIANO, 1, 2);
        piece.set(0, 60 - 21, Cell.STRUCK);
        piece.set(1, 60 - 21, Cell.HELD);
        piece.set(1, 61 - 21, Cell.STRUCK);

        Evaluation e = EVALUATOR.evaluate("hand", weights, "tiny", "test", List.of(piece),
                RnnRbmEvaluator.Options.defaults().withAis(4, 3).withGibbs(2, 0, 1));

        assertEquals(1.75 / 3.75, e.sampled().pooled(), 1e-6);
    }

    @Test
    @DisplayName("a piece that sounds a pitch the model cannot play is rejected by name")
    void pitchOutsideRangeIsRejected() {
        RnnRbmWeights weights = new RnnRbmWeights(new RnnRbmConfig(new PitchRange(60, 61), 1, 1, 1, 1));
        PianoRoll piece = new PianoRoll(PitchRange.PIANO, 1, 3);
        piece.set(2, 72 - 21, Cell.STRUCK);

        TrainerException e = assertThrows(TrainerException.class, () -> EVALUATOR.evaluate("p", weights, "d", "test",
                List.of(piece), RnnRbmEvaluator.Options.defaults()));

        assertEquals("piece 0 sounds pitch 72 at step 2, outside the model's range 60..61"
                + " (expected pitches the model can play)", e.getMessage());
    }

    @Test
    @DisplayName("--chains-from scored shows how much a slowly mixing RBM's accuracy owes to where its chains start")
    void chainsFromTheScoredFrameMeasureMixing() {
        // one hidden unit locks the RBM into one of two modes, notes 60+61 or 62+63, equally likely;
        // leaving a mode takes the hidden unit's input (+-8) to flip: the chains hardly mix
        RnnRbmWeights weights = new RnnRbmWeights(new RnnRbmConfig(new PitchRange(60, 63), 1, 1, 1, 1));
        float[] w = {4, 4, -4, -4};
        float[] bv = {-2, -2, 2, 2};
        System.arraycopy(w, 0, weights.w, 0, 4);
        System.arraycopy(bv, 0, weights.bv, 0, 4);
        PianoRoll piece = roll(new PitchRange(60, 63), "1100", "0011", "1100", "0011", "1100", "0011");
        RnnRbmEvaluator.Options options = RnnRbmEvaluator.Options.defaults().withAis(4, 3).withGibbs(50, 2, 5);

        double fromPrevious = EVALUATOR.evaluate("modes", weights, "d", "test", List.of(piece), options).sampled().perFrame();
        double fromScored = EVALUATOR.evaluate("modes", weights, "d", "test", List.of(piece),
                options.withChainsFromScored(true)).sampled().perFrame();

        // each mode's own draws score about 0.8 against it, the other mode's about 0.03; the exact
        // expectation is about halfway, which neither start reaches in a few sweeps
        assertTrue(fromPrevious < 0.3, "from the frame before: " + fromPrevious);
        assertTrue(fromScored > 0.6, "from the scored frame: " + fromScored);
    }

    @Test
    @DisplayName("bad options are rejected with the value and the expected range")
    void badOptionsAreRejected() {
        TrainerException e = assertThrows(TrainerException.class,
                () -> RnnRbmEvaluator.Options.defaults().withAis(0, 100));
        assertEquals("invalid AIS chains: 0 (expected 1..100000)", e.getMessage());
    }

    // --- exact reference ---------------------------------------------------------------------

    /** Compares the evaluator with an independent enumeration of a tiny RNN-RBM's conditionals. */
    private static void checkAgainstEnumeration(int window) {
        PitchRange range = new PitchRange(60, window == 1 ? 63 : 62);
        RnnRbmConfig config = new RnnRbmConfig(range, 1, window, 4, 3);
        RnnRbmWeights weights = randomWeights(config, 1.0, 21);
        List<PianoRoll> pieces = List.of(randomRoll(range, 7, 1), randomRoll(range, 4, 2));

        Evaluation e = EVALUATOR.evaluate("tiny", weights, "d", "test", pieces,
                RnnRbmEvaluator.Options.defaults().withAis(100, 30).withGibbs(100, 10, 30));

        double logLikelihood = 0;
        double tp = 0;
        double fp = 0;
        double fn = 0;
        double accuracy = 0;
        long frames = 0;
        long windows = 0;
        for (PianoRoll piece : pieces) {
            float[] u = new float[config.recurrent()];
            for (int start = 0; start + window <= piece.length(); start += window) {
                float[] y = new float[config.visible()];
                for (int k = 0; k < window; k++) {
                    for (int i = 0; i < range.size(); i++) {
                        y[k * range.size() + i] = piece.sounding(start + k, i) ? 1 : 0;
                    }
                }
                ConditionalRbms rbm = conditional(weights, u);
                double logZ = Enumeration.logPartition(rbm, 0);
                logLikelihood += -rbm.freeEnergy(0, y, 0) - logZ;
                double[] p = Enumeration.marginals(rbm, 0);
                accuracy += Enumeration.expectedAccuracy(rbm, 0, y);
                for (int i = 0; i < y.length; i++) {
                    tp += p[i] * y[i];
                    fp += p[i] * (1 - y[i]);
                    fn += (1 - p[i]) * y[i];
                }
                u = nextState(weights, u, y);
                frames += window;
                windows++;
            }
        }
        assertEquals(frames, e.frames());
        assertEquals(logLikelihood / frames, e.logLikelihood(), 0.02);
        assertEquals(logLikelihood / frames, e.logLikelihoodReverse(), 0.02);
        // every state of these small RBMs is visited by 100 chains of 40 sweeps: the bound is exact
        assertEquals(logLikelihood / frames, e.logLikelihoodCeiling(), 1e-4);
        assertEquals(tp / (tp + fp + fn), e.sampled().pooled(), 0.01);
        assertEquals(accuracy / windows, e.sampled().perFrame(), 0.01);
        assertTrue(e.logLikelihoodSpread() < 0.03, "spread " + e.logLikelihoodSpread());
    }

    /** The step's RBM, written out from the paper's equations: bv + u Wuv, bh + u Wuh. */
    private static ConditionalRbms conditional(RnnRbmWeights w, float[] u) {
        int nv = w.config.visible();
        int nh = w.config.hidden();
        float[] bv = w.bv.clone();
        float[] bh = w.bh.clone();
        for (int k = 0; k < u.length; k++) {
            for (int i = 0; i < nv; i++) {
                bv[i] += u[k] * w.wuv[k * nv + i];
            }
            for (int j = 0; j < nh; j++) {
                bh[j] += u[k] * w.wuh[k * nh + j];
            }
        }
        return new ConditionalRbms(nv, nh, 1, w.w, bv, bh);
    }

    /** u_t = tanh(bu + v_t Wvu + u_{t-1} Wuu). */
    private static float[] nextState(RnnRbmWeights w, float[] u, float[] v) {
        int nu = u.length;
        float[] next = new float[nu];
        for (int k = 0; k < nu; k++) {
            double s = w.bu[k];
            for (int i = 0; i < v.length; i++) {
                s += v[i] * w.wvu[i * nu + k];
            }
            for (int l = 0; l < nu; l++) {
                s += u[l] * w.wuu[l * nu + k];
            }
            next[k] = (float) Math.tanh(s);
        }
        return next;
    }

    /** Frames 1100 and 0011 alternate, starting with 1100, each predicted with log-odds of at least 20. */
    private static RnnRbmWeights alternatingModel() {
        RnnRbmWeights w = new RnnRbmWeights(new RnnRbmConfig(new PitchRange(60, 63), 1, 1, 2, 1));
        float[] a = {1, 1, -1, -1};
        for (int i = 0; i < 4; i++) {
            w.bv[i] = 20 * a[i];
            w.wvu[i] = 10 * a[i] / 2; // after 1100 u = tanh(10), after 0011 u = tanh(-10)
            w.wuv[i] = -40 * a[i]; // u = +1 favours 0011, u = -1 favours 1100
        }
        return w;
    }

    private static RnnRbmWeights randomWeights(RnnRbmConfig config, double scale, long seed) {
        RnnRbmWeights w = new RnnRbmWeights(config);
        SplittableRandom r = new SplittableRandom(seed);
        for (float[] a : w.arrays().values()) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
            }
        }
        return w;
    }

    private static PianoRoll randomRoll(PitchRange range, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PianoRoll roll = new PianoRoll(range, 1, steps);
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < range.size(); i++) {
                if (r.nextDouble() < 0.35) {
                    roll.set(t, i, Cell.STRUCK);
                }
            }
        }
        return roll;
    }

    /** A roll from strings of 0 and 1, one per step, lowest pitch first. */
    private static PianoRoll roll(PitchRange range, String... steps) {
        PianoRoll roll = new PianoRoll(range, 1, steps.length);
        for (int t = 0; t < steps.length; t++) {
            for (int i = 0; i < range.size(); i++) {
                if (steps[t].charAt(i) == '1') {
                    roll.set(t, i, Cell.STRUCK);
                }
            }
        }
        return roll;
    }
}
