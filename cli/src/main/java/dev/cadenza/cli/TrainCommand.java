package dev.cadenza.cli;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.data.Piece;
import dev.cadenza.trainer.rnnrbm.RnnRbmTrainer;
import dev.cadenza.trainer.rnnrbm.RnnRbmTrainingOptions;
import dev.cadenza.trainer.rnnrbm.TrainingData;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cadenza train}: trains a model on a dataset and writes a preset with its provenance. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model on a dataset and write a preset.",
            "DATA is a piano-roll dataset directory (train/valid/test.json, as in ../shared/data)"
                + " or a folder of MIDI files (read recursively, split 80/10/10 by file)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
    Path data;

    @Option(names = "--model", defaultValue = "rnnrbm", description = "Model kind: rnnrbm (default).")
    String model;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Preset to write (default: NAME.cadenza).")
    Path out;

    @Option(names = "--name", description = "Preset name (default: the dataset's name and the model kind).")
    String name;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Directory for the per-epoch checkpoint (default: .cadenza/checkpoints/NAME).")
    Path checkpoint;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in --checkpoint.")
    boolean resume;

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

    @Option(names = "--threads", description = "Worker threads (default: one per core).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar (one line per epoch instead).")
    boolean noProgress;

    @Override
    public Integer call() {
        if (!model.equals("rnnrbm")) {
            throw new NotAvailableException("training a " + model + " model");
        }
        PrintWriter out = spec.commandLine().getOut();
        Dataset train = Datasets.load(data, "train");
        Dataset valid = Datasets.load(data, "valid");
        report(out, train);
        report(out, valid);
        String presetName = name != null ? name : train.name() + "-" + model;
        Path target = this.out != null ? this.out : Path.of(presetName + ".cadenza");
        Path checkpoints = checkpoint != null ? checkpoint : Path.of(".cadenza", "checkpoints", presetName);
        RnnRbmTrainingOptions options;
        try {
            options = new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, Math.max(1, length / window), batch,
                    epochs, optimizer, learningRate, clip, pretrainEpochs, patience, 20, seed);
        } catch (IllegalArgumentException e) {
            throw new TrainerException(e.getMessage(), e);
        }
        TrainingData trainingData = new TrainingData(train.name(), train.sha256(), train.range(), train.stepsPerQuarter(),
                rolls(train.pieces()), rolls(valid.pieces()));
        RnnRbmTrainer.Result result;
        try (TrainingProgress progress = new TrainingProgress(out, !noProgress)) {
            int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            result = new RnnRbmTrainer(options, progress, workers).train(trainingData, checkpoints, resume);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("validAccuracy", result.bestValidationAccuracy());
        metrics.put("trainFramesPerSecond", result.framesPerSecond());
        Map<String, Object> hyper = new LinkedHashMap<>(options.asMap());
        hyper.putAll(result.best().sizes());
        hyper.put("bestEpoch", result.bestEpoch());
        Provenance provenance = Provenance.of(data.getFileName().toString(), train.sha256(), "train (validation: valid)",
                result.epochs(), result.seconds(), seed, metrics, "nd4j-native " + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());
        PresetManifest manifest = PresetManifest.of(presetName, RnnRbmWeights.KIND,
                "RNN-RBM trained on " + train.name(), train.range(), train.stepsPerQuarter(), hyper, provenance);
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new TrainerException("cannot create the directory of " + target + ": " + e.getMessage(), e);
        }
        PresetFiles.write(new Preset(manifest, result.best().tensors()), target);
        out.printf("wrote %s: best epoch %d of %d, validation accuracy %.2f %%, %.0f frames/s, %.0f s%n", target,
                result.bestEpoch(), result.epochs(), 100 * result.bestValidationAccuracy(), result.framesPerSecond(),
                result.seconds());
        out.printf("evaluate it on the test split with: cadenza eval %s --data %s --split test%n", target, data);
        return 0;
    }

    private static void report(PrintWriter out, Dataset d) {
        out.printf("%s/%s: %d pieces, %d frames%n", d.name(), d.split(), d.pieces().size(), d.frames());
        d.skipped().forEach(s -> out.printf("  skipped %s: %s%n", s.name(), s.reason()));
    }

    private static List<dev.cadenza.engine.roll.PianoRoll> rolls(List<Piece> pieces) {
        return pieces.stream().map(Piece::roll).toList();
    }
}
