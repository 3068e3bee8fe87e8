package dev.cadenza.cli;

import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.presets.Presets;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Datasets;
import dev.cadenza.trainer.data.Piece;
import dev.cadenza.trainer.eval.BiaxialEvaluator;
import dev.cadenza.trainer.eval.Evaluation;
import dev.cadenza.trainer.eval.PaperFigures;
import dev.cadenza.trainer.eval.PreviousFrame;
import dev.cadenza.trainer.eval.RnnRbmEvaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cadenza eval PRESET --data DIR --split test}: the figures of Boulanger-Lewandowski et al.
 * (ICML 2012), Table 1, for a preset on a dataset split, beside the paper's where the dataset is one
 * of its four. Dispatches on the preset's model kind (RNN-RBM: AIS estimate of the log-likelihood,
 * checked by reverse AIS and a certain upper bound; biaxial: exact); {@code --save} writes the
 * figures into the preset's manifest.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate a preset on a dataset split: expected frame-level accuracy and log-likelihood"
                + " per time step, each frame predicted from the true frames before it.",
            "Figures are means over all frames of the split; each piece's first frame is scored."})
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

    @Option(names = "--ais-chains", defaultValue = "" + RnnRbmEvaluator.Options.DEFAULT_AIS_CHAINS,
            description = "Annealed-importance-sampling chains per frame (default: ${DEFAULT-VALUE}).")
    int aisChains;

    @Option(names = "--ais-temperatures", defaultValue = "" + RnnRbmEvaluator.Options.DEFAULT_AIS_TEMPERATURES,
            description = "AIS inverse temperatures from 0 to 1, forward and reverse; more narrow the log-likelihood's"
                    + " bracket where AIS has not converged (default: ${DEFAULT-VALUE}).")
    int aisTemperatures;

    @Option(names = "--gibbs-chains", defaultValue = "8",
            description = "Gibbs chains per frame for the accuracy, each started from the true frame before (default: ${DEFAULT-VALUE}).")
    int gibbsChains;

    @Option(names = "--gibbs-burn-in", defaultValue = "20",
            description = "Gibbs sweeps discarded per chain (default: ${DEFAULT-VALUE}).")
    int gibbsBurnIn;

    @Option(names = "--gibbs-samples", defaultValue = "20",
            description = "Samples per chain after the burn-in, each scored against the true frame (default: ${DEFAULT-VALUE}).")
    int gibbsSamples;

    @Option(names = "--chains-from", defaultValue = "previous", paramLabel = "previous|scored",
            description = "RNN-RBM: where the accuracy's Gibbs chains start: the true frame before the scored one"
                    + " (default: a prediction), or the scored frame itself: a diagnostic of how slowly the chains mix,"
                    + " not a prediction, and never saved.")
    String chainsFrom;

    @Option(names = "--note-samples", defaultValue = "" + BiaxialEvaluator.DEFAULT_SAMPLES,
            description = "Biaxial: frames drawn note by note per scored frame for the accuracy (default: ${DEFAULT-VALUE}).")
    int noteSamples;

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
        String kind = p.manifest().kind();
        Evaluation e = switch (kind) {
            case RnnRbmWeights.KIND -> evaluateRnnRbm(p);
            case BiaxialWeights.KIND -> evaluateBiaxial(p);
            default -> throw new NotAvailableException("evaluation of '" + kind + "' models (preset " + p.name() + ")");
        };
        if (save != null) {
            ManifestMetrics.save(p, split + ".", e.metrics(),
                    () -> Provenance.of(data.getFileName().toString(), null, split, 0, 0, seed, Map.of(), "java"), save);
            spec.commandLine().getOut().printf("wrote %s with the %s figures in its manifest%n", save, split);
        }
        return 0;
    }

    private Evaluation evaluateBiaxial(Preset p) {
        if (!chainsFrom.equals("previous")) {
            throw new TrainerException("--chains-from is for RNN-RBM presets: " + p.name()
                    + " is a biaxial model, which draws its frames note by note, without Gibbs chains");
        }
        Dataset dataset = Datasets.load(data, split);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("evaluating %s on %s/%s: %d pieces, %d frames ...%n", p.name(), dataset.name(), dataset.split(),
                dataset.pieces().size(), dataset.frames());
        out.flush();
        Evaluation e = new BiaxialEvaluator(Runtime.getRuntime().availableProcessors(), noteSamples)
                .evaluate(p.name(), BiaxialWeights.fromPreset(p), dataset, maxFrames == null ? 0 : maxFrames);
        Optional<PaperFigures> paper = PaperFigures.rnnRbm(dataset.name());
        PreviousFrame.Figures baseline = previousFrame(dataset);
        out.printf("%s on %s/%s, %d frames, per time step (mean over all frames; exact log-likelihood)%n", e.preset(),
                e.dataset(), e.split(), e.frames());
        out.printf("  %-26s %12s   %s%n", "", "ours",
                paper.map(f -> "paper, RNN-RBM on " + f.dataset()).orElse("paper: no figure for this dataset"));
        printAccuracy(out, e, paper, baseline);
        out.printf("  %-26s %12.2f   %s%n", "log-likelihood (nats)", e.logLikelihood(),
                paper.map(f -> String.format("%.2f", f.logLikelihood())).orElse(""));
        out.printf("  ACC: %d frames drawn from the model per scored frame, given the true past (note-axis runs);"
                + " pooled ACC from their notes' p(play | past)%n", e.gibbsSamples());
        out.printf("  %.1f s%n", e.seconds());
        return e;
    }

    private Evaluation evaluateRnnRbm(Preset p) {
        if (RnnRbmWeights.fromPreset(p).config.articulation()) {
            throw new TrainerException("eval scores the sounding notes of the 2012 benchmark's models; preset " + p.name()
                    + " also models when notes are struck, which those figures cannot score: judge its music with"
                    + " cadenza judge " + p.name() + " --against DATASET");
        }
        boolean fromScored = switch (chainsFrom) {
            case "previous" -> false;
            case "scored" -> true;
            default -> throw new TrainerException("invalid --chains-from: " + chainsFrom + " (expected previous or scored)");
        };
        if (fromScored && save != null) {
            throw new TrainerException("--chains-from scored measures mixing, not prediction: its accuracy is not saved (drop --save)");
        }
        RnnRbmEvaluator.Options options = new RnnRbmEvaluator.Options(seed, aisChains, aisTemperatures, gibbsChains,
                gibbsBurnIn, gibbsSamples, maxFrames == null ? Long.MAX_VALUE : maxFrames, fromScored);
        RnnRbmWeights weights = RnnRbmWeights.fromPreset(p);
        Dataset dataset = Datasets.load(data, split);
        PrintWriter out = spec.commandLine().getOut();
        long frames = maxFrames == null ? dataset.frames() : Math.min(maxFrames, dataset.frames());
        out.printf("evaluating %s on %s/%s: %d pieces, %d frames%s ...%n", p.name(), dataset.name(), dataset.split(),
                dataset.pieces().size(), frames, maxFrames == null ? "" : " (limited by --max-frames)");
        out.flush();
        Evaluation e = new RnnRbmEvaluator().evaluate(p.name(), weights, dataset, options);
        print(out, e, options, PaperFigures.rnnRbm(dataset.name()), previousFrame(dataset));
        return e;
    }

    /**
     * The accuracy per time step beside the paper's, and the pooled and likely-notes accuracies
     * (which the paper does not report) below it.
     */
    private static void printAccuracy(PrintWriter out, Evaluation e, Optional<PaperFigures> paper,
            PreviousFrame.Figures baseline) {
        out.printf("  %-26s %10.2f %%   %s%n", "accuracy (ACC)", 100 * e.accuracy(),
                paper.map(f -> String.format("%.2f %%", 100 * f.accuracy())).orElse(""));
        out.printf("  %-26s %10.2f %%   %s%n", "pooled accuracy", 100 * e.pooledAccuracy(),
                "sum E[TP] / sum (E[TP] + E[FP] + E[FN]) from each note's marginal, no frame credited as a whole");
        out.printf("  %-26s %10.2f %%   %s%n", "likely notes", 100 * e.likelyAccuracy(),
                "each frame predicted as the notes with a marginal above 1/2: nothing drawn");
        out.printf("  %-26s %10.2f %%   %s%n", "previous frame repeated", 100 * baseline.accuracy(),
                String.format("for scale: each frame predicted as the one before (pooled %.2f %%)",
                        100 * baseline.pooledAccuracy()));
    }

    /** The previous-frame predictor on the frames the evaluation scores. */
    private PreviousFrame.Figures previousFrame(Dataset dataset) {
        return PreviousFrame.score(dataset.pieces().stream().map(Piece::roll).toList(),
                maxFrames == null ? Long.MAX_VALUE : maxFrames);
    }

    /**
     * Whether the forward AIS figure can be trusted: it must stay below the certain bound (give or
     * take {@value #ROUNDING_NATS} nats of rounding) and within
     * {@value #CONVERGED_NATS} nats of the reverse estimate; otherwise the log-likelihood is only
     * known to lie between the reverse estimate and the lower of the other two.
     */
    static String convergence(Evaluation e) {
        double high = Math.min(e.logLikelihood(), e.logLikelihoodCeiling());
        if (e.logLikelihood() <= e.logLikelihoodCeiling() + ROUNDING_NATS
                && e.logLikelihood() - e.logLikelihoodReverse() <= CONVERGED_NATS) {
            return String.format("AIS converged: forward and reverse agree within %.2f nats, below the certain bound",
                    CONVERGED_NATS);
        }
        return String.format("AIS HAS NOT CONVERGED: the log-likelihood lies between %.2f (reverse) and %.2f;"
                + " more --ais-temperatures narrow the gap", e.logLikelihoodReverse(), high);
    }

    /** Largest gap between the forward and reverse AIS figures that counts as converged. */
    static final double CONVERGED_NATS = 0.1;

    /** How far AIS, summed in float, may pass the bound, summed in double, when both are exact. */
    static final double ROUNDING_NATS = 0.005;

    private static void print(PrintWriter out, Evaluation e, RnnRbmEvaluator.Options options, Optional<PaperFigures> paper,
            PreviousFrame.Figures baseline) {
        out.printf("%s on %s/%s, %d frames, per time step (mean over all frames; first frames scored from u_0 = 0)%n",
                e.preset(), e.dataset(), e.split(), e.frames());
        String paperHeader = paper.map(f -> "paper, RNN-RBM on " + f.dataset()).orElse("paper: no figure for this dataset");
        out.printf("  %-26s %12s   %s%n", "", "ours", paperHeader);
        printAccuracy(out, e, paper, baseline);
        out.printf("  %-26s %12.2f   %s%n", "log-likelihood (nats)", e.logLikelihood(),
                paper.map(f -> String.format("%.2f", f.logLikelihood())).orElse(""));
        int runs = Math.min(RnnRbmEvaluator.AIS_RUNS, e.aisChains());
        String spread = Double.isNaN(e.logLikelihoodSpread()) ? "n/a" : String.format("%.3f", e.logLikelihoodSpread());
        String spreadNote = Double.isNaN(e.logLikelihoodSpread())
                ? "needs 2 or more AIS chains"
                : String.format("std. dev. between %d independent AIS runs of %s chains each (the figure pools all %d)",
                        runs, e.aisChains() % runs == 0 ? String.valueOf(e.aisChains() / runs) : "about " + e.aisChains() / runs,
                        e.aisChains());
        out.printf("  %-26s %12s   %s%n", "log-likelihood spread", spread, spreadNote);
        out.printf("  %-26s %12.2f   %s%n", "  reverse AIS", e.logLikelihoodReverse(),
                "from the true frames down to the base: errs low where AIS errs high");
        out.printf("  %-26s %12.2f   %s%n", "  certain upper bound", e.logLikelihoodCeiling(),
                "Z summed exactly over the states the chains visited (ACC, AIS), the true frame and silence");
        out.println("  " + convergence(e));
        out.printf("  AIS: %d chains x %d temperatures per frame (beta = k/K; base RBM W = 0 with the logits of"
                + " the Gibbs marginals as visible biases)%n", e.aisChains(), e.aisTemperatures());
        out.printf("  ACC: %d Gibbs chains x %d samples after %d burn-in sweeps (%d per frame), each chain started from"
                + " %s; pooled ACC from the same sweeps' marginals%n",
                options.gibbsChains(), options.gibbsSamples(), options.gibbsBurnIn(), e.gibbsSamples(),
                options.chainsFromScored()
                        ? "THE SCORED FRAME ITSELF (--chains-from scored: a measure of mixing, not a prediction)"
                        : "the true frame before");
        out.printf("  seed %d, %.1f s%n", options.seed(), e.seconds());
    }
}
