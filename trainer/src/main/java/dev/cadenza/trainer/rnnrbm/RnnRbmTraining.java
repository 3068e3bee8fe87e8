package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.rnnrbm.RnnRbmKind;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.TrainingData;
import dev.cadenza.trainer.eval.Evaluation;
import dev.cadenza.trainer.eval.FrameTally;
import dev.cadenza.trainer.eval.RnnRbmEvaluator;
import dev.cadenza.trainer.kind.EvaluationRun;
import dev.cadenza.trainer.kind.KindEvaluation;
import dev.cadenza.trainer.kind.KindOption;
import dev.cadenza.trainer.kind.KindOptions;
import dev.cadenza.trainer.kind.RunSettings;
import dev.cadenza.trainer.kind.Trained;
import dev.cadenza.trainer.kind.TrainingKind;
import dev.cadenza.trainer.kind.TrainingRun;
import java.util.ArrayList;
import java.util.List;

/** How an RNN-RBM is trained (CD-k and BPTT, {@link RnnRbmTrainer}) and evaluated ({@link RnnRbmEvaluator}). */
public final class RnnRbmTraining implements TrainingKind {

    @Override
    public String id() {
        return RnnRbmKind.ID;
    }

    @Override
    public String title() {
        return "RNN-RBM";
    }

    @Override
    public List<KindOption> trainingOptions() {
        return List.of(
                new KindOption("--hidden", "N", "150", "RBM hidden units."),
                new KindOption("--recurrent", "N", "100", "RNN units."),
                new KindOption("--window", "N", "1", "Steps per RBM."),
                new KindOption("--cd-steps", "N", "15", "Gibbs steps of CD-k."),
                new KindOption("--length", "STEPS", "100", "Steps per training sub-sequence."),
                new KindOption("--batch", "N", "2",
                        "Sub-sequences per mini-batch, one per core (the tutorial updates after each)."),
                new KindOption("--optimizer", "adam|sgd", "adam", "The optimiser."),
                new KindOption("--pretrain-epochs", "N", "10", "RBM pretraining epochs (none with --init)."),
                new KindOption("--negatives-from", "data|bias", "data", "Where the CD-k chains start: at the data"
                        + " (the paper's CD-k), or where the sampler starts its chains, a draw from each unit's bias"
                        + " given the past, so that training meets the modes generation meets."));
    }

    @Override
    public List<KindOption> evaluationOptions() {
        return List.of(
                new KindOption("--ais-chains", "N", "" + RnnRbmEvaluator.Options.DEFAULT_AIS_CHAINS,
                        "Annealed-importance-sampling chains per frame."),
                new KindOption("--ais-temperatures", "N", "" + RnnRbmEvaluator.Options.DEFAULT_AIS_TEMPERATURES,
                        "AIS inverse temperatures from 0 to 1, forward and reverse; more narrow the log-likelihood's"
                                + " bracket where AIS has not converged."),
                new KindOption("--gibbs-chains", "N", "8",
                        "Gibbs chains per frame for the accuracy, each started from the true frame before."),
                new KindOption("--gibbs-burn-in", "N", "20", "Gibbs sweeps discarded per chain."),
                new KindOption("--gibbs-samples", "N", "20",
                        "Samples per chain after the burn-in, each scored against the true frame."),
                new KindOption("--chains-from", "previous|scored", "previous", "Where the accuracy's Gibbs chains"
                        + " start: the true frame before the scored one (a prediction), or the scored frame itself: a"
                        + " diagnostic of how slowly the chains mix, not a prediction, and never saved."));
    }

    @Override
    public Trained train(TrainingRun run) {
        KindOptions o = run.options();
        RunSettings s = run.settings();
        int window = o.integer("--window");
        int length = o.integer("--length");
        if (window >= 1 && length < window) {
            throw new IllegalArgumentException("invalid --length: " + length + " steps (expected " + window
                    + " or more: at least one --window)");
        }
        RnnRbmTrainingOptions options = RnnRbmTrainingOptions.defaults().withHidden(o.integer("--hidden"))
                .withRecurrent(o.integer("--recurrent")).withWindow(window).withCdSteps(o.integer("--cd-steps"))
                .withLength(length / Math.max(1, window)).withSequences(o.integer("--batch")).withEpochs(s.epochs())
                .withOptimizer(o.text("--optimizer")).withLearningRate(s.learningRate()).withClipNorm(s.clip())
                .withPretrainEpochs(o.integer("--pretrain-epochs")).withPatience(s.patience()).withSeed(s.seed())
                .withArticulation(run.data().articulation())
                .withNegativesFromBias(o.choice("--negatives-from", "data", "bias").equals("bias"))
                .withOwnSamples(s.ownSamples()).withSelectByJudge(s.selectByJudge())
                .withKeyInput(s.keyInput());
        RnnRbmWeights initial = run.init() == null ? null : RnnRbmWeights.fromPreset(run.init());
        TrainingData data = run.data().data(run.data().train().range(), run.listener());
        RnnRbmTrainer trainer = new RnnRbmTrainer(options, run.listener(), s.threads(), s.judging());
        RnnRbmTrainer.Result result = trainer.train(data, run.checkpoints(), run.resume(), initial);
        return new Trained(trainer.preset(run.name(), run.data().describe(title()), data, result, null),
                String.format("best epoch %d of %d, %s %s, %.0f frames/s, %.0f s", result.bestEpoch(),
                        result.epochs(), trainer.figure().label(),
                        trainer.figure().format(result.bestValidation()).trim(), result.framesPerSecond(),
                        result.seconds()));
    }

