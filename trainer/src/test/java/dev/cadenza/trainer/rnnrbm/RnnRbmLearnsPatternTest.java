package dev.cadenza.trainer.rnnrbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.rnnrbm.RnnRbmModel;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.data.TrainingData;
import dev.cadenza.trainer.run.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RnnRbmLearnsPatternTest {
    private static final PitchRange RANGE = new PitchRange(60, 71);
    /** A four-chord cycle: C E G, D F A, E G B, F A C (pitch indices from C4). */
    private static final int[][] CHORDS = {{0, 4, 7}, {2, 5, 9}, {4, 7, 11}, {5, 9, 0}};

    static PianoRoll cycle(int steps, int offset) {
        PianoRoll roll = new PianoRoll(RANGE, 4, steps);
        for (int t = 0; t < steps; t++) {
            for (int i : CHORDS[(t + offset) % CHORDS.length]) {
                roll.set(t, i, Cell.STRUCK);
            }
        }
        return roll;
    }

    static TrainingData data() {
        List<PianoRoll> train = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            train.add(cycle(40, i));
        }
        return new TrainingData("cycle", "none", RANGE, 4, train, List.of(cycle(40, 1), cycle(40, 2)));
    }

    static RnnRbmTrainingOptions options(int epochs) {
        return RnnRbmTrainingOptions.defaults().withHidden(24).withRecurrent(16).withCdSteps(5).withLength(20)
                .withSequences(8).withEpochs(epochs).withLearningRate(0.01).withPretrainEpochs(2).withPatience(100)
                .withSeed(42);
    }

    @Test
    @DisplayName("a briefly trained model generates a repeating chord cycle far above chance")
    void learnsAChordCycle() {
        RnnRbmTrainer.Result result = new RnnRbmTrainer(options(60), dev.cadenza.trainer.run.TrainingListener.NONE)
                .train(data(), null, false);
        assertTrue(result.bestValidation() > 0.8, "validation accuracy " + result.bestValidation());

        RnnRbmModel model = new RnnRbmModel(result.best());
        Controls controls = model.newControls();
        Frame frame = new Frame(RANGE);
        int followed = 0;
        int transitions = 0;
        for (long seed = 0; seed < 5; seed++) {
            model.reset(seed);
            int previous = -1;
            for (int t = 0; t < 32; t++) {
                model.sample(controls, frame);
                int chord = chordOf(frame);
                if (previous >= 0) {
                    transitions++;
                    if (chord == (previous + 1) % CHORDS.length) {
                        followed++;
                    }
                }
                previous = chord;
            }
        }
        // By chance, one frame in 2^12 would be the next chord (rate 0.0002); a learnt model follows the cycle.
        double rate = followed / (double) transitions;
        assertTrue(rate > 0.5, "followed the cycle in " + followed + " of " + transitions + " steps");
    }

    /** C struck every other step and sounding throughout, E struck every eight steps and held between. */
    static PianoRoll repeatedNotes(int steps, int offset) {
        PianoRoll roll = new PianoRoll(RANGE, 4, steps);
        for (int t = 0; t < steps; t++) {
            roll.set(t, 0, (t + offset) % 2 == 0 || t == 0 ? Cell.STRUCK : Cell.HELD);
            roll.set(t, 4, (t + offset) % 8 == 0 || t == 0 ? Cell.STRUCK : Cell.HELD);
        }
        return roll;
    }

    @Test
    @DisplayName("with articulation the RNN-RBM learns to strike a sounding note again where the music does")
    void learnsToStrikeAgain() {
        List<PianoRoll> train = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            train.add(repeatedNotes(40, i));
        }
        TrainingData data = new TrainingData("repeats", "none", RANGE, 4, train,
                List.of(repeatedNotes(40, 1), repeatedNotes(40, 2)));
        for (boolean articulation : new boolean[] {true, false}) {
            RnnRbmTrainer.Result result = new RnnRbmTrainer(options(40).withArticulation(articulation),
                    dev.cadenza.trainer.run.TrainingListener.NONE).train(data, null, false);
            assertEquals(articulation, result.best().config.articulation());
            RnnRbmModel model = new RnnRbmModel(result.best());
            Controls controls = model.newControls();
            Frame frame = new Frame(RANGE);
            int restruckC = 0;
            int restruckE = 0;
            int steps = 0;
            for (long seed = 0; seed < 5; seed++) {
                model.reset(seed);
                boolean cBefore = false;
                boolean eBefore = false;
                for (int t = 0; t < 32; t++) {
                    model.sample(controls, frame);
                    restruckC += cBefore && frame.struck(0) ? 1 : 0;
                    restruckE += eBefore && frame.struck(4) ? 1 : 0;
                    cBefore = frame.sounding(0);
                    eBefore = frame.sounding(4);
                    steps++;
                }
            }
            double c = restruckC / (double) steps;
            double e = restruckE / (double) steps;
            if (articulation) {
                // the music strikes C again on every other step and E on one step in eight
                assertTrue(c > 0.3 && c < 0.7, "C struck again on " + c + " of the steps");
                assertTrue(e < 0.25, "E struck again on " + e + " of the steps");
            } else {
                assertEquals(0, restruckC + restruckE, "without struck units a sounding note can only be held");
            }
        }
    }

    @Test
    @DisplayName("a run killed after an epoch resumes from its checkpoint to the same weights as an uninterrupted run")
    void resumeRepeatsTheUninterruptedRun(@TempDir Path dir) {
        RnnRbmTrainer.Result whole = new RnnRbmTrainer(options(4), dev.cadenza.trainer.run.TrainingListener.NONE)
                .train(data(), dir.resolve("whole"), false);
        new RnnRbmTrainer(options(2), dev.cadenza.trainer.run.TrainingListener.NONE).train(data(), dir.resolve("split"), false);
        assertTrue(Checkpoint.exists(dir.resolve("split")));
        RnnRbmTrainer.Result resumed = new RnnRbmTrainer(options(4), dev.cadenza.trainer.run.TrainingListener.NONE)
                .train(data(), dir.resolve("split"), true);
        assertEquals(4, resumed.history().size());
        assertEquals(whole.history().get(3).validation(), resumed.history().get(3).validation(), 1e-9);
        for (String name : whole.best().arrays().keySet()) {
            float[] a = whole.best().arrays().get(name);
            float[] b = resumed.best().arrays().get(name);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-6f, name + "[" + i + "]");
            }
        }
    }

    /**
     * Two alternating chords in the lower half of the range or in the upper half, as music moved
     * to C by {@code movedBy} semitones: moved up (from a key below C), it sits higher.
     */
    static PianoRoll register(int steps, int offset, int movedBy) {
        PianoRoll roll = new PianoRoll(RANGE, 4, steps);
        int base = movedBy > 0 ? 6 : 0;
        for (int t = 0; t < steps; t++) {
            int chord = (t + offset) % 2;
            for (int i = chord; i < 6; i += 2) {
                roll.set(t, base + i, Cell.STRUCK);
            }
        }
        roll.setMovedBy(movedBy);
        return roll;
    }

    @Test
    @DisplayName("with a key input the RNN-RBM plays in the register of the key it hears: music moved up to C sat"
            + " higher, and the model moved to that key plays there")
    void keyInputChoosesTheRegister() {
        List<PianoRoll> train = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            train.add(register(40, i, i % 2 == 0 ? 5 : -5));
        }
        TrainingData data = new TrainingData("registers", "none", RANGE, 4, train,
                List.of(register(40, 1, 5), register(40, 2, -5)));
        RnnRbmTrainer.Result result = new RnnRbmTrainer(options(100).withKeyInput(true),
                dev.cadenza.trainer.run.TrainingListener.NONE).train(data, null, false);
        assertTrue(result.best().config.keyInput());
        RnnRbmModel model = new RnnRbmModel(result.best());
        Controls controls = model.newControls();
        Frame frame = new Frame(RANGE);
        // moved up by 5 to C, the music came from the key 5 below C (G): the model moved there hears -5
        for (int key : new int[] {-5, 5}) {
            model.movedFromC(key);
            int high = 0;
            int notes = 0;
            for (long seed = 0; seed < 20; seed++) {
                model.reset(seed);
                for (int t = 0; t < 32; t++) {
                    model.sample(controls, frame);
                    for (int i = 0; i < RANGE.size(); i++) {
                        if (frame.sounding(i)) {
                            notes++;
                            high += i >= 6 ? 1 : 0;
                        }
                    }
                }
            }
            double share = high / (double) Math.max(1, notes);
            assertTrue(notes > 20 * 32, "key " + key + ": only " + notes + " notes");
            // an excerpt whose first chord falls in the other register goes on there: the chords follow
            // the chord before; most start where the key says
            assertTrue(key < 0 ? share > 0.75 : share < 0.25, "key " + key + ": " + share + " of the notes in the upper half");
        }
    }

    @Test
    @DisplayName("the run's share of own samples reaches its kernels: the same seed trains to another cost")
    void ownSamplesReachTheKernels() {
        RnnRbmTrainer.Result teacher = new RnnRbmTrainer(options(2), dev.cadenza.trainer.run.TrainingListener.NONE)
                .train(data(), null, false);
        RnnRbmTrainer.Result again = new RnnRbmTrainer(options(2), dev.cadenza.trainer.run.TrainingListener.NONE)
                .train(data(), null, false);
        RnnRbmTrainer.Result own = new RnnRbmTrainer(options(2).withOwnSamples(1),
                dev.cadenza.trainer.run.TrainingListener.NONE).train(data(), null, false);
        assertEquals(teacher.history().get(0).cost(), again.history().get(0).cost(), 0, "a run repeats itself");
        assertNotEquals(teacher.history().get(0).cost(), own.history().get(0).cost(),
                "hearing its own draws, the RNN is in other states, so the free energies differ");
    }

    /** Index of the cycle chord the frame sounds exactly, or -1. */
    private static int chordOf(Frame frame) {
        for (int c = 0; c < CHORDS.length; c++) {
            boolean[] expected = new boolean[RANGE.size()];
            for (int i : CHORDS[c]) {
                expected[i] = true;
            }
            boolean same = true;
            for (int i = 0; i < RANGE.size(); i++) {
                same &= frame.sounding(i) == expected[i];
            }
            if (same) {
                return c;
            }
        }
        return -1;
    }
}
