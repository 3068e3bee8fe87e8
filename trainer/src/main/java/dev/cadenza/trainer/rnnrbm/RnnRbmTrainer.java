package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.optim.Adam;
import dev.cadenza.trainer.optim.Optimizer;
import dev.cadenza.trainer.optim.Sgd;
import dev.cadenza.trainer.run.Checkpoint;
import dev.cadenza.trainer.run.EpochStats;
import dev.cadenza.trainer.run.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains an RNN-RBM: optional RBM pretraining by CD-k, then CD-k with BPTT, mini-batches of
 * sub-sequences, SGD or Adam, gradient clipping, validation accuracy after every epoch with early
 * stopping, and a checkpoint after every epoch that {@code resume} continues from.
 *
 * <p>Reproducible: every epoch reseeds ND4J's random source and the shuffle from the run's seed
 * and the epoch number, so a resumed run repeats exactly what the uninterrupted one would do.
 */
public final class RnnRbmTrainer {
    static final String KIND = "rnnrbm-checkpoint";
    private static final DataType TYPE = DataType.FLOAT;

    private final RnnRbmTrainingOptions options;
    private final TrainingListener listener;

    public RnnRbmTrainer(RnnRbmTrainingOptions options, TrainingListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /**
     * The outcome of a run.
     *
     * @param best weights of the epoch with the best validation accuracy
     * @param epochs epochs run (in all, across resumes)
     * @param bestEpoch epoch of {@code best} (0 = after pretraining only)
     * @param bestValidationAccuracy its validation accuracy
     * @param seconds wall time (in all, across resumes)
     * @param framesPerSecond mean training throughput of the RNN-RBM epochs
     * @param history one entry per epoch
     */
    public record Result(RnnRbmWeights best, int epochs, int bestEpoch, double bestValidationAccuracy,
            double seconds, double framesPerSecond, List<EpochStats> history) {
    }

    /** Runs (or, with {@code resume}, continues) training; {@code checkpoints} may be null. */
    public Result train(TrainingData data, Path checkpoints, boolean resume) {
        RnnRbmConfig config = new RnnRbmConfig(data.range(), data.stepsPerQuarter(), options.window(),
                options.hidden(), options.recurrent());
        SequenceBatches train = new SequenceBatches(config, data.train(), options.length(), options.sequences());
        SequenceBatches valid = new SequenceBatches(config, data.valid(), options.length(), options.sequences());
        if (train.windows() == 0) {
            throw new TrainerException("dataset " + data.name() + " has no training frames (pieces shorter than a window of "
                    + options.window() + " steps?)");
        }
        RnnRbmNetwork net = new RnnRbmNetwork(config, TYPE, options.seed());
        Optimizer optimizer = newOptimizer();
        List<EpochStats> history = new ArrayList<>();
        int startEpoch = 1;
        double seconds = 0;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        RnnRbmWeights best = null;
        boolean pretrained = false;

        if (resume) {
            Checkpoint c = Checkpoint.load(checkpoints, KIND);
            checkCompatible(c.state(), checkpoints);
            net.load(weightsOf(config, c.withPrefix("param.")));
            best = weightsOf(config, c.withPrefix("best."));
            Map<String, INDArray> opt = new LinkedHashMap<>();
            c.withPrefix("opt.").forEach((k, t) -> opt.put(k, Checkpoint.array(t, TYPE)));
            optimizer.restore(opt);
            startEpoch = ((Number) c.state().get("epoch")).intValue() + 1;
            seconds = ((Number) c.state().get("seconds")).doubleValue();
            bestAccuracy = ((Number) c.state().get("bestAccuracy")).doubleValue();
            bestEpoch = ((Number) c.state().get("bestEpoch")).intValue();
            pretrained = true;
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> saved = (List<Map<String, Object>>) c.state().getOrDefault("history", List.of());
            for (Map<String, Object> e : saved) {
                history.add(new EpochStats(((Number) e.get("epoch")).intValue(), ((Number) e.get("cost")).doubleValue(),
                        ((Number) e.get("validation")).doubleValue(), ((Number) e.get("framesPerSecond")).doubleValue(),
                        ((Number) e.get("seconds")).doubleValue(), (Boolean) e.get("improved")));
            }
            listener.message("resumed from " + checkpoints.resolve(Checkpoint.FILE_NAME) + " after epoch " + (startEpoch - 1));
        }

        if (!pretrained) {
            long t0 = System.nanoTime();
            pretrain(net, train);
            bestAccuracy = validationAccuracy(net, valid, 0);
            best = net.toWeights();
            seconds += (System.nanoTime() - t0) / 1e9;
            listener.message(String.format("after pretraining: validation accuracy %.2f %%", 100 * bestAccuracy));
        }

        int badEpochs = countBadEpochs(history);
        for (int epoch = startEpoch; epoch <= options.epochs() && badEpochs < options.patience(); epoch++) {
            long t0 = System.nanoTime();
            Nd4j.getRandom().setSeed(options.seed() * 1_000_003L + epoch);
            List<Batch> batches = train.epoch(options.seed() + epoch, TYPE);
            listener.phaseStarted("epoch " + epoch + "/" + options.epochs(), batches.size());
            double costSum = 0;
            long frames = 0;
            for (Batch batch : batches) {
                RnnRbmNetwork.Gradient g = net.trainingGradient(batch, options.cdSteps());
                Optimizer.clipGlobalNorm(g.byName(), options.clipNorm());
                optimizer.update(net.params(), g.byName());
                costSum += g.cost() * batch.windows();
                frames += (long) batch.windows() * options.window();
                listener.batchDone(frames, costSum / (frames / (double) options.window()),
                        frames / ((System.nanoTime() - t0) / 1e9));
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double accuracy = validationAccuracy(net, valid, epoch);
            double epochSeconds = (System.nanoTime() - t0) / 1e9;
            seconds += epochSeconds;
            boolean improved = accuracy > bestAccuracy;
            if (improved) {
                bestAccuracy = accuracy;
                bestEpoch = epoch;
                best = net.toWeights();
                badEpochs = 0;
            } else {
                badEpochs++;
            }
            EpochStats stats = new EpochStats(epoch, costSum / train.windows(), accuracy, frames / trainSeconds,
                    epochSeconds, improved);
            history.add(stats);
            listener.epochDone(stats);
            if (checkpoints != null) {
                saveCheckpoint(checkpoints, net, best, optimizer, epoch, seconds, bestAccuracy, bestEpoch, history);
            }
        }
        if (badEpochs >= options.patience()) {
            listener.message("stopped early: no better validation accuracy for " + options.patience() + " epochs");
        }
        double fps = history.stream().mapToDouble(EpochStats::framesPerSecond).average().orElse(0);
        return new Result(best, history.isEmpty() ? 0 : history.get(history.size() - 1).epoch(), bestEpoch,
                bestAccuracy, seconds, fps, history);
    }

    private void pretrain(RnnRbmNetwork net, SequenceBatches train) {
        if (options.pretrainEpochs() == 0) {
            return;
        }
        Map<String, INDArray> rbm = new LinkedHashMap<>();
        for (String name : List.of("W", "bv", "bh")) {
            rbm.put(name, net.params().get(name));
        }
        Optimizer optimizer = newOptimizer();
        for (int epoch = 1; epoch <= options.pretrainEpochs(); epoch++) {
            Nd4j.getRandom().setSeed(options.seed() * 7_919L - epoch);
            List<Batch> batches = train.epoch(options.seed() - epoch, TYPE);
            listener.phaseStarted("pretraining RBM " + epoch + "/" + options.pretrainEpochs(), batches.size());
            long t0 = System.nanoTime();
            long frames = 0;
            double costSum = 0;
            for (Batch batch : batches) {
                RnnRbmNetwork.Gradient g = net.pretrainingGradient(batch.visible(), batch.mask(), batch.windows(),
                        options.cdSteps());
                Optimizer.clipGlobalNorm(g.byName(), options.clipNorm());
                optimizer.update(rbm, g.byName());
                frames += (long) batch.windows() * options.window();
                costSum += g.cost() * batch.windows();
                listener.batchDone(frames, costSum / (frames / (double) options.window()),
                        frames / ((System.nanoTime() - t0) / 1e9));
            }
        }
    }

    /**
     * Expected frame-level accuracy on the validation split, each window predicted from the true
     * windows before it (marginals estimated by {@link RnnRbmNetwork#predictedMarginals}).
     */
    double validationAccuracy(RnnRbmNetwork net, SequenceBatches valid, int epoch) {
        Nd4j.getRandom().setSeed(options.seed() + 31L * epoch + 17);
        double tp = 0;
        double fpfn = 0;
        for (Batch batch : valid.epoch(-1, TYPE)) {
            RnnRbmNetwork.Forward f = net.forward(batch);
            int steps = options.validationGibbs();
            INDArray p = net.predictedMarginals(f, steps, Math.max(1, steps / 2)).muliColumnVector(batch.mask());
            INDArray y = batch.visible();
            tp += p.mul(y).sumNumber().doubleValue();
            // E[FP] + E[FN] = sum p (1 - y) + sum (1 - p) y = sum p + sum y - 2 sum p y
            fpfn += p.sumNumber().doubleValue() + y.sumNumber().doubleValue() - 2 * p.mul(y).sumNumber().doubleValue();
        }
        return tp + fpfn == 0 ? 0 : tp / (tp + fpfn);
    }

    private Optimizer newOptimizer() {
        return options.optimizer().equals("sgd") ? new Sgd(options.learningRate()) : new Adam(options.learningRate());
    }

    private int countBadEpochs(List<EpochStats> history) {
        int bad = 0;
        for (EpochStats s : history) {
            bad = s.improved() ? 0 : bad + 1;
        }
        return bad;
    }

    private void saveCheckpoint(Path dir, RnnRbmNetwork net, RnnRbmWeights best, Optimizer optimizer, int epoch,
            double seconds, double bestAccuracy, int bestEpoch, List<EpochStats> history) {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        net.params().forEach((k, v) -> arrays.put("param." + k, Checkpoint.tensor(v)));
        best.tensors().forEach((k, v) -> arrays.put("best." + k, v));
        optimizer.state().forEach((k, v) -> arrays.put("opt." + k, Checkpoint.tensor(v)));
        Map<String, Object> state = new LinkedHashMap<>(options.asMap());
        state.put("epoch", epoch);
        state.put("seconds", seconds);
        state.put("bestAccuracy", bestAccuracy);
        state.put("bestEpoch", bestEpoch);
        List<Map<String, Object>> h = new ArrayList<>();
        for (EpochStats s : history) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", s.epoch());
            e.put("cost", s.cost());
            e.put("validation", s.validation());
            e.put("framesPerSecond", s.framesPerSecond());
            e.put("seconds", s.seconds());
            e.put("improved", s.improved());
            h.add(e);
        }
        state.put("history", h);
        new Checkpoint(KIND, arrays, state).save(dir);
    }

    private void checkCompatible(Map<String, Object> saved, Path dir) {
        for (Map.Entry<String, Object> e : options.asMap().entrySet()) {
            if (e.getKey().equals("epochs")) {
                continue;
            }
            Object was = saved.get(e.getKey());
            if (was == null || !String.valueOf(was).equals(String.valueOf(e.getValue()))) {
                throw new TrainerException("checkpoint in " + dir + " was made with " + e.getKey() + " = " + was
                        + ", this run has " + e.getValue() + ": resume with the same options (only --epochs may change)");
            }
        }
    }

    private static RnnRbmWeights weightsOf(RnnRbmConfig config, Map<String, Tensor> tensors) {
        RnnRbmWeights w = new RnnRbmWeights(config);
        for (Map.Entry<String, float[]> e : w.arrays().entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null || t.data().length != e.getValue().length) {
                throw new TrainerException("checkpoint lacks array " + e.getKey() + " of the right size: start a new run");
            }
            System.arraycopy(t.data(), 0, e.getValue(), 0, e.getValue().length);
        }
        return w;
    }
}
