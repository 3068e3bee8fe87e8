package dev.cadenza.engine.rnnrbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Generation;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.engine.testing.Allocations;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RnnRbmModelTest {
    private static final PitchRange RANGE = new PitchRange(48, 71);

    static RnnRbmWeights weights(int window, long seed) {
        RnnRbmWeights w = RnnRbmWeights.random(new RnnRbmConfig(RANGE, 4, window, 32, 16), seed, 0.3);
        // Biases that make about a quarter of the pitches sound.
        java.util.Arrays.fill(w.bv, -1f);
        return w;
    }

    @Test
    @DisplayName("the same seed gives the same music, another seed other music")
    void reproducibleFromASeed() {
        RnnRbmModel model = new RnnRbmModel(weights(1, 1));
        Controls controls = model.newControls();
        PianoRoll a = Generation.generate(model, controls, null, 64, 7);
        PianoRoll b = Generation.generate(model, controls, null, 64, 7);
        PianoRoll c = Generation.generate(model, controls, null, 64, 8);
        assertTrue(a.sameNotes(b));
        assertFalse(a.sameNotes(c));
        assertTrue(a.countSounding() > 0);
    }

    @Test
    @DisplayName("pitches that are not allowed never sound and clamped pitches always do")
    void allowedAndClampedPitchesAreObeyed() {
        RnnRbmModel model = new RnnRbmModel(weights(1, 2));
        Controls controls = model.newControls().allowPitchClasses(0, 2, 4, 5, 7, 9, 11).clamp(61, false);
        controls.allow(60, true).clamp(64, true);
        PianoRoll roll = Generation.generate(model, controls, null, 200, 3);
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < RANGE.size(); i++) {
                int pc = RANGE.pitch(i) % 12;
                boolean black = pc == 1 || pc == 3 || pc == 6 || pc == 8 || pc == 10;
                if (black) {
                    assertFalse(roll.sounding(t, i), "a black key sounded at step " + t);
                }
            }
            assertTrue(roll.sounding(t, RANGE.index(64)), "the clamped E4 is silent at step " + t);
        }
    }

    @Test
    @DisplayName("a positive density bias gives more notes and a negative one fewer")
    void densityBiasMovesTheNoteCount() {
        RnnRbmModel model = new RnnRbmModel(weights(1, 4));
        long plain = Generation.generate(model, model.newControls(), null, 200, 5).countSounding();
        long more = Generation.generate(model, model.newControls().densityBias(2), null, 200, 5).countSounding();
        long fewer = Generation.generate(model, model.newControls().densityBias(-2), null, 200, 5).countSounding();
        assertTrue(more > plain && plain > fewer, fewer + " < " + plain + " < " + more + " expected");
    }

    @Test
    @DisplayName("a note that sounds on is held, one that starts after silence is struck")
    void articulationFollowsThePreviousStep() {
        RnnRbmModel model = new RnnRbmModel(weights(1, 6));
        PianoRoll roll = Generation.generate(model, model.newControls(), null, 100, 1);
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < RANGE.size(); i++) {
                if (!roll.sounding(t, i)) {
                    continue;
                }
                boolean before = t > 0 && roll.sounding(t - 1, i);
                assertEquals(before ? Cell.HELD : Cell.STRUCK, roll.cell(t, i));
            }
        }
    }

    @Test
    @DisplayName("with a window of several steps the model samples a window at once and advances its RNN per window")
    void windowedModelSteps() {
        RnnRbmWeights w = weights(4, 8);
        RnnRbmModel model = new RnnRbmModel(w);
        float[] bv = new float[w.config.visible()];
        float[] bh = new float[w.config.hidden()];
        float[] first = new float[w.config.visible()];
        model.reset(0);
        model.nextBiases(first, bh);
        Frame frame = new Frame(RANGE);
        Controls controls = model.newControls();
        for (int step = 1; step <= 4; step++) {
            model.sample(controls, frame);
            model.nextBiases(bv, bh);
            boolean same = java.util.Arrays.equals(bv, first);
            assertEquals(step < 4, same, "biases after step " + step);
        }
    }

    @Test
    @DisplayName("observing played frames moves the state, so the continuation depends on the primer")
    void observeSeedsTheState() {
        RnnRbmModel model = new RnnRbmModel(weights(1, 9));
        PianoRoll primer = new PianoRoll(RANGE, 4, 8);
        for (int t = 0; t < 8; t++) {
            primer.set(t, 12, Cell.STRUCK);
        }
        float[] plain = new float[RANGE.size()];
        float[] primed = new float[RANGE.size()];
        float[] bh = new float[32];
        model.reset(0);
        model.nextBiases(plain, bh);
        Frame f = new Frame(RANGE);
        for (int t = 0; t < 8; t++) {
            primer.frame(t, f);
            model.observe(f);
        }
        model.nextBiases(primed, bh);
        assertFalse(java.util.Arrays.equals(plain, primed));
    }

    @Test
    @DisplayName("a preset of kind rnnrbm becomes an RNN-RBM step model")
    void modelsBuildsFromAPreset() {
        RnnRbmWeights w = weights(1, 10);
        PresetManifest manifest = PresetManifest.of("t", RnnRbmKind.ID, null, RANGE, 4, w.sizes(), null);
        var model = Models.fromPreset(new Preset(manifest, w.tensors()));
        assertTrue(model instanceof RnnRbmModel);
        assertEquals(RANGE, model.range());
    }

    @Test
    @DisplayName("a preset with a key input keeps its key weights, and moved to a key from C its biases hear that"
            + " key: bv + k Kv, bh + k Kh, and the RNN's bu + k Ku")
    void keyInputFromAPreset() {
        RnnRbmWeights w = RnnRbmWeights.random(new RnnRbmConfig(RANGE, 4, 1, 32, 16, true, true), 12, 0.3);
        assertTrue(w.arrays().keySet().containsAll(java.util.List.of("Kv", "Kh", "Ku")));
        Map<String, Object> hyper = new java.util.LinkedHashMap<>(w.sizes());
        hyper.put(Models.KEYS_KEY, Models.KEYS_IN_C);
        Preset preset = new Preset(PresetManifest.of("t", RnnRbmKind.ID, null, RANGE, 4, hyper, null), w.tensors());
        RnnRbmWeights read = RnnRbmWeights.fromPreset(preset);
        assertTrue(read.config.keyInput());
        assertTrue(java.util.Arrays.equals(w.kv, read.kv) && java.util.Arrays.equals(w.kh, read.kh)
                && java.util.Arrays.equals(w.ku, read.ku));

        RbmConditionals inC = new RbmConditionals(read);
        RbmConditionals inG = new RbmConditionals(read);
        inG.movedFromC(-5);
        inG.reset(0);
        float[] bvC = new float[w.config.visible()];
        float[] bhC = new float[w.config.hidden()];
        float[] bvG = bvC.clone();
        float[] bhG = bhC.clone();
        inC.nextBiases(bvC, bhC);
        inG.nextBiases(bvG, bhG);
        float k = Models.keyInput(-5);
        for (int i = 0; i < bvC.length; i++) {
            assertEquals(w.bv[i], bvC[i], 1e-6f);
            assertEquals(w.bv[i] + k * w.kv[i], bvG[i], 1e-5f);
        }
        for (int j = 0; j < bhC.length; j++) {
            assertEquals(w.bh[j] + k * w.kh[j], bhG[j], 1e-5f);
        }
        // after a step the RNN's state differs by the key's part of bu (the same frame heard)
        Frame silent = new Frame(RANGE);
        inC.observe(silent);
        inG.observe(silent);
        inC.nextBiases(bvC, bhC);
        inG.nextBiases(bvG, bhG);
        float[] u = new float[16];
        for (int m = 0; m < u.length; m++) {
            u[m] = (float) Math.tanh(w.bu[m] + k * w.ku[m]);
        }
        for (int i = 0; i < bvG.length; i++) {
            float expected = w.bv[i] + k * w.kv[i];
            for (int m = 0; m < u.length; m++) {
                expected += u[m] * w.wuv[m * bvG.length + i];
            }
            assertEquals(expected, bvG[i], 1e-4f);
        }
        // Models moves a preset learnt in C to the key asked for and tells it the key
        var moved = Models.fromPreset(preset, dev.cadenza.engine.model.Scale.parse("G", null));
        assertEquals(RANGE.low() - 5, moved.range().low());
        RnnRbmModel inner = new RnnRbmModel(read);
        inner.movedFromC(-5);
        var byHand = new dev.cadenza.engine.model.Transposed(inner, -5);
        RnnRbmModel unmoved = new RnnRbmModel(read);
        var deaf = new dev.cadenza.engine.model.Transposed(unmoved, -5);
        Controls controls = moved.newControls();
        Frame a = new Frame(moved.range());
        Frame b = new Frame(moved.range());
        Frame c = new Frame(moved.range());
        moved.reset(3);
        byHand.reset(3);
        deaf.reset(3);
        boolean differs = false;
        for (int t = 0; t < 32; t++) {
            moved.sample(controls, a);
            byHand.sample(controls, b);
            deaf.sample(controls, c);
            for (int i = 0; i < a.range().size(); i++) {
                assertEquals(b.cell(i), a.cell(i), "step " + t);
                differs |= a.cell(i) != c.cell(i);
            }
        }
        assertTrue(differs, "the key input changes what the model plays");
    }

    @Test
    @DisplayName("with likely frames the chain's frame is the notes more likely than not given its hidden units:"
            + " the stray notes that drawing each note adds are gone")
    void likelyFramesLeaveOutStrayNotes() {
        RnnRbmWeights w = new RnnRbmWeights(new RnnRbmConfig(RANGE, 4, 1, 8, 4));
        // no weights: every note is independent of the others, a C major triad likely, the rest unlikely
        java.util.Arrays.fill(w.bv, -2.5f);
        for (int p : new int[] {60, 64, 67}) {
            w.bv[RANGE.index(p)] = 3f;
        }
        RnnRbmModel model = new RnnRbmModel(w);
        Frame frame = new Frame(RANGE);
        for (boolean likely : new boolean[] {false, true}) {
            Controls controls = model.newControls().likelyFrame(likely);
            model.reset(4);
            int strays = 0;
            int triads = 0;
            for (int t = 0; t < 200; t++) {
                model.sample(controls, frame);
                int sounding = frame.countSounding();
                boolean triad = frame.sounding(RANGE.index(60)) && frame.sounding(RANGE.index(64))
                        && frame.sounding(RANGE.index(67));
                triads += triad ? 1 : 0;
                strays += sounding - (frame.sounding(RANGE.index(60)) ? 1 : 0) - (frame.sounding(RANGE.index(64)) ? 1 : 0)
                        - (frame.sounding(RANGE.index(67)) ? 1 : 0);
            }
            if (likely) {
                assertEquals(0, strays, "likely frames");
                assertEquals(200, triads, "likely frames");
            } else {
                // 21 unlikely pitches at 7.6 % each: about 1.6 strays a step
                assertTrue(strays > 200, "drawn frames have strays: " + strays);
            }
        }
    }

    @Test
    void steppingAllocatesNothing() {
        RnnRbmModel model = new RnnRbmModel(weights(1, 21));
        Controls controls = model.newControls().clamp(64, true).densityBias(0.5).gibbsSteps(25).likelyFrame(true);
        Frame out = new Frame(RANGE);
        long bytes = Allocations.fewestBytes(() -> {
            model.reset(1);
            for (int t = 0; t < 2000; t++) {
                model.sample(controls, out);
            }
        }, () -> {
            model.reset(2);
            for (int t = 0; t < 500; t++) {
                model.sample(controls, out);
                model.observe(out);
            }
        });
        assertEquals(0, bytes, "bytes allocated by 500 steps, in the run that allocated the fewest");
    }
}
