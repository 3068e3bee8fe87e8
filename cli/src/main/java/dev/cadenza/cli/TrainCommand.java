package dev.cadenza.cli;

import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.presets.Presets;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.kind.KindOptions;
import dev.cadenza.trainer.kind.RunSettings;
import dev.cadenza.trainer.kind.Trained;
import dev.cadenza.trainer.kind.TrainingKind;
import dev.cadenza.trainer.kind.TrainingRun;
import dev.cadenza.trainer.kind.TrainingSet;
import dev.cadenza.trainer.run.Checkpoint;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cadenza train}: trains a model on a dataset and writes a preset with its provenance. The
 * model kind's trainer ({@link TrainingKind}) does the training and brings its own options.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = TrainCommand.WithKindOptions.class,
        description = {"Train a model on a dataset and write a preset.",
            "DATA is a piano-roll dataset directory (train/valid/test.json, as in the repository's data/)"
                + " or a folder of MIDI files (read recursively, split 80/10/10 by file)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory.")
    Path data;

    @Option(names = "--model", defaultValue = "rnnrbm",
            description = "Model kind (default: ${DEFAULT-VALUE}); each kind's own options follow the others.")
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

    @Option(names = "--learning-rate", defaultValue = "0.001", description = "Step size (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--clip", defaultValue = "5", description = "Global gradient-norm clip, 0 = none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--patience", defaultValue = "15",
            description = "Stop after this many epochs without a better validation figure (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "1234", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--select-by", paramLabel = "FIGURE", defaultValue = "validation",
            description = "What chooses the epoch to keep and stops early: validation (the model's teacher-forced"
                    + " figure on the valid split: the RNN-RBM's accuracy, the biaxial model's log-likelihood) or judge"
                    + " (the judge's summary overlap of what the model plays on its own, 30 excerpts of 16 bars"
                    + " against the valid split, drawn with --temperature, --density, --gibbs and --frame where given,"
                    + " which the preset then keeps as its defaults; see docs/music.md). Default: ${DEFAULT-VALUE}.")
    String selectBy;

    @Option(names = "--own-samples", paramLabel = "SHARE", defaultValue = "0",
            description = "Share of the steps (0..1) before which the model hears its own draw instead of the true"
                    + " frame (scheduled sampling; the frames to learn stay the true ones), meant to teach it to"
                    + " recover from its own mistakes (see docs/music.md for what it did); 0 = teacher forcing only."
                    + " Default: ${DEFAULT-VALUE}.")
    double ownSamples;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--key-input",
            description = "With --keys c or all: the model also hears how far each piece was moved from the key it was"
                    + " written in (moved, a chorale in G sits a fourth higher or a fifth lower than it was written),"
                    + " and at play time how far its notes are moved, so that it plays in the register its music was"
                    + " written in (see docs/music.md).")
    boolean keyInput;

    @Option(names = "--articulation", negatable = true,
            description = "Learn when notes are struck again, not only which sound (default: on for MIDI folders, off"
                    + " for the JSON datasets, which have none).")
    Boolean articulation;

    @Option(names = "--data-licence", paramLabel = "TEXT",
            description = "The training data's licence, recorded in the preset's provenance (e.g. \"public domain\").")
    String dataLicence;

    @Option(names = "--keys", paramLabel = "original|all|c",
            description = "The keys the music is learnt in: original (each piece's own), all (every piece in all"
                    + " twelve keys that fit, the validation split as it is) or c (every piece, the validation split"
                    + " too, moved to C major or A minor, and the preset moved to the key asked for when it plays)."
                    + " Default: all for MIDI folders, whose music is in its original keys; original for the JSON"
                    + " datasets, already in C.")
    String keys;

    @Option(names = "--threads", description = "Worker threads (default: one per core).")
    Integer threads;

    @Option(names = "--no-progress", description = "No progress bar (one line per epoch instead).")
    boolean noProgress;

    @Override
    public Integer call() {
        TrainingKind kind = TrainingKind.of(model);
        if (!selectBy.equals("validation") && !selectBy.equals("judge")) {
            throw new TrainerException("invalid --select-by: '" + selectBy + "' (expected validation or judge)");
        }
        if (sampling.given() && !selectBy.equals("judge")) {
            throw new TrainerException("--temperature, --density, --gibbs and --frame are what --select-by judge draws"
                    + " its excerpts with (and the preset's defaults after): give --select-by judge");
        }
        RunSettings settings = new RunSettings(epochs, learningRate, clip, patience, seed,
                threads != null ? threads : Runtime.getRuntime().availableProcessors(), ownSamples,
                selectBy.equals("judge"), keyInput, sampling.ofPlain());
        TrainingSet.Keys playedIn = keys();
        if (keyInput && playedIn == TrainingSet.Keys.ORIGINAL) {
            throw new TrainerException("--key-input needs --keys c or all: music in its original keys was not moved,"
                    + " so there is nothing for the model to hear");
        }
        KindOptions kindOptions = KindOptionSpecs.read(spec, kind, TrainingKind::trainingOptions, "this run trains");
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
        Preset start = init == null ? null : Presets.load(init);
        if (start != null && !start.manifest().kind().equals(kind.id())) {
            throw new TrainerException("--init " + init + " is a " + start.manifest().kind() + " preset, not a "
                    + kind.id() + " one: give a " + kind.id() + " preset, or --model " + start.manifest().kind());
        }
        TrainingSet set = new TrainingSet(train, valid, playedIn, articulation != null ? articulation : midiFolder());
        Trained trained;
        try (TrainingProgress progress = new TrainingProgress(out, !noProgress)) {
            trained = kind.train(new TrainingRun(presetName, set, settings, kindOptions, start, checkpoints, resume,
                    progress));
        } catch (IllegalArgumentException e) {
            throw new TrainerException(e.getMessage(), e);
        }
        write(sampling.given() ? settings.judging().into(trained.preset()) : trained.preset(), start, set.keys(), target);
        out.printf("wrote %s: %s%n", target, trained.summary());
        out.printf("evaluate it on the test split with: cadenza eval %s --data %s --split test --save %s%n", target, data,
                target);
        return 0;
    }

    /** Writes a trained preset with what only the command knows: the preset it started from, the data's licence. */
    private void write(Preset preset, Preset start, TrainingSet.Keys keys, Path target) {
        Map<String, Object> hyper = new LinkedHashMap<>(preset.manifest().hyperParameters());
        hyper.put(Models.KEYS_KEY, keys.id());
        if (start != null) {
            Provenance earlier = start.manifest().provenance();
            hyper.put("init", start.manifest().name() + (earlier == null ? ""
                    : " (" + earlier.epochs() + " epochs, " + Math.round(earlier.wallTimeSeconds()) + " s)"));
        }
        preset = new Preset(preset.manifest().withHyperParameters(hyper), preset.tensors());
        PresetFiles.write(new Preset(preset.manifest().withProvenance(
                preset.manifest().provenance().withDatasetLicence(dataLicence)), preset.tensors()), target);
    }

    private TrainingSet.Keys keys() {
        if (keys == null) {
            return midiFolder() ? TrainingSet.Keys.ALL : TrainingSet.Keys.ORIGINAL;
        }
        for (TrainingSet.Keys k : TrainingSet.Keys.values()) {
            if (k.id().equalsIgnoreCase(keys.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("invalid --keys: '" + keys + "' (expected original, all or c)");
    }

    private boolean midiFolder() {
        return !Files.isRegularFile(data.resolve("train.json"));
    }

    private static void report(PrintWriter out, Dataset d) {
        out.printf("%s/%s: %d pieces, %d frames%n", d.name(), d.split(), d.pieces().size(), d.frames());
        d.skipped().forEach(s -> out.printf("  skipped %s: %s%n", s.name(), s.reason()));
    }

    /** Adds each model kind's training options to the command. */
    static final class WithKindOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return KindOptionSpecs.addTo(spec, TrainingKind::trainingOptions,
                    kind -> kind.title() + " (--model " + kind.id() + ")");
        }
    }
}
