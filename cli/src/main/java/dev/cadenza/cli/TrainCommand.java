package dev.cadenza.cli;

import dev.cadenza.engine.biaxial.BiaxialKind;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.presets.Presets;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.biaxial.BiaxialTrainer;
import dev.cadenza.trainer.biaxial.BiaxialTrainingOptions;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.data.Piece;
import dev.cadenza.trainer.data.Transpositions;
import dev.cadenza.trainer.rnnrbm.RnnRbmTrainer;
import dev.cadenza.trainer.rnnrbm.RnnRbmTrainingOptions;
import dev.cadenza.trainer.rnnrbm.TrainingData;
import dev.cadenza.trainer.run.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cadenza train}: trains a model on a dataset and writes a preset with its provenance. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model on a dataset and write a preset.",
            "DATA is a piano-roll dataset directory (train/valid/test.json, as in the repository's data/)"
                + " or a folder of MIDI files (read recursively, split 80/10/10 by file)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
    Path data;

    @Option(names = "--model", defaultValue = "rnnrbm", description = "Model kind: rnnrbm (default) or biaxial.")
    String model;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Preset to write (default: NAME.cadenza).")
    Path out;

    @Option(names = "--name", description = "Preset name (default: the dataset's name and the model kind).")
    String name;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Directory for the per-epoch checkpoint (default: .cadenza/checkpoints/NAME).")
    Path checkpoint;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in --checkpoint.")
    boolean resume;

    @Option(names = "--restart", description = "Start over, replacing the checkpoint of an earlier run in --checkpoint"
            + " (without it, a run refuses to overwrite one).")
    boolean restart;

    @Option(names = "--init", paramLabel = "PRESET",
            description = "Start from this preset's weights (a bundled name or a .cadenza file) instead of random"
                    + " ones, without pretraining: train it further, or on your own music. RNN-RBM: give its sizes;"
                    + " biaxial: its sizes, pitch range and articulation are the preset's.")
    String init;

    @Option(names = "--epochs", description = "Most epochs (default: ${DEFAULT-VALUE}).", defaultValue = "200")
    int epochs;

    @Option(names = "--hidden", defaultValue = "150", description = "RBM hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--recurrent", defaultValue = "100", description = "RNN units (default: ${DEFAULT-VALUE}).")
    int recurrent;

    @Option(names = "--window", defaultValue = "1", description = "Steps per RBM (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--cd-steps", defaultValue = "15", description = "Gibbs steps of CD-k (default: ${DEFAULT-VALUE}).")
    int cdSteps;

    @Option(names = "--length", defaultValue = "100", description = "Steps per training sub-sequence (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--batch", defaultValue = "2",
            description = "Sub-sequences per mini-batch, one per core (default: ${DEFAULT-VALUE}; the tutorial updates after each).")
    int batch;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Step size (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--clip", defaultValue = "5", description = "Global gradient-norm clip, 0 = none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--pretrain-epochs", defaultValue = "10", description = "RBM pretraining epochs (default: ${DEFAULT-VALUE}).")
    int pretrainEpochs;

    @Option(names = "--patience", defaultValue = "15",
            description = "Stop after this many epochs without better validation accuracy (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "1234", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time-sizes", split = ",", defaultValue = "300,300",
            description = "Biaxial: time-axis LSTM sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> timeSizes;

    @Option(names = "--note-sizes", split = ",", defaultValue = "100,50",
            description = "Biaxial: note-axis LSTM sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> noteSizes;

    @Option(names = "--articulation", negatable = true,
            description = "Learn when notes are struck again, not only which sound (default: on for MIDI folders, off"
                    + " for the JSON datasets, which have none).")
    Boolean articulation;

    @Option(names = "--data-licence", paramLabel = "TEXT",
            description = "The training data's licence, recorded in the preset's provenance (e.g. \"public domain\").")
    String dataLicence;

    @Option(names = "--transpose", negatable = true,
            description = "Train on every piece in all twelve keys (default: on for MIDI folders, whose music is in"
                    + " its original keys; off for the JSON datasets, already in C). The validation split is not"
                    + " transposed.")
    Boolean transpose;

    @Option(names = "--segment-bars", defaultValue = "8", description = "Biaxial: bars per training segment (default: ${DEFAULT-VALUE}).")
    int segmentBars;

    @Option(names = "--segments", defaultValue = "5", description = "Biaxial: segments per batch (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--batches-per-epoch", defaultValue = "0",
            description = "Biaxial: batches per epoch, 0 = one pass over the frames (default: ${DEFAULT-VALUE}).")
    int batchesPerEpoch;

    @Option(names = "--validation-frames", defaultValue = "0",
            description = "Biaxial: most validation frames scored after each epoch, 0 = all (default: ${DEFAULT-VALUE}).")
    long validationFrames;

    @Option(names = "--dropout", defaultValue = "0.5", description = "Biaxial: dropout (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--negatives-from", defaultValue = "data", paramLabel = "data|bias",
            description = "RNN-RBM: where the CD-k chains start: at the data (the paper's CD-k), or where the"
                    + " sampler starts its chains, a draw from each unit's bias given the past, so that training"
                    + " meets the modes generation meets (default: ${DEFAULT-VALUE}).")
    String negativesFrom;

    @Option(names = "--own-samples", defaultValue = "0", paramLabel = "SHARE",
            description = "Biaxial: share of the steps (0..1) before which the model hears its own draw instead of"
                    + " the true frame (scheduled sampling), meant to teach it to recover from its own mistakes (see"
                    + " docs/music.md for what it did) (default: ${DEFAULT-VALUE}, teacher forcing only).")
    double ownSamples;

    @Option(names = "--select-by", defaultValue = "log-likelihood", paramLabel = "FIGURE",
            description = "Biaxial: what chooses the epoch to keep and stops early: log-likelihood (teacher-forced,"
                    + " on the validation split) or judge (the judge's summary overlap of what the model plays on"
                    + " its own, 30 excerpts of 16 bars against the validation split) (default: ${DEFAULT-VALUE}).")
    String selectBy;

    @Option(names = "--threads", description = "Worker threads (default: one per core).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar (one line per epoch instead).")
    boolean noProgress;

    @Override
    public Integer call() {
        if (!model.equals("rnnrbm") && !model.equals("biaxial")) {
            throw new TrainerException("unknown model kind: " + model + " (expected rnnrbm or biaxial)");
        }
        PrintWriter out = spec.commandLine().getOut();
        Dataset train = Datasets.load(data, "train");
        Dataset valid = Datasets.load(data, "valid");
        report(out, train);
        report(out, valid);
        if (train.pieces().isEmpty() && midiFolder()) {
            int readable = Datasets.load(data, "all").pieces().size();
            throw new TrainerException("no piece of " + data + " is in the train split: a MIDI folder is split 80/10/10"
                    + " by a hash of each file's path, and its " + readable + " readable file(s) fell in valid or test;"
                    + " give it more files (dozens at least)");
        }
        String presetName = name != null ? name : train.name() + "-" + model;
        Path target = this.out != null ? this.out : Path.of(presetName + ".cadenza");
        Path checkpoints = checkpoint != null ? checkpoint : Path.of(".cadenza", "checkpoints", presetName);
        if (!resume && !restart && Checkpoint.exists(checkpoints)) {
            throw new TrainerException("an earlier run's checkpoint is in " + checkpoints + ": continue it with --resume,"
                    + " or start over with --restart (which replaces it)");
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try {
            if (model.equals("biaxial")) {
                trainBiaxial(out, train, valid, presetName, target, checkpoints, workers);
            } else {
                if (!negativesFrom.equals("data") && !negativesFrom.equals("bias")) {
                    throw new TrainerException("unknown --negatives-from: " + negativesFrom + " (expected data or bias)");
                }
                if (ownSamples != 0 || !selectBy.equals("log-likelihood")) {
                    throw new TrainerException("--own-samples and --select-by train biaxial models only: leave them out"
                            + " with --model rnnrbm");
                }
                trainRnnRbm(out, train, valid, presetName, target, checkpoints, workers);
            }
        } catch (IllegalArgumentException e) {
            throw new TrainerException(e.getMessage(), e);
        }
        out.printf("evaluate it on the test split with: cadenza eval %s --data %s --split test --save %s%n", target, data,
                target);
        return 0;
    }

    private void trainRnnRbm(PrintWriter out, Dataset train, Dataset valid, String presetName, Path target,
            Path checkpoints, int workers) {
        if (window >= 1 && length < window) {
            throw new IllegalArgumentException("invalid --length: " + length + " steps (expected " + window
                    + " or more: at least one --window)");
        }
        RnnRbmTrainingOptions options = RnnRbmTrainingOptions.defaults().withHidden(hidden).withRecurrent(recurrent)
                .withWindow(window).withCdSteps(cdSteps).withLength(length / Math.max(1, window)).withSequences(batch)
                .withEpochs(epochs).withOptimizer(optimizer).withLearningRate(learningRate).withClipNorm(clip)
                .withPretrainEpochs(pretrainEpochs).withPatience(patience).withSeed(seed)
                .withArticulation(articulation != null ? articulation : midiFolder())
                .withNegativesFromBias(negativesFrom.equals("bias"));
        TrainingData trainingData = new TrainingData(train.name(), train.sha256(), train.range(), train.stepsPerQuarter(),
                trainingRolls(out, train, train.range()), rolls(valid.pieces()));
        Preset start = init == null ? null : Presets.load(init);
        RnnRbmWeights initial = start == null ? null : RnnRbmWeights.fromPreset(start);
        RnnRbmTrainer trainer;
        RnnRbmTrainer.Result result;
        try (TrainingProgress progress = new TrainingProgress(out, !noProgress, TrainingProgress.Figure.ACCURACY)) {
            trainer = new RnnRbmTrainer(options, progress, workers);
            result = trainer.train(trainingData, checkpoints, resume, initial);
        }
        write(trainer.preset(presetName, "RNN-RBM trained on " + train.name() + keys(), trainingData, result, null),
                start, target);
        out.printf("wrote %s: best epoch %d of %d, validation accuracy %.2f %%, %.0f frames/s, %.0f s%n", target,
                result.bestEpoch(), result.epochs(), 100 * result.bestValidationAccuracy(), result.framesPerSecond(),
                result.seconds());
    }

    private void trainBiaxial(PrintWriter out, Dataset train, Dataset valid, String presetName, Path target,
            Path checkpoints, int workers) {
        if (!negativesFrom.equals("data")) {
            throw new TrainerException("--negatives-from trains RNN-RBM models only: leave it out with --model biaxial");
        }
        if (!selectBy.equals("log-likelihood") && !selectBy.equals("judge")) {
            throw new TrainerException("unknown --select-by: " + selectBy + " (expected log-likelihood or judge)");
        }
        Preset start = init == null ? null : Presets.load(init);
        BiaxialWeights initial = null;
        if (start != null) {
            if (!start.manifest().kind().equals(BiaxialKind.ID)) {
                throw new TrainerException("--init " + init + " is a " + start.manifest().kind()
                        + " preset, not a biaxial one: give a biaxial preset, or --model " + start.manifest().kind());
            }
            initial = BiaxialWeights.fromPreset(start);
        }
        BiaxialTrainingOptions options = BiaxialTrainingOptions.defaults()
                .withSizes(initial != null ? initial.config.timeSizes() : timeSizes,
                        initial != null ? initial.config.noteSizes() : noteSizes)
                .withArticulation(initial != null ? initial.config.articulation()
                        : articulation != null ? articulation : midiFolder())
                .withSegments(segments, segmentBars).withBatchesPerEpoch(batchesPerEpoch).withEpochs(epochs)
                .withLearningRate(learningRate).withClipNorm(clip).withDropout(dropout).withPatience(patience)
                .withValidationFrames(validationFrames).withSeed(seed).withOwnSamples(ownSamples, selectBy.equals("judge"));
        // The model's pitch range follows the music: the lowest to the highest pitch that sounds (in
        // every key it is trained in); a preset trained further keeps its own.
        PitchRange range;
        if (initial != null) {
            range = initial.config.range();
        } else {
            PitchRange sounding = soundingRange(train, valid);
            range = transposing() ? Transpositions.widened(sounding) : sounding;
        }
        TrainingData trainingData = new TrainingData(train.name(), train.sha256(), range, train.stepsPerQuarter(),
                trainingRolls(out, train, range), rolls(valid.pieces()));
        BiaxialTrainer trainer;
        BiaxialTrainer.Result result;
        try (TrainingProgress progress = new TrainingProgress(out, !noProgress,
                options.selectByJudge() ? TrainingProgress.Figure.JUDGE_SUMMARY : TrainingProgress.Figure.LOG_LIKELIHOOD)) {
            trainer = new BiaxialTrainer(options, progress, workers);
            result = trainer.train(trainingData, checkpoints, resume, initial);
        }
        write(trainer.preset(presetName, "biaxial LSTM trained on " + train.name() + keys(), trainingData, result, null),
                start, target);
        out.printf("wrote %s: best epoch %d of %d, %s %.3f, %.0f frames/s, %.0f s%n", target, result.bestEpoch(),
                result.epochs(), options.selectByJudge() ? "free-running judge summary (valid)"
                        : "validation log-likelihood per frame", result.bestValidation(), result.framesPerSecond(),
                result.seconds());
    }

    /** Writes a trained preset with what only the command knows: the preset it started from, the data's licence. */
    private void write(Preset preset, Preset start, Path target) {
        if (start != null) {
            Provenance earlier = start.manifest().provenance();
            Map<String, Object> hyper = new LinkedHashMap<>(preset.manifest().hyperParameters());
            hyper.put("init", start.manifest().name() + (earlier == null ? ""
                    : " (" + earlier.epochs() + " epochs, " + Math.round(earlier.wallTimeSeconds()) + " s)"));
            preset = new Preset(preset.manifest().withHyperParameters(hyper), preset.tensors());
        }
        PresetFiles.write(new Preset(preset.manifest().withProvenance(
                preset.manifest().provenance().withDatasetLicence(dataLicence)), preset.tensors()), target);
    }

    private boolean midiFolder() {
        return !Files.isRegularFile(data.resolve("train.json"));
    }

    private boolean transposing() {
        return transpose != null ? transpose : midiFolder();
    }

    private String keys() {
        return transposing() ? " in all twelve keys" : "";
    }

    /** The training split's pieces, in all twelve keys within {@code range} when transposing. */
    private List<PianoRoll> trainingRolls(PrintWriter out, Dataset train, PitchRange range) {
        List<PianoRoll> pieces = rolls(train.pieces());
        if (!transposing()) {
            return pieces;
        }
        List<PianoRoll> all = Transpositions.allKeys(pieces, range);
        out.printf("%s/%s in all twelve keys: %d pieces (of %d possible) within %s%n", train.name(), train.split(),
                all.size(), 12 * pieces.size(), range);
        return all;
    }

    /** The lowest to the highest pitch that sounds in the splits. */
    private static PitchRange soundingRange(Dataset... splits) {
        int low = 127;
        int high = 0;
        for (Dataset d : splits) {
            for (Piece piece : d.pieces()) {
                PianoRoll roll = piece.roll();
                for (int t = 0; t < roll.length(); t++) {
                    for (int i = 0; i < roll.range().size(); i++) {
                        if (roll.sounding(t, i)) {
                            low = Math.min(low, roll.range().pitch(i));
                            high = Math.max(high, roll.range().pitch(i));
                        }
                    }
                }
            }
        }
        if (low > high) {
            throw new TrainerException("no notes in " + splits[0].name() + ": nothing to train on");
        }
        return new PitchRange(low, high);
    }

    private static void report(PrintWriter out, Dataset d) {
        out.printf("%s/%s: %d pieces, %d frames%n", d.name(), d.split(), d.pieces().size(), d.frames());
        d.skipped().forEach(s -> out.printf("  skipped %s: %s%n", s.name(), s.reason()));
    }

    private static List<PianoRoll> rolls(List<Piece> pieces) {
        return pieces.stream().map(Piece::roll).toList();
    }
}
