package dev.cadenza.trainer.biaxial;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a biaxial training run; all of them go into the preset's hyper-parameters.
 *
 * @param timeSizes time-axis LSTM layers (Johnson: 300, 300)
 * @param noteSizes note-axis LSTM layers (Johnson: 100, 50)
 * @param articulation train the articulate output (MIDI-file datasets); the piano-roll benchmarks
 *     have none
 * @param segmentBars length of a training segment in 4/4 bars (steps = bars x 4 x steps per quarter;
 *     Johnson: 8 bars of 16ths = 128 steps)
 * @param segments segments per mini-batch (Johnson: 5)
 * @param batchesPerEpoch mini-batches per epoch; 0 = as many as make one pass over the training frames
 * @param epochs most epochs to run
 * @param learningRate Adam's step size
 * @param clipNorm global gradient-norm clip, 0 = none
 * @param dropout dropout rate on every LSTM layer's output during training (Johnson: 0.5)
 * @param patience stop after this many epochs without a better validation log-likelihood
 * @param validationFrames most validation frames scored after each epoch (0 = all)
 * @param seed makes the run reproducible
 * @param ownSamples share of the steps (0..1) before which the time axis hears the model's own draw
 *     instead of the true frame ({@link OwnSamples}); 0 = teacher forcing only
 * @param droppedVoices share of the notes (0..1) left out, each from its onset to its release, of
 *     the frames the time axis hears ({@link DroppedVoices}); 0 = none
 * @param selectByJudge choose the best epoch, and stop early, by what the model plays on its own
 *     (the judge's summary overlap against the validation split, {@link dev.cadenza.trainer.judge.FreeRunning})
 *     instead of the validation log-likelihood
 * @param keyInput whether the model hears how far each piece was moved from where it was written
 *     ({@link dev.cadenza.engine.biaxial.BiaxialConfig#keyInput()})
 */
public record BiaxialTrainingOptions(List<Integer> timeSizes, List<Integer> noteSizes, boolean articulation,
        int segmentBars, int segments, int batchesPerEpoch, int epochs, double learningRate, double clipNorm,
        double dropout, int patience, long validationFrames, long seed, double ownSamples, double droppedVoices,
        boolean selectByJudge, boolean keyInput) {

    public BiaxialTrainingOptions {
        timeSizes = List.copyOf(timeSizes);
        noteSizes = List.copyOf(noteSizes);
        positive("segment bars", segmentBars);
        positive("segments", segments);
        positive("epochs", epochs);
        positive("patience", patience);
        if (batchesPerEpoch < 0) {
            throw new IllegalArgumentException("invalid batches per epoch: " + batchesPerEpoch + " (expected 0 or more)");
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("invalid learning rate: " + learningRate + " (expected a number > 0)");
        }
        if (!(clipNorm >= 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("invalid clip norm: " + clipNorm + " (expected a number, 0 or more)");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("invalid dropout: " + dropout + " (expected 0 <= dropout < 1)");
        }
        if (!(ownSamples >= 0 && ownSamples <= 1)) {
            throw new IllegalArgumentException("invalid share of own samples: " + ownSamples + " (expected 0..1)");
        }
        if (!(droppedVoices >= 0 && droppedVoices < 1)) {
            throw new IllegalArgumentException("invalid share of dropped voices: " + droppedVoices
                    + " (expected 0 <= share < 1)");
        }
        if (ownSamples > 0 && droppedVoices > 0) {
            throw new IllegalArgumentException("own samples and dropped voices are two ways of hearing the past:"
                    + " choose one");
        }
        if (validationFrames < 0) {
            throw new IllegalArgumentException("invalid validation frames: " + validationFrames + " (expected 0 or more)");
        }
    }

    /** Johnson's sizes and settings, Adam at 0.001, without articulation (the piano-roll benchmarks). */
    public static BiaxialTrainingOptions defaults() {
        return new BiaxialTrainingOptions(List.of(300, 300), List.of(100, 50), false, 8, 5, 0, 100, 1e-3, 5.0, 0.5,
                10, 0, 1234, 0, 0, false, false);
    }

    public BiaxialTrainingOptions withSizes(List<Integer> time, List<Integer> note) {
        return new BiaxialTrainingOptions(time, note, articulation, segmentBars, segments, batchesPerEpoch, epochs,
                learningRate, clipNorm, dropout, patience, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    public BiaxialTrainingOptions withSegments(int segmentsPerBatch, int bars) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, bars, segmentsPerBatch, batchesPerEpoch,
                epochs, learningRate, clipNorm, dropout, patience, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options with what the time axis hears in training, and what chooses the epoch. */
    public BiaxialTrainingOptions withHearing(double ownShare, double droppedShare, boolean judgeSelects) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch,
                epochs, learningRate, clipNorm, dropout, patience, validationFrames, seed, ownShare, droppedShare,
                judgeSelects, keyInput);
    }

    /** These options with a key input ({@code value}) or without. */
    public BiaxialTrainingOptions withKeyInput(boolean value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch,
                epochs, learningRate, clipNorm, dropout, patience, validationFrames, seed, ownSamples, droppedVoices,
                selectByJudge, value);
    }

    /** These options with the articulate output ({@code value}) or without. */
    public BiaxialTrainingOptions withArticulation(boolean value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, value, segmentBars, segments, batchesPerEpoch, epochs, learningRate, clipNorm, dropout, patience, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options with {@code value} mini-batches an epoch (0 = one pass over the frames). */
    public BiaxialTrainingOptions withBatchesPerEpoch(int value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, value, epochs, learningRate, clipNorm, dropout, patience, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options with at most {@code value} epochs. */
    public BiaxialTrainingOptions withEpochs(int value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch, value, learningRate, clipNorm, dropout, patience, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options with Adam's step size {@code value}. */
    public BiaxialTrainingOptions withLearningRate(double value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch, epochs, value, clipNorm, dropout, patience, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options with the gradient-norm clip {@code value} (0 = none). */
    public BiaxialTrainingOptions withClipNorm(double value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch, epochs, learningRate, value, dropout, patience, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options with the dropout rate {@code value}. */
    public BiaxialTrainingOptions withDropout(double value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch, epochs, learningRate, clipNorm, value, patience, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options stopping after {@code value} epochs without a better validation figure. */
    public BiaxialTrainingOptions withPatience(int value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch, epochs, learningRate, clipNorm, dropout, value, validationFrames, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options scoring at most {@code value} validation frames (0 = all). */
    public BiaxialTrainingOptions withValidationFrames(long value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch, epochs, learningRate, clipNorm, dropout, patience, value, seed, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** These options with the seed {@code value}. */
    public BiaxialTrainingOptions withSeed(long value) {
        return new BiaxialTrainingOptions(timeSizes, noteSizes, articulation, segmentBars, segments, batchesPerEpoch, epochs, learningRate, clipNorm, dropout, patience, validationFrames, value, ownSamples, droppedVoices, selectByJudge, keyInput);
    }

    /** Steps per training segment at a grid of {@code stepsPerQuarter}. */
    public int segmentSteps(int stepsPerQuarter) {
        return segmentBars * 4 * stepsPerQuarter;
    }

    /** As preset hyper-parameters (the model's sizes are written by the weights themselves). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeSizes", timeSizes);
        m.put("noteSizes", noteSizes);
        m.put("articulation", articulation);
        m.put("segmentBars", segmentBars);
        m.put("segments", segments);
        m.put("batchesPerEpoch", batchesPerEpoch);
        m.put("epochs", epochs);
        m.put("optimizer", "adam");
        m.put("learningRate", learningRate);
        m.put("clipNorm", clipNorm);
        m.put("dropout", dropout);
        m.put("patience", patience);
        m.put("validationFrames", validationFrames);
        m.put("seed", seed);
        m.put("ownSamples", ownSamples);
        m.put("droppedVoices", droppedVoices);
        m.put("selectBy", selectByJudge ? "judge" : "logLikelihood");
        if (keyInput) {
            m.put(dev.cadenza.engine.model.Models.KEY_INPUT_KEY, true); // the key the model's sizes write too
        }
        return m;
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("invalid " + what + ": " + value + " (expected 1 or more)");
        }
    }
}
