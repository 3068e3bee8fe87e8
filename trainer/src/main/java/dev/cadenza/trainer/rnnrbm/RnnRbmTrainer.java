package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmModel;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.TrainingData;
import dev.cadenza.trainer.judge.Comparison;
import dev.cadenza.trainer.judge.FreeRunning;
import dev.cadenza.trainer.optim.Adam;
import dev.cadenza.trainer.optim.Optimizer;
import dev.cadenza.trainer.optim.ParameterVector;
import dev.cadenza.trainer.optim.Sgd;
import dev.cadenza.trainer.optim.TrainingDiverged;
import dev.cadenza.trainer.rnnrbm.Windows.Sequence;
import dev.cadenza.trainer.run.Checkpoint;
import dev.cadenza.trainer.run.EpochStats;
import dev.cadenza.trainer.run.TrainingListener;
import dev.cadenza.trainer.run.ValidationFigure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains an RNN-RBM: optional RBM pretraining by CD-k, then CD-k with BPTT on mini-batches of
 * sub-sequences, SGD or Adam with global-norm gradient clipping, the validation figure ({@link #figure}) after
 * every epoch with early stopping, and a checkpoint after every epoch that {@code resume} continues.
 *
 * <p>The per-sub-sequence math runs in {@link RnnRbmKernel}s, one per worker thread; the
 * optimiser updates them all as one {@link ParameterVector}. Reproducible: every sub-sequence draws from its own
 * random stream, seeded by the run's seed, the epoch, the batch and its place in the batch, and the
 * workers' gradients are summed in a fixed order; so the result does not depend on thread timing,
 * and a resumed run repeats exactly what the uninterrupted run would have done.
 */
public final class RnnRbmTrainer {
    static final String KIND = "rnnrbm-checkpoint";
    /** Options a resumed run may change: run longer, or continue with a smaller step. */
    private static final java.util.Set<String> RESUMABLE_CHANGES = java.util.Set.of("epochs", "learningRate", "patience");

    private final RnnRbmTrainingOptions options;
    private final TrainingListener listener;
    private final int threads;
    /** The controls the free-running excerpts of {@code --select-by judge} are drawn with. */
    private final Sampling judging;

    public RnnRbmTrainer(RnnRbmTrainingOptions options, TrainingListener listener) {
        this(options, listener, Runtime.getRuntime().availableProcessors());
    }

    public RnnRbmTrainer(RnnRbmTrainingOptions options, TrainingListener listener, int threads) {
        this(options, listener, threads, Sampling.PLAIN);
    }

    /** A trainer whose judge ({@link RnnRbmTrainingOptions#selectByJudge}) draws with {@code judging}. */
    public RnnRbmTrainer(RnnRbmTrainingOptions options, TrainingListener listener, int threads, Sampling judging) {
        this.judging = judging;
        if (threads < 1) {
            throw new IllegalArgumentException("invalid thread count: " + threads + " (expected 1 or more)");
        }
        this.options = options;
        this.listener = listener;
        this.threads = threads;
    }

    /**
     * The outcome of a run.
     *
     * @param best weights of the epoch with the best validation figure ({@link #figure})
     * @param epochs epochs run (in all, across resumes)
     * @param bestEpoch epoch of {@code best} (0 = after pretraining only)
     * @param bestValidation its validation figure: the accuracy, or the judge's summary
     * @param seconds wall time (in all, across resumes)
     * @param framesPerSecond mean training throughput of the RNN-RBM epochs
     * @param history one entry per epoch
     */
    public record Result(RnnRbmWeights best, int epochs, int bestEpoch, double bestValidation,
            double seconds, double framesPerSecond, List<EpochStats> history) {
    }

    /**
     * The preset of a finished run: the best weights, every option and the best epoch as
     * hyper-parameters, the best validation figure, training speed and the given metrics (e.g.
     * test-split figures) in the provenance.
     */
    public Preset preset(String name, String description, TrainingData data, Result result, Map<String, Double> metrics) {
        Map<String, Double> all = new LinkedHashMap<>();
        all.put(options.selectByJudge() ? "valid.freeRunningSummary" : "validAccuracy", result.bestValidation());
        all.put("trainFramesPerSecond", result.framesPerSecond());
        if (metrics != null) {
            all.putAll(metrics);
        }
        Provenance provenance = Provenance.of(data.name(), data.sha256(), "train (validation: valid)", result.epochs(),
                result.seconds(), options.seed(), all, "plain-Java CD-k + BPTT kernel, " + threads + " threads");
        Map<String, Object> hyper = new LinkedHashMap<>(options.asMap());
        hyper.put("bestEpoch", result.bestEpoch());
        return result.best().toPreset(name, description, hyper, provenance);
    }

    /** Initial weights as in the deeplearning.net tutorial: W ~ N(0, 0.01), recurrent weights ~ N(0, 1e-4), biases 0. */
    public static RnnRbmWeights initialWeights(RnnRbmConfig config, long seed) {
        RnnRbmWeights w = new RnnRbmWeights(config);
        Random random = new Random(seed);
        for (Map.Entry<String, float[]> e : w.arrays().entrySet()) {
            double sd = switch (e.getKey()) {
                case "W" -> 0.01;
                case "Wuv", "Wuh", "Wvu", "Wuu" -> 1e-4;
                default -> 0;
            };
            float[] a = e.getValue();
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (random.nextGaussian() * sd);
            }
        }
        return w;
    }

    /** Runs (or, with {@code resume}, continues) training; {@code checkpoints} may be null. */
    public Result train(TrainingData data, Path checkpoints, boolean resume) {
        return train(data, checkpoints, resume, null);
    }

    /**
     * As {@link #train(TrainingData, Path, boolean)}, a new run starting from {@code initial}
     * (e.g. a preset's weights, to train it further or on other music) instead of random weights,
     * with no RBM pretraining; {@code initial} may be null, and is ignored when resuming.
     *
     * @throws TrainerException if {@code initial}'s sizes, pitch range or grid differ from the run's
     */
    public Result train(TrainingData data, Path checkpoints, boolean resume, RnnRbmWeights initial) {
        RnnRbmConfig config = new RnnRbmConfig(data.range(), data.stepsPerQuarter(), options.window(),
                options.hidden(), options.recurrent(), options.articulation(), options.keyInput());
        if (initial != null && !resume && initial.config.keyInput() && !config.keyInput()) {
            throw new TrainerException("the starting weights have a key input and this run has none (give --key-input"
                    + " yes and --keys c)");
        }
        if (initial != null && !resume && !initial.config.withKeyInput(false).equals(config.withKeyInput(false))) {
            throw new TrainerException("the starting weights do not fit this run: they have " + describe(initial.config)
                    + ", the run has " + describe(config) + " (give the same --hidden, --recurrent and --window, and data"
                    + " with the same pitch range and grid)");
        }
        listener.validatingBy(figure());
        List<Sequence> trainChunks = Windows.chunks(Windows.pieces(config, data.train()), options.length());
        List<Sequence> validPieces = Windows.pieces(config, data.valid());
        long trainWindows = Windows.count(trainChunks);
        if (trainWindows == 0) {
            throw new TrainerException("dataset " + data.name() + " has no training frames (pieces shorter than a window of "
                    + options.window() + " steps?)");
        }
        int maxLength = options.length();
        for (Sequence piece : validPieces) {
            maxLength = Math.max(maxLength, piece.length());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rnnrbm-trainer");
            t.setDaemon(true);
            return t;
        });
        try {
            Workers workers = new Workers(config, maxLength, pool);
            List<PianoRoll> validRolls = data.valid().isEmpty() ? data.train() : data.valid();
            return run(config, data, trainChunks, trainWindows, validPieces, validRolls, workers, checkpoints, resume,
                    initial);
        } finally {
            pool.shutdownNow();
        }
    }

    private Result run(RnnRbmConfig config, TrainingData data, List<Sequence> trainChunks, long trainWindows,
            List<Sequence> validPieces, List<PianoRoll> validRolls, Workers workers, Path checkpoints, boolean resume,
            RnnRbmWeights initial) {
        RnnRbmWeights weights = initial != null ? initial.adoptedBy(config) : initialWeights(config, options.seed());
        ParameterVector params = new ParameterVector(weights.arrays());
        Optimizer optimizer = newOptimizer(params);
        List<EpochStats> history = new ArrayList<>();
        int startEpoch = 1;
        double seconds = 0;
        double bestFigure;
        int bestEpoch = 0;
        RnnRbmWeights best;

        if (resume) {
            Checkpoint c = Checkpoint.load(checkpoints, KIND);
            c.checkOptions(options.asMap(), RESUMABLE_CHANGES, checkpoints);
            c.copyInto("param.", weights.arrays());
            best = new RnnRbmWeights(config);
            c.copyInto("best.", best.arrays());
            c.restore(optimizer, checkpoints);
            startEpoch = number(c, "epoch").intValue() + 1;
            seconds = number(c, "seconds").doubleValue();
            bestFigure = number(c, "bestValidation").doubleValue();
            bestEpoch = number(c, "bestEpoch").intValue();
            history.addAll(EpochStats.fromState(c.state()));
            listener.message("resumed from " + checkpoints.resolve(Checkpoint.FILE_NAME) + " after epoch " + (startEpoch - 1));
        } else {
            long t0 = System.nanoTime();
            if (options.pretrainEpochs() > 0 && initial == null) {
                Map<String, float[]> rbm = new LinkedHashMap<>();
                for (String name : List.of("W", "bv", "bh")) {
                    rbm.put(name, weights.arrays().get(name));
                }
                ParameterVector rbmParams = new ParameterVector(rbm);
                Optimizer pretrainOptimizer = newOptimizer(rbmParams);
                for (int epoch = 1; epoch <= options.pretrainEpochs(); epoch++) {
                    runEpoch("pretraining RBM " + epoch + "/" + options.pretrainEpochs(), -epoch, trainChunks,
                            trainWindows, weights, rbmParams, pretrainOptimizer, workers, true);
                }
            }
            bestFigure = validate(weights, validPieces, validRolls, workers, 0);
            best = weights.copy();
            seconds += (System.nanoTime() - t0) / 1e9;
            listener.message("before RNN-RBM training: " + figure().label() + " " + figure().format(bestFigure).trim());
        }

        int badEpochs = EpochStats.sinceImprovement(history);
        for (int epoch = startEpoch; epoch <= options.epochs() && badEpochs < options.patience(); epoch++) {
            long t0 = System.nanoTime();
            double cost = runEpoch("epoch " + epoch + "/" + options.epochs(), epoch, trainChunks, trainWindows, weights,
                    params, optimizer, workers, false);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double figure = validate(weights, validPieces, validRolls, workers, epoch);
            double epochSeconds = (System.nanoTime() - t0) / 1e9;
            seconds += epochSeconds;
            boolean improved = figure > bestFigure;
            if (improved) {
                bestFigure = figure;
                bestEpoch = epoch;
                best = weights.copy();
                badEpochs = 0;
            } else {
                badEpochs++;
            }
            EpochStats stats = new EpochStats(epoch, cost, figure,
                    trainWindows * options.window() / trainSeconds, epochSeconds, improved);
            history.add(stats);
            listener.epochDone(stats);
            if (checkpoints != null) {
                Checkpoint.after(KIND, epoch, weights.tensors(), best.tensors(), optimizer, options.asMap(), seconds, bestFigure,
                        bestEpoch, history).save(checkpoints);
            }
        }
        if (badEpochs >= options.patience()) {
            listener.message("stopped early: no better " + figure().label() + " for " + options.patience() + " epochs");
        }
        double fps = history.stream().mapToDouble(EpochStats::framesPerSecond).average().orElse(0);
        int epochs = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        return new Result(best, epochs, bestEpoch, bestFigure, seconds, fps, history);
    }

    /** One pass over the training sub-sequences; returns the mean cost per window. */
    private double runEpoch(String phase, int epoch, List<Sequence> chunks, long windows, RnnRbmWeights weights,
            ParameterVector params, Optimizer optimizer, Workers workers, boolean rbmOnly) {
        long seed = options.seed() * 1_000_003L + epoch;
        List<List<Sequence>> batches = Windows.batches(chunks, options.sequences(), seed);
        listener.phaseStarted(phase, batches.size());
        long t0 = System.nanoTime();
        double costSum = 0;
        long done = 0;
        for (int b = 0; b < batches.size(); b++) {
            List<Sequence> batch = batches.get(b);
            long batchWindows = Windows.count(batch);
            RnnRbmGradient g = workers.gradient(weights, batch, options.cdSteps(), 1.0 / batchWindows,
                    seed * 65_537L + b, rbmOnly);
            params.setGradient(g.arrays());
            TrainingDiverged.check(workers.cost, params.clipGradient(options.clipNorm()), phase, b);
            optimizer.update();
            costSum += workers.cost * batchWindows;
            done += batchWindows;
            listener.batchDone(done * options.window(), costSum / done, done * options.window() / ((System.nanoTime() - t0) / 1e9));
        }
        return costSum / windows;
    }

    /** The validation figure this run chooses its epoch by. */
    public ValidationFigure figure() {
        return options.selectByJudge() ? ValidationFigure.JUDGE_SUMMARY : ValidationFigure.ACCURACY;
    }

    /**
     * The figure that chooses the epoch: the validation accuracy, or with {@link
     * RnnRbmTrainingOptions#selectByJudge} the judge's summary overlap of what the model plays on its
     * own ({@link FreeRunning}), with the accuracy beside it.
     */
    private double validate(RnnRbmWeights weights, List<Sequence> pieces, List<PianoRoll> rolls, Workers workers,
            int epoch) {
        double accuracy = validationAccuracy(weights, pieces, workers, epoch);
        if (!options.selectByJudge()) {
            return accuracy;
        }
        Comparison judged = FreeRunning.judge(new RnnRbmModel(weights), judging, rolls);
        Comparison.FeatureComparison weakest = judged.weakest();
        listener.message(String.format(java.util.Locale.ROOT,
                "free-running, against the validation split: summary overlap %.3f, weakest %s %.2f;"
                        + " validation accuracy %.2f %%", judged.summary(), weakest.feature().label(),
                weakest.overlap(), 100 * accuracy));
        return judged.summary();
    }

    /**
     * Expected frame-level accuracy on the validation pieces, each window predicted from the true
     * windows before it ({@link RnnRbmKernel#predict}).
     */
    private double validationAccuracy(RnnRbmWeights weights, List<Sequence> pieces, Workers workers, int epoch) {
        if (pieces.isEmpty()) {
            return 0;
        }
        int steps = options.validationGibbs();
        double[] counts = workers.predict(weights, pieces, steps, Math.max(1, steps / 2),
                options.seed() * 31L + epoch * 17L + 5);
        return counts[1] == 0 ? 0 : counts[0] / counts[1];
    }

    /** One kernel and gradient per worker thread; sub-sequence i of a batch goes to worker i mod n. */
    private final class Workers {
        private final ExecutorService pool;
        private final RnnRbmKernel[] kernels;
        private final RnnRbmGradient[] gradients;
        private final double[] costs;
        private final double[][] counts;
        private double cost;

        Workers(RnnRbmConfig config, int maxLength, ExecutorService pool) {
            this.pool = pool;
            kernels = new RnnRbmKernel[threads];
            gradients = new RnnRbmGradient[threads];
            costs = new double[threads];
            counts = new double[threads][2];
            for (int i = 0; i < threads; i++) {
                kernels[i] = new RnnRbmKernel(config, maxLength);
                kernels[i].negativesFromBias(options.negativesFromBias());
                kernels[i].ownSamples(options.ownSamples());
                gradients[i] = new RnnRbmGradient(config);
            }
        }

        RnnRbmGradient gradient(RnnRbmWeights weights, List<Sequence> batch, int k, double scale, long seed,
                boolean rbmOnly) {
            runAll(i -> {
                RnnRbmKernel kernel = kernels[i];
                kernel.prepare(weights);
                gradients[i].clear();
                costs[i] = 0;
                for (int s = i; s < batch.size(); s += threads) {
                    SplittableRandom random = new SplittableRandom(seed * 1_315_423_911L + s);
                    Sequence sequence = batch.get(s);
                    kernel.key(sequence.key());
                    costs[i] += kernel.accumulate(weights, sequence.windows(), k, scale, random, gradients[i], null,
                            rbmOnly);
                }
            });
            cost = 0;
            for (int i = 0; i < threads; i++) {
                cost += costs[i];
                if (i > 0) {
                    gradients[0].add(gradients[i]);
                }
            }
            return gradients[0];
        }

        double[] predict(RnnRbmWeights weights, List<Sequence> pieces, int steps, int average, long seed) {
            runAll(i -> {
                kernels[i].prepare(weights);
                java.util.Arrays.fill(counts[i], 0);
                for (int s = i; s < pieces.size(); s += threads) {
                    Sequence piece = pieces.get(s);
                    kernels[i].key(piece.key());
                    kernels[i].predict(weights, piece.windows(), steps, average,
                            new SplittableRandom(seed * 7_919L + s), counts[i]);
                }
            });
            double[] total = new double[2];
            for (double[] c : counts) {
                for (int j = 0; j < 2; j++) {
                    total[j] += c[j];
                }
            }
            return total;
        }

        private void runAll(java.util.function.IntConsumer work) {
            List<Future<?>> futures = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                int worker = i;
                futures.add(pool.submit(() -> work.accept(worker)));
            }
            try {
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainerException("training was interrupted", e);
            } catch (ExecutionException e) {
                throw new TrainerException("a training worker failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private Optimizer newOptimizer(ParameterVector params) {
        return options.optimizer().equals("sgd") ? new Sgd(params, options.learningRate())
                : new Adam(params, options.learningRate());
    }

    private static String describe(RnnRbmConfig c) {
        return c.hidden() + " hidden and " + c.recurrent() + " recurrent units, windows of " + c.window()
                + ", pitches " + c.range() + ", " + c.stepsPerQuarter() + " steps per quarter note";
    }

    private static Number number(Checkpoint c, String key) {
        Object value = c.state().get(key);
        if (!(value instanceof Number n)) {
            throw new TrainerException("checkpoint lacks '" + key + "': start a new run without --resume");
        }
        return n;
    }

}
