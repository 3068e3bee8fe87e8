package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.PitchRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("eval prints our accuracy and log-likelihood beside the paper's for a benchmark directory")
    void printsFiguresBesideThePapers() throws IOException {
        Path preset = tinyPreset(null);
        Path data = tinyJsb();

        CommandRun run = CommandRun.of("eval", preset.toString(), "--data", data.toString(), "--split", "test", "--ais-chains", "4",
                "--ais-temperatures", "5", "--gibbs-chains", "4000", "--gibbs-samples", "10", "--gibbs-burn-in", "0");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("tiny-rnnrbm on jsb_chorales/test, 2 frames"), run.out());
        // per frame (5/16 + 10/16) / 2 = 46.88 %, from 40,000 samples a frame; pooled 1.75 / 3.75
        assertTrue(run.out().matches("(?s).*accuracy \\(ACC\\) +4[67]\\.\\d\\d % +33\\.12 %.*"), run.out());
        assertTrue(run.out().matches("(?s).*pooled accuracy +46\\.67 %.*"), run.out());
        // note 60's marginal is 1/2 (on or off by rounding), note 61's 3/4 (on): 25, 50 or 75 %
        assertTrue(run.out().matches("(?s).*likely notes +(25|50|75)\\.00 % .*"), run.out());
        // [60] after silence scores 0, [60, 61] after [60] 1/2; pooled 1/3
        assertTrue(run.out().matches("(?s).*previous frame repeated +25\\.00 % .*\\(pooled 33\\.33 %\\).*"), run.out());
        String ll = String.format("%.2f", (-Math.log(8) + Math.log(3.0 / 8)) / 2);
        assertTrue(run.out().matches("(?s).*log-likelihood \\(nats\\) +" + ll.replace(".", "\\.") + " +-6\\.27.*"), run.out());
        assertTrue(run.out().contains("AIS: 4 chains x 5 temperatures per frame"), run.out());
        // a model without weights: forward, reverse and the sum over all four states are exact
        assertTrue(run.out().matches("(?s).*reverse AIS +" + ll.replace(".", "\\.") + " .*"), run.out());
        assertTrue(run.out().matches("(?s).*certain upper bound +" + ll.replace(".", "\\.") + " .*"), run.out());
        assertTrue(run.out().contains("AIS converged: forward and reverse agree within 0.10 nats"), run.out());
    }

    @Test
    @DisplayName("the log-likelihood verdict: converged only with forward and reverse close and forward below the bound")
    void convergenceVerdict() {
        assertTrue(EvalCommand.convergence(evaluation(-2.05, -2.10, -2.00)).startsWith("AIS converged"));
        assertEquals("AIS HAS NOT CONVERGED: the log-likelihood lies between -6.91 (reverse) and -2.34; more"
                + " --ais-temperatures narrow the gap", EvalCommand.convergence(evaluation(-2.07, -6.91, -2.34)));
        assertEquals("AIS HAS NOT CONVERGED: the log-likelihood lies between -2.10 (reverse) and -2.06; more"
                + " --ais-temperatures narrow the gap", EvalCommand.convergence(evaluation(-2.05, -2.10, -2.06)));
    }

    private static dev.cadenza.trainer.eval.Evaluation evaluation(double forward, double reverse, double ceiling) {
        return new dev.cadenza.trainer.eval.Evaluation("p", "d", "test", 10, 0.5, 0.5, 0.5, forward, 0.01, reverse,
                ceiling, 16, 100, 160, 1.0);
    }

    @Test
    @DisplayName("eval of a model kind without an evaluator says so plainly, with exit status 3")
    void otherKindsAreNotAvailable() throws IOException {
        Path preset = write(new Preset(PresetManifest.of("tiny-markov", "markov", "",
                new PitchRange(60, 61), 1, Map.of(), null), Map.of("x", Tensor.of(new float[] {1}, 1))));

        CommandRun run = CommandRun.of("eval", preset.toString(), "--data", dir.toString());

        assertEquals(3, run.status(), run.out() + run.err());
        assertEquals("cadenza eval: evaluation of 'markov' models (preset tiny-markov) is not available yet in this"
                + " version of Cadenza", run.err().strip());
    }

    @Test
    @DisplayName("eval --save writes the preset again with the split's figures in its manifest")
    void saveAddsTheFiguresToTheManifest() throws IOException {
        // figures from an earlier evaluation: the test split's are replaced as a whole, the others kept
        Path preset = tinyPreset(Map.of("test.aisChains", 99.0, "valid.accuracy", 0.25));
        Path data = tinyJsb();
        Path saved = dir.resolve("saved.cadenza");

        CommandRun run = CommandRun.of("eval", preset.toString(), "--data", data.toString(), "--ais-chains", "4", "--ais-temperatures",
                "5", "--gibbs-chains", "4000", "--gibbs-samples", "10", "--gibbs-burn-in", "0", "--save", saved.toString());

        assertEquals(0, run.status(), run.err());
        Preset reread = PresetFiles.read(saved);
        Map<String, Double> metrics = reread.manifest().provenance().metrics();
        assertEquals(0.4667, metrics.get("test.pooledAccuracy"), 1e-4);
        assertEquals(0.46875, metrics.get("test.accuracy"), 0.02);
        assertEquals(2.0, metrics.get("test.frames"));
        assertEquals(4.0, metrics.get("test.aisChains"), "this run's figure, not the earlier one");
        assertEquals(0.25, metrics.get("valid.accuracy"), "another split's figures are kept");
        assertEquals(PresetFiles.read(preset).tensor("bv"), reread.tensor("bv"));
    }

    @Test
    @DisplayName("eval --chains-from scored labels its accuracy a mixing measure and refuses to save it")
    void chainsFromTheScoredFrameIsADiagnostic() throws IOException {
        Path preset = tinyPreset(null);
        Path data = tinyJsb();

        CommandRun run = CommandRun.of("eval", preset.toString(), "--data", data.toString(), "--ais-chains", "4",
                "--ais-temperatures", "5", "--chains-from", "scored");
        CommandRun saving = CommandRun.of("eval", preset.toString(), "--data", data.toString(), "--chains-from", "scored",
                "--save", dir.resolve("saved.cadenza").toString());
        CommandRun wrong = CommandRun.of("eval", preset.toString(), "--data", data.toString(), "--chains-from", "next");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("started from THE SCORED FRAME ITSELF (--chains-from scored: a measure of mixing,"
                + " not a prediction)"), run.out());
        assertTrue(saving.status() != 0, saving.out());
        assertTrue(saving.err().contains("--chains-from scored measures mixing, not prediction: its accuracy is not"
                + " saved (drop --save)"), saving.err());
        assertFalse(Files.exists(dir.resolve("saved.cadenza")));
        assertTrue(wrong.err().contains("invalid --chains-from: next (expected previous or scored)"), wrong.err());
    }

    /**
     * A two-note RNN-RBM whose marginals are 1/2 and 3/4 at every frame, whatever came before (so
     * ACC and LL can be worked out by hand), with {@code earlier} figures in its manifest or none.
     */
    private Path tinyPreset(Map<String, Double> earlier) {
        RnnRbmWeights weights = new RnnRbmWeights(new RnnRbmConfig(new PitchRange(60, 61), 1, 1, 2, 2));
        weights.bv[1] = (float) Math.log(3);
        Provenance provenance = earlier == null ? null
                : Provenance.of("jsb_chorales", null, "train", 0, 0, 1, earlier, "java");
        return write(new Preset(PresetManifest.of("tiny-rnnrbm", RnnRbmWeights.KIND, "", new PitchRange(60, 61), 1,
                weights.sizes(), provenance), weights.tensors()));
    }

    /** A JSB-named benchmark directory with a two-frame test split. */
    private Path tinyJsb() throws IOException {
        Path data = Files.createDirectories(dir.resolve("jsb_chorales"));
        Files.writeString(data.resolve("test.json"), "[[[60],[60,61]]]");
        return data;
    }

    private Path write(Preset preset) {
        Path file = dir.resolve(preset.name() + PresetFiles.EXTENSION);
        PresetFiles.write(preset, file);
        return file;
    }

}
