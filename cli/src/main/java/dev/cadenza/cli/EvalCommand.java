package dev.cadenza.cli;

import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.presets.Presets;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.data.Transpositions;
import dev.cadenza.trainer.eval.Evaluation;
import dev.cadenza.trainer.eval.FrameTally;
import dev.cadenza.trainer.eval.PublishedFigures;
import dev.cadenza.trainer.kind.EvaluationRun;
import dev.cadenza.trainer.kind.KindEvaluation;
import dev.cadenza.trainer.kind.TrainingKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cadenza eval PRESET --data DIR --split test}: a preset's figures on a dataset split under
 * the protocol of {@code docs/evaluation.md}, beside the published ones where the dataset is one of
 * the four benchmarks. The preset's model kind ({@link TrainingKind}) evaluates it and brings its
 * own options (RNN-RBM: NLL by AIS, bracketed by reverse AIS and a certain bound; biaxial: exact);
 * {@code --save} writes the figures into the preset's manifest.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = EvalCommand.WithKindOptions.class,
        description = {"Evaluate a preset on a dataset split. Protocol (docs/evaluation.md):",
            "- every frame of the split is predicted from the true frames before it (each piece's first from the"
                + " model's initial state) and scored; figures are over all frames, not means of per-piece means;",
            "- accuracy under both conventions: pooled, sum TP / sum (TP + FP + FN) over all frames (Bay et al. 2009,"
                + " MIREX, mir_eval: the definition the 2012 paper cites), and per frame, the mean of each frame's"
                + " TP / (TP + FP + FN) (a silent frame predicted silent scores 1);",
            "- for three predictions: frames drawn from the model; its likely notes (marginal above a threshold"
                + " chosen on the valid split, never on the scored one); the copy baseline (the true frame before),"
                + " with 95 %% paired bootstrap intervals over pieces for model minus baseline;",
            "- negative log-likelihood per time step in nats, lower is better: exact for the biaxial model; for the"
                + " RNN-RBM the AIS estimate, reverse AIS and a certain lower bound, and the bracket where AIS has"
                + " not converged (forward and reverse more than 0.1 nats apart, or forward below the bound)."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PRESET", description = "A bundled preset's name or a .cadenza file.")
    String preset;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Dataset directory (train/valid/test.json, as in the repository's data/) or a folder of MIDI files.")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "Split to score (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-frames", paramLabel = "N",
            description = "Score only the split's first N frames, for a quick look (default: all).")
    Long maxFrames;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Also write the preset, with these figures added to its manifest's metrics, to FILE"
                    + " (may be the preset's own file: it is replaced atomically).")
    Path save;

    @Override
    public Integer call() {
        Preset p = Presets.load(preset);
        TrainingKind kind = TrainingKind.find(p.manifest().kind()).orElseThrow(() -> new NotAvailableException(
                "evaluation of '" + p.manifest().kind() + "' models (preset " + p.name() + ")"));
        EvaluationRun run = new EvaluationRun(seed, maxFrames == null ? 0 : maxFrames, save != null,
                Runtime.getRuntime().availableProcessors(),
                KindOptionSpecs.read(spec, kind, TrainingKind::evaluationOptions, "preset " + p.name() + " is"));
        KindEvaluation evaluation = kind.evaluation(p, run);
        Evaluation e = withLikelyThreshold(p, evaluation.evaluate(announce(p, load(p, split))),
                evaluation::accuracies);
        PrintWriter out = spec.commandLine().getOut();
        print(out, e, evaluation.draws(e), evaluation.details(e));
        out.printf("  %.1f s%n", e.seconds());
        if (save != null) {
            ManifestMetrics.save(p, split + ".", e.metrics(),
                    () -> Provenance.of(data.getFileName().toString(), null, split, 0, 0, seed, Map.of(), "java"), save);
            out.printf("wrote %s with the %s figures in its manifest%n", save, split);
        }
        return 0;
    }

    /** The split, moved to C for a preset that learnt its music there (said so). */
    private Dataset load(Preset p, String name) {
        Dataset d = Datasets.load(data, name);
        if (!Models.trainedInC(p)) {
            return d;
        }
        spec.commandLine().getOut().printf("%s learnt its music moved to C: %s/%s moved to C too%n", p.name(), d.name(),
                name);
        return Transpositions.toC(d);
    }

    private Dataset announce(Preset p, Dataset dataset) {
        PrintWriter out = spec.commandLine().getOut();
        long frames = maxFrames == null ? dataset.frames() : Math.min(maxFrames, dataset.frames());
        out.printf("evaluating %s on %s/%s: %d pieces, %d frames%s ...%n", p.name(), dataset.name(), dataset.split(),
                dataset.pieces().size(), frames, maxFrames == null ? "" : " (limited by --max-frames)");
        out.flush();
        return dataset;
    }

    /**
     * The evaluation with its likely-notes threshold chosen on the valid split (the threshold with
     * the best pooled accuracy there; the split itself where it is the valid split), never on the
     * split it scores; 1/2 where the dataset has no valid split, said so.
     */
    private Evaluation withLikelyThreshold(Preset p, Evaluation e, Function<Dataset, FrameTally> onValid) {
        if (split.equals("valid")) {
            thresholdSource = "chosen on this split";
            return e.withLikelyThreshold(e.tally().bestLikelyThreshold());
        }
        Dataset valid;
        try {
            valid = load(p, "valid");
        } catch (TrainerException noValidSplit) {
            thresholdSource = "1/2: " + data.getFileName() + " has no valid split to choose it on";
            return e;
        }
        spec.commandLine().getOut().printf("choosing the likely-notes threshold on %s/valid ...%n", valid.name());
        spec.commandLine().getOut().flush();
        thresholdSource = "chosen on " + valid.name() + "/valid (best pooled ACC there)";
        return e.withLikelyThreshold(onValid.apply(valid).bestLikelyThreshold());
    }

    private String thresholdSource = "";

    /** The accuracies of the three predictions, the bootstrap intervals, the NLL, and the published figures. */
    private void print(PrintWriter out, Evaluation e, String draws, List<String> nllDetails) {
        List<PublishedFigures> published = PublishedFigures.forDataset(e.dataset());
        out.printf("%s on %s/%s: %d frames (pieces: %d), each predicted from the true frames before it"
                + " (protocol: docs/evaluation.md)%n", e.preset(), e.dataset(), e.split(), e.frames(),
                e.tally().scoredPieces());
        out.printf("  %-36s %13s %13s%n", "accuracy, %", "pooled", "per frame");
        row(out, "model, drawn frames", e.sampled(), draws);
        row(out, String.format("model, likely notes (p > %.2f)", e.likelyThreshold()), e.likely(),
                "nothing drawn; threshold " + thresholdSource);
        row(out, "copy baseline", e.copy(), "each frame predicted as the true frame before it");
        FrameTally.NoteCounts notes = e.tally().notesPerFrame();
        out.printf("  %-36s %13.2f %13s   the music: %.2f (free-running: cadenza judge, mean polyphony)%n",
                "notes at once, drawn frames", notes.drawn(), "", notes.actual());
        interval(out, "drawn - copy", e.sampledMinusCopy(true), e.sampledMinusCopy(false), e.tally().scoredPieces());
        interval(out, "likely notes - copy", e.likelyMinusCopy(true), e.likelyMinusCopy(false), e.tally().scoredPieces());
        for (PublishedFigures f : published) {
            if (!Double.isNaN(f.accuracy())) {
                out.printf("  %-36s %13.2f %13s   %s; by its definition (Bay et al. 2009) the pooled figure%n",
                        f.model() + " (published)", 100 * f.accuracy(), "", f.source());
            }
        }
        out.println("  pooled: sum TP / sum (TP + FP + FN) over all frames (Bay et al. 2009, MIREX, mir_eval);"
                + " per frame: the mean of each frame's TP / (TP + FP + FN)");
        out.println("  negative log-likelihood per time step, nats (lower is better)");
        if (e.exact()) {
            out.printf("  %-36s %13.2f   exact: the model factorises each frame note by note%n", "model", e.nll());
        } else if (e.converged()) {
            out.printf("  %-36s %13.2f   AIS, converged: bracket %.2f .. %s%n", "model", e.nll(), e.nllLow(),
                    Double.isNaN(e.nllHigh()) ? "(reverse AIS fell below it)" : String.format("%.2f", e.nllHigh()));
        } else {
            out.printf("  %-36s %13s   AIS has not converged: see below%n", "model", "-");
        }
        nllDetails.forEach(line -> out.println("  " + line));
        for (PublishedFigures f : published) {
            out.printf("  %-36s %13.2f   %s%n", f.model() + " (published)", f.nll(), f.source());
        }
    }

    private static void row(PrintWriter out, String label, FrameTally.Accuracy a, String note) {
        out.printf("  %-36s %13.2f %13.2f   %s%n", label, 100 * a.pooled(), 100 * a.perFrame(), note);
    }

    private static void interval(PrintWriter out, String label, FrameTally.Interval pooled, FrameTally.Interval perFrame,
            int pieces) {
        out.printf("  %-36s %13s %13s   95 %% paired bootstrap interval over the pieces (%d of them, %d resamples)%n", label,
                points(pooled), points(perFrame), pieces, Evaluation.RESAMPLES);
    }

    private static String points(FrameTally.Interval i) {
        return String.format("%+.1f..%+.1f", 100 * i.low(), 100 * i.high());
    }

    /** Adds each model kind's evaluation options to the command. */
    static final class WithKindOptions implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return KindOptionSpecs.addTo(spec, TrainingKind::evaluationOptions, kind -> kind.title() + " presets");
        }
    }
}
