package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialModel;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.kernel.Gemm;
import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.eval.BiaxialEvaluator;
import dev.cadenza.trainer.eval.Evaluation;
import dev.cadenza.trainer.judge.Comparison;
import dev.cadenza.trainer.judge.FreeRunning;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.optim.Adam;
import dev.cadenza.trainer.optim.Optimizer;
import dev.cadenza.trainer.optim.ParameterVector;
import dev.cadenza.trainer.optim.TrainingDiverged;
import dev.cadenza.trainer.data.TrainingData;
import dev.cadenza.trainer.run.Checkpoint;
import dev.cadenza.trainer.run.EpochStats;
import dev.cadenza.trainer.run.TrainingListener;
import dev.cadenza.trainer.run.ValidationFigure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains a biaxial LSTM: mini-batches of random segments of a few bars, teacher forcing along both
 * axes, dropout, back-propagation through both axes ({@link BiaxialNetwork}), Adam with global
 * gradient-norm clipping, the exact validation log-likelihood after every epoch with early
 * stopping, and a checkpoint after every epoch that {@code resume} continues from.
 *
 * <p>Reproducible: every epoch draws its segments and dropout masks from a source seeded by the
 * run's seed and the epoch number, so a resumed run repeats exactly what the uninterrupted one
 * would have done.
 */
public final class BiaxialTrainer {
    static final String KIND = "biaxial-checkpoint";

    /** Parts a mini-batch is cut into, each with its own random source, whatever the thread count. */
    private static final int PARTS = 2;

    private final BiaxialTrainingOptions options;
    private final TrainingListener listener;
    private final int threads;
    /** The controls the free-running excerpts of {@code --select-by judge} are drawn with. */
    private final Sampling judging;

