package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.biaxial.BiaxialKind;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.TrainingData;
import dev.cadenza.trainer.eval.BiaxialEvaluator;
import dev.cadenza.trainer.eval.Evaluation;
import dev.cadenza.trainer.eval.FrameTally;
import dev.cadenza.trainer.kind.EvaluationRun;
import dev.cadenza.trainer.kind.KindEvaluation;
import dev.cadenza.trainer.kind.KindOption;
import dev.cadenza.trainer.kind.KindOptions;
import dev.cadenza.trainer.kind.RunSettings;
import dev.cadenza.trainer.kind.Trained;
import dev.cadenza.trainer.kind.TrainingKind;
import dev.cadenza.trainer.kind.TrainingRun;
import java.util.List;

/**
 * How a biaxial LSTM is trained (backpropagation through both axes, {@link BiaxialTrainer}) and
 * evaluated (exactly, {@link BiaxialEvaluator}).
 */
public final class BiaxialTraining implements TrainingKind {

    @Override
    public String id() {
        return BiaxialKind.ID;
    }

    @Override
    public String title() {
        return "Biaxial";
    }

    @Override
    public List<KindOption> trainingOptions() {
        return List.of(
                new KindOption("--time-sizes", "SIZES", "300,300", "Time-axis LSTM sizes (the preset's with --init)."),
                new KindOption("--note-sizes", "SIZES", "100,50", "Note-axis LSTM sizes (the preset's with --init)."),
                new KindOption("--segment-bars", "N", "8", "Bars per training segment."),
                new KindOption("--segments", "N", "5", "Segments per batch."),
                new KindOption("--batches-per-epoch", "N", "0", "Batches per epoch, 0 = one pass over the frames."),
                new KindOption("--validation-frames", "N", "0",
                        "Most validation frames scored after each epoch, 0 = all."),
                new KindOption("--dropout", "P", "0.5", "Dropout."),
                new KindOption("--dropped-voices", "SHARE", "0", "Share of the notes (0..1) the model does not"
                        + " hear in training, each left out from its onset to its release while the frames to predict"
                        + " stay the true ones: teaches it to bring back a voice it lost when it plays on its own"
                        + " (see docs/music.md); 0 = none."));
    }

    @Override
    public List<KindOption> evaluationOptions() {
        return List.of(new KindOption("--note-samples", "N", "" + BiaxialEvaluator.DEFAULT_SAMPLES,
                "Frames drawn note by note per scored frame for the accuracy."));
    }

    @Override
    public Trained train(TrainingRun run) {
        KindOptions o = run.options();
        RunSettings s = run.settings();
        BiaxialWeights initial = run.init() == null ? null : BiaxialWeights.fromPreset(run.init());
        BiaxialTrainingOptions options = BiaxialTrainingOptions.defaults()
                .withSizes(initial != null ? initial.config.timeSizes() : o.integers("--time-sizes"),
                        initial != null ? initial.config.noteSizes() : o.integers("--note-sizes"))
                .withArticulation(initial != null ? initial.config.articulation() : run.data().articulation())
                .withSegments(o.integer("--segments"), o.integer("--segment-bars"))
                .withBatchesPerEpoch(o.integer("--batches-per-epoch")).withEpochs(s.epochs())
                .withLearningRate(s.learningRate()).withClipNorm(s.clip()).withDropout(o.decimal("--dropout"))
                .withPatience(s.patience()).withValidationFrames(o.whole("--validation-frames")).withSeed(s.seed())
                .withHearing(s.ownSamples(), o.decimal("--dropped-voices"), s.selectByJudge())
                .withKeyInput(s.keyInput());
        // The model's pitch range follows the music: the lowest to the highest pitch that sounds (in
        // every key it is trained in); a preset trained further keeps its own.
        PitchRange range = initial != null ? initial.config.range() : run.data().soundingRange();
        TrainingData data = run.data().data(range, run.listener());
        BiaxialTrainer trainer = new BiaxialTrainer(options, run.listener(), s.threads(), s.judging());
        BiaxialTrainer.Result result = trainer.train(data, run.checkpoints(), run.resume(), initial);
        return new Trained(trainer.preset(run.name(), run.data().describe("biaxial LSTM"), data, result, null),
                String.format("best epoch %d of %d, %s %.3f, %.0f frames/s, %.0f s", result.bestEpoch(),
                        result.epochs(), trainer.figure().label(), result.bestValidation(), result.framesPerSecond(),
                        result.seconds()));
    }

    @Override
    public KindEvaluation evaluation(Preset preset, EvaluationRun run) {
        BiaxialWeights weights = BiaxialWeights.fromPreset(preset);
        BiaxialEvaluator evaluator = new BiaxialEvaluator(run.threads(), run.options().integer("--note-samples"));
        return new KindEvaluation() {
            @Override
            public Evaluation evaluate(Dataset split) {
                return evaluator.evaluate(preset.name(), weights, split, run.maxFrames());
            }

            @Override
            public FrameTally accuracies(Dataset split) {
                return evaluate(split).tally();
            }

            @Override
            public String draws(Evaluation e) {
                return String.format("%d frames drawn note by note from the model per scored frame, given the true past",
                        e.gibbsSamples());
            }

            @Override
            public List<String> details(Evaluation e) {
                return List.of();
            }
        };
    }
}