    @Override
    public KindEvaluation evaluation(Preset preset, EvaluationRun run) {
        RnnRbmWeights weights = RnnRbmWeights.fromPreset(preset);
        KindOptions o = run.options();
        boolean fromScored = o.choice("--chains-from", "previous", "scored").equals("scored");
        if (fromScored && run.saving()) {
            throw new TrainerException("--chains-from scored measures mixing, not prediction: its accuracy is not saved"
                    + " (drop --save)");
        }
        RnnRbmEvaluator.Options options = new RnnRbmEvaluator.Options(run.seed(), o.integer("--ais-chains"),
                o.integer("--ais-temperatures"), o.integer("--gibbs-chains"), o.integer("--gibbs-burn-in"),
                o.integer("--gibbs-samples"), run.maxFrames() == 0 ? Long.MAX_VALUE : run.maxFrames(), fromScored);
        RnnRbmEvaluator evaluator = new RnnRbmEvaluator();
        return new KindEvaluation() {
            @Override
            public Evaluation evaluate(Dataset split) {
                return evaluator.evaluate(preset.name(), weights, split, options);
            }

            @Override
            public FrameTally accuracies(Dataset split) {
                return evaluator.accuracies(weights, split, options);
            }

            @Override
            public String draws(Evaluation e) {
                return String.format("%d Gibbs chains x %d samples after %d burn-in sweeps per frame, each chain"
                        + " started from %s; seed %d", options.gibbsChains(), options.gibbsSamples(),
                        options.gibbsBurnIn(), options.chainsFromScored()
                                ? "THE SCORED FRAME ITSELF (--chains-from scored: a measure of mixing, not a prediction)"
                                : "the true frame before", options.seed());
            }

            @Override
            public List<String> details(Evaluation e) {
                List<String> lines = new ArrayList<>();
                if (weights.config.articulation()) {
                    lines.add("units: each step's sounding and struck units (a note struck again is a struck unit on"
                            + " while it sounds on): the accuracies, the NLL and the notes at once count both, so they"
                            + " do not compare with the 2012 benchmark's figures over sounding notes");
                }
                lines.addAll(ais(e));
                return lines;
            }
        };
    }

    /** The AIS figures behind the NLL: the verdict, the three estimates, the spread, the schedule. */
    private static List<String> ais(Evaluation e) {
        List<String> lines = new ArrayList<>();
        lines.add(convergence(e));
        lines.add(String.format("%-36s %13.2f   errs low: AIS underestimates log Z until its chains settle",
                "  forward AIS", e.nll()));
        lines.add(String.format("%-36s %13.2f   errs high: from the true frames down to the base", "  reverse AIS",
                -e.logLikelihoodReverse()));
        lines.add(String.format("%-36s %13.2f   certain: Z summed exactly over the states the chains visited, the true"
                + " frame and silence", "  certain lower bound", e.nllCertainLowerBound()));
        int runs = Math.min(RnnRbmEvaluator.AIS_RUNS, e.aisChains());
        if (!Double.isNaN(e.logLikelihoodSpread())) {
            lines.add(String.format("%-36s %13.3f   std. dev. between %d independent AIS runs (the figure pools all %d"
                    + " chains)", "  AIS spread", e.logLikelihoodSpread(), runs, e.aisChains()));
        }
        lines.add(String.format("AIS: %d chains x %d temperatures per frame (beta = k/K; base RBM W = 0 with the logits"
                + " of the Gibbs marginals as visible biases)", e.aisChains(), e.aisTemperatures()));
        return lines;
    }

    /**
     * The verdict on the NLL: converged (forward and reverse within {@value Evaluation#CONVERGED_NATS}
     * nats, forward not below the certain bound), or the bracket it is known to lie in.
     */
    public static String convergence(Evaluation e) {
        if (e.converged()) {
            return String.format("AIS converged: forward and reverse agree within %.2f nats, forward not below the"
                    + " certain bound", Evaluation.CONVERGED_NATS);
        }
        return "AIS HAS NOT CONVERGED: the NLL lies " + bracket(e) + "; more --ais-temperatures narrow the gap";
    }

    /** The NLL's bracket in words: its ends, or its low end alone where reverse AIS fell below it. */
    private static String bracket(Evaluation e) {
        if (!Double.isNaN(e.nllHigh())) {
            return String.format("between %.2f and %.2f (width %.2f)", e.nllLow(), e.nllHigh(), e.nllHigh() - e.nllLow());
        }
        return String.format("at or above %.2f (reverse AIS, %.2f, fell below it: too few chains to bound it from"
                + " above)", e.nllLow(), -e.logLikelihoodReverse());
    }
}