    /** A trainer on up to two threads (as many as there are processors). */
    public BiaxialTrainer(BiaxialTrainingOptions options, TrainingListener listener) {
        this(options, listener, Math.min(PARTS, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * A trainer on {@code threads} threads (1 or 2): each mini-batch is cut into two parts, each
     * with its own split of the epoch's random source, whose gradients are computed side by side
     * and summed; the outcome is the same bits on one thread or two.
     */
    public BiaxialTrainer(BiaxialTrainingOptions options, TrainingListener listener, int threads) {
        this(options, listener, threads, Sampling.PLAIN);
    }

    /** A trainer whose judge ({@link BiaxialTrainingOptions#selectByJudge}) draws with {@code judging}. */
    public BiaxialTrainer(BiaxialTrainingOptions options, TrainingListener listener, int threads, Sampling judging) {
        this.judging = judging;
        if (threads < 1 || threads > PARTS) {
            throw new IllegalArgumentException("invalid thread count: " + threads + " (expected 1.." + PARTS + ")");
        }
        this.options = options;
        this.listener = listener;
        this.threads = threads;
    }

    /**
     * The outcome of a run.
     *
     * @param best weights of the epoch with the best validation log-likelihood
     * @param epochs epochs run (in all, across resumes)
     * @param bestEpoch epoch of {@code best}
     * @param bestValidation its validation figures
     * @param seconds wall time (in all, across resumes)
     * @param framesPerSecond mean training throughput
     * @param history one entry per epoch ({@link EpochStats#validation()} is the log-likelihood per frame)
     */
    public record Result(BiaxialWeights best, int epochs, int bestEpoch, double bestValidation, double seconds,
            double framesPerSecond, List<EpochStats> history) {
    }

    /** The model's sizes for {@code data} under these options. */
    public BiaxialConfig configFor(TrainingData data) {
        return new BiaxialConfig(data.range(), data.stepsPerQuarter(), options.timeSizes(), options.noteSizes(),
                options.articulation(), options.keyInput());
    }

    /** Runs (or, with {@code resume}, continues) training from random weights; {@code checkpoints} may be null. */
    public Result train(TrainingData data, Path checkpoints, boolean resume) {
        return train(data, checkpoints, resume, (BiaxialWeights) null);
    }

    /**
     * Runs (or, with {@code resume}, continues) training from {@code initial} (e.g. a preset's
     * weights, to train it further; null = random weights), whose sizes, range and articulation
     * must be those these options give for {@code data}; {@code checkpoints} may be null.
     */
    public Result train(TrainingData data, Path checkpoints, boolean resume, BiaxialWeights initial) {
        if (initial != null && initial.config.keyInput() && !options.keyInput()) {
            throw new TrainerException("the initial weights have a key input and this run has none (give --key-input)");
        }
        if (initial != null && !initial.config.withKeyInput(false).equals(configFor(data).withKeyInput(false))) {
            throw new TrainerException("the initial weights are a " + initial.config + " model, not the "
                    + configFor(data) + " these options give: use the preset's sizes and pitch range");
        }
        listener.validatingBy(figure());
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "cadenza-biaxial-trainer");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            return train(data, checkpoints, resume, initial, pool);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private Result train(TrainingData data, Path checkpoints, boolean resume, BiaxialWeights initial,
            ExecutorService pool) {
        BiaxialConfig config = configFor(data);
        Segments train = new Segments(config, data.train());
        if (train.frames() == 0) {
            throw new TrainerException("dataset " + data.name() + " has no training frames");
        }
        int steps = options.segmentSteps(data.stepsPerQuarter());
        int batches = options.batchesPerEpoch() > 0 ? options.batchesPerEpoch()
                : (int) Math.max(1, train.frames() / ((long) steps * options.segments()));
        BiaxialNetwork net = new BiaxialNetwork(config);
        BiaxialWeights weights = initial != null ? initial.adoptedBy(config) : BiaxialWeights.initial(config, options.seed());
        ParameterVector params = new ParameterVector(weights.arrays());
        Optimizer optimizer = new Adam(params, options.learningRate());
        List<EpochStats> history = new ArrayList<>();
        int startEpoch = 1;
        double seconds = 0;
        double bestValidation = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        BiaxialWeights best = weights.copy();

        if (resume) {
            Checkpoint c = Checkpoint.load(checkpoints, KIND);
            c.checkOptions(options.asMap(), java.util.Set.of("epochs"), checkpoints);
            c.copyInto("param.", weights.arrays());
            c.copyInto("best.", best.arrays());
            c.restore(optimizer, checkpoints);
            startEpoch = ((Number) c.state().get("epoch")).intValue() + 1;
            seconds = ((Number) c.state().get("seconds")).doubleValue();
            bestValidation = ((Number) c.state().get("bestValidation")).doubleValue();
            bestEpoch = ((Number) c.state().get("bestEpoch")).intValue();
            history.addAll(EpochStats.fromState(c.state()));
            listener.message("resumed from " + checkpoints.resolve(Checkpoint.FILE_NAME) + " after epoch " + (startEpoch - 1));
        }

        int badEpochs = EpochStats.sinceImprovement(history);
        for (int epoch = startEpoch; epoch <= options.epochs() && badEpochs < options.patience(); epoch++) {
            long t0 = System.nanoTime();
            SplittableRandom random = new SplittableRandom(options.seed() * 1_000_003L + epoch);
            listener.phaseStarted("epoch " + epoch + "/" + options.epochs(), batches);
            double costSum = 0;
            long frames = 0;
            for (int b = 0; b < batches; b++) {
                List<Segment> batch = train.random(options.segments(), steps, random);
                BiaxialNetwork.Pass pass = gradient(net, weights, batch, random, pool);
                params.setGradientFloats(pass.gradient().arrays());
                TrainingDiverged.check(pass.cost(), params.clipGradient(options.clipNorm()),
                        "epoch " + epoch + "/" + options.epochs(), b);
                optimizer.update();
                costSum += pass.cost();
                frames += pass.frames();
                listener.batchDone(frames, costSum / frames, frames / ((System.nanoTime() - t0) / 1e9));
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double validation = validate(weights, data);
            double epochSeconds = (System.nanoTime() - t0) / 1e9;
            seconds += epochSeconds;
            boolean improved = validation > bestValidation;
            if (improved) {
                bestValidation = validation;
                bestEpoch = epoch;
                weights.copyInto(best);
                badEpochs = 0;
            } else {
                badEpochs++;
            }
            EpochStats stats = new EpochStats(epoch, costSum / frames, validation, frames / trainSeconds, epochSeconds,
                    improved);
            history.add(stats);
            listener.epochDone(stats);
            if (checkpoints != null) {
                Checkpoint.after(KIND, epoch, weights.tensors(), best.tensors(), optimizer, options.asMap(), seconds,
                        bestValidation, bestEpoch, history).save(checkpoints);
            }
        }
        if (badEpochs >= options.patience()) {
            listener.message("stopped early: no better " + (options.selectByJudge() ? "free-running judge summary"
                    : "validation log-likelihood") + " for " + options.patience() + " epochs");
        }
        double fps = history.stream().mapToDouble(EpochStats::framesPerSecond).average().orElse(0);
        return new Result(best, history.isEmpty() ? 0 : history.get(history.size() - 1).epoch(), bestEpoch,
                bestValidation, seconds, fps, history);
    }

    /** The gradient of a mini-batch, its parts computed side by side on {@code pool} and the caller. */
    private BiaxialNetwork.Pass gradient(BiaxialNetwork net, BiaxialWeights weights, List<Segment> batch,
            SplittableRandom random, ExecutorService pool) {
        int parts = Math.min(PARTS, batch.size());
        List<List<Segment>> pieces = new ArrayList<>();
        List<SplittableRandom> randoms = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            pieces.add(batch.subList(p * batch.size() / parts, (p + 1) * batch.size() / parts));
            randoms.add(random.split());
        }
        List<Future<BiaxialNetwork.Pass>> later = new ArrayList<>();
        BiaxialNetwork.Pass[] passes = new BiaxialNetwork.Pass[parts];
        for (int p = 1; p < parts; p++) {
            int part = p;
            if (pool != null) {
                later.add(pool.submit(() -> part(net, weights, pieces.get(part), randoms.get(part))));
            } else {
                passes[p] = part(net, weights, pieces.get(p), randoms.get(p));
            }
        }
        passes[0] = part(net, weights, pieces.get(0), randoms.get(0));
        for (int p = 1; p < parts && pool != null; p++) {
            try {
                passes[p] = later.get(p - 1).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainerException("training interrupted", e);
            } catch (ExecutionException e) {
                throw new TrainerException("training failed on a helper thread: " + e.getCause(), e.getCause());
            }
        }
        if (parts == 1) {
            return passes[0];
        }
        long frames = 0;
        double cost = 0;
        for (BiaxialNetwork.Pass pass : passes) {
            frames += pass.frames();
            cost += pass.cost();
        }
        BiaxialWeights sum = new BiaxialWeights(weights.config);
        Map<String, float[]> total = sum.arrays();
        for (BiaxialNetwork.Pass pass : passes) {
            // each part's gradient is of its own cost per frame: weigh it by its frames
            float share = frames == 0 ? 0f : (float) pass.frames() / frames;
            pass.gradient().arrays().forEach((k, g) -> {
                float[] t = total.get(k);
                for (int i = 0; i < t.length; i++) {
                    t[i] += share * g[i];
                }
            });
        }
        return new BiaxialNetwork.Pass(cost, frames, sum, null, null);
    }

    /** One part's gradient, the time axis hearing the model's own draws or fewer voices where the options ask. */
    private BiaxialNetwork.Pass part(BiaxialNetwork net, BiaxialWeights weights, List<Segment> segments,
            SplittableRandom random) {
        List<Segment> heard = options.ownSamples() > 0 ? OwnSamples.mix(weights, segments, options.ownSamples(), random)
                : options.droppedVoices() > 0
                        ? DroppedVoices.drop(segments, options.droppedVoices(), options.articulation(), random)
                        : segments;
        return net.run(weights, heard, (float) options.dropout(), random, true);
    }

    /**
     * The figure that chooses the epoch: the validation log-likelihood per frame, or with
     * {@link BiaxialTrainingOptions#selectByJudge} the judge's summary overlap of what the model
     * plays on its own (the training split's when there is no validation split).
     */
    private double validate(BiaxialWeights weights, TrainingData data) {
        List<PianoRoll> valid = data.valid().isEmpty() ? data.train() : data.valid();
        // the log-likelihood is exact and needs no drawn frames: one note-axis draw a frame (the
        // fewest the evaluator takes, for its accuracy, unused here) instead of eight, on every thread
        Evaluation e = new BiaxialEvaluator(threads, 1).evaluate("training", weights, data.name(), "valid", valid,
                options.validationFrames());
        if (!options.selectByJudge()) {
            return e.logLikelihood();
        }
        Comparison judged;
        try (BiaxialModel model = new BiaxialModel(weights)) {
            judged = FreeRunning.judge(model, judging, valid);
        }
        Comparison.FeatureComparison weakest = judged.weakest();
        listener.message(String.format(java.util.Locale.ROOT,
                "free-running, against the validation split: summary overlap %.3f, weakest %s %.2f;"
                        + " validation log-likelihood %.4f", judged.summary(), weakest.feature().label(),
                weakest.overlap(), e.logLikelihood()));
        return judged.summary();
    }

    /** The validation figure this run chooses its epoch by. */
    public ValidationFigure figure() {
        return options.selectByJudge() ? ValidationFigure.JUDGE_SUMMARY : ValidationFigure.LOG_LIKELIHOOD;
    }

    /**
     * The preset of a finished run: the best weights, every option as a hyper-parameter, and the
     * given metrics (e.g. test-split figures) in the provenance.
     */
    public Preset preset(String name, String description, TrainingData data, Result result, Map<String, Double> metrics) {
        Map<String, Double> all = new LinkedHashMap<>();
        all.put(options.selectByJudge() ? "valid.freeRunningSummary" : "valid.logLikelihood", result.bestValidation());
        all.put("train.framesPerSecond", result.framesPerSecond());
        if (metrics != null) {
            all.putAll(metrics);
        }
        Provenance provenance = Provenance.of(data.name(), data.sha256(), "train", result.epochs(), result.seconds(),
                options.seed(), all, "Java, hand-written gradients, " + Gemm.kernels() + ", " + threads + " threads");
        Map<String, Object> hyper = new LinkedHashMap<>(options.asMap());
        hyper.put("bestEpoch", result.bestEpoch());
        return result.best().toPreset(name, description, hyper, provenance);
    }

}
