package dev.cadenza.trainer.rnnrbm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of an RNN-RBM training run; all of them go into the preset's hyper-parameters.
 *
 * @param hidden RBM hidden units (tutorial: 150)
 * @param recurrent RNN units (tutorial: 100)
 * @param window steps per RBM (1 = the paper; seed 000 uses several)
 * @param cdSteps Gibbs steps of CD-k (tutorial: 15)
 * @param length windows per training sub-sequence (tutorial: 100)
 * @param sequences sub-sequences per mini-batch
 * @param epochs most epochs to run
 * @param optimizer "adam" or "sgd"
 * @param learningRate step size (tutorial SGD: 0.001)
 * @param clipNorm global gradient-norm clip, 0 = none
 * @param pretrainEpochs CD-k epochs on the RBM alone before the RNN-RBM (0 = none)
 * @param patience stop after this many epochs without a better validation accuracy
 * @param validationGibbs Gibbs steps per frame when estimating validation accuracy
 * @param seed makes the run reproducible
 * @param articulation whether the model learns struck units beside sounding ones (MIDI files)
 * @param negativesFromBias start the CD-k chains where the sampler starts its chains (a draw from
 *     each unit's RNN-given bias) instead of at the data
 * @param ownSamples share (0..1) of the windows after which the RNN hears the model's own draw (the
 *     window's CD-k negative) instead of the data, the frames to learn staying the data's
 *     (scheduled sampling); 0 = teacher forcing
 * @param selectByJudge choose the epoch to keep, and stop early, by the judge's summary overlap of
 *     what the model plays on its own against the validation split, instead of the validation
 *     accuracy
 * @param keyInput whether the model hears the key each piece came from before it was moved to C
 *     ({@link dev.cadenza.engine.rnnrbm.RnnRbmConfig#keyInput()})
 */
public record RnnRbmTrainingOptions(
        int hidden, int recurrent, int window, int cdSteps, int length, int sequences, int epochs,
        String optimizer, double learningRate, double clipNorm, int pretrainEpochs, int patience,
        int validationGibbs, long seed, boolean articulation, boolean negativesFromBias, double ownSamples,
        boolean selectByJudge, boolean keyInput) {

    public RnnRbmTrainingOptions {
        positive("hidden", hidden);
        positive("recurrent", recurrent);
        positive("window", window);
        positive("cd-steps", cdSteps);
        positive("length", length);
        positive("sequences", sequences);
        positive("epochs", epochs);
        positive("patience", patience);
        positive("validation-gibbs", validationGibbs);
        if (!(ownSamples >= 0 && ownSamples <= 1)) {
            throw new IllegalArgumentException("invalid own-samples share: " + ownSamples + " (expected 0..1)");
        }
        if (pretrainEpochs < 0) {
            throw new IllegalArgumentException("invalid pretrain epochs: " + pretrainEpochs + " (expected 0 or more)");
        }
        if (!optimizer.equals("adam") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("invalid optimizer: " + optimizer + " (expected adam or sgd)");
        }
        if (!(learningRate > 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException("invalid learning rate: " + learningRate + " (expected a number > 0)");
        }
        if (!(clipNorm >= 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("invalid clip norm: " + clipNorm + " (expected a number, 0 or more)");
        }
    }

    /** The tutorial's sizes with Adam: 150 hidden, 100 recurrent, CD-15, sub-sequences of 100. */
    public static RnnRbmTrainingOptions defaults() {
        return new RnnRbmTrainingOptions(150, 100, 1, 15, 100, 2, 200, "adam", 0.001, 5.0, 10, 15, 20, 1234, false, false, 0, false, false);
    }

    /** These options with {@code value} RBM hidden units. */
    public RnnRbmTrainingOptions withHidden(int value) {
        return new RnnRbmTrainingOptions(value, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with {@code value} RNN units. */
    public RnnRbmTrainingOptions withRecurrent(int value) {
        return new RnnRbmTrainingOptions(hidden, value, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with {@code value} steps per RBM. */
    public RnnRbmTrainingOptions withWindow(int value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, value, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with {@code value} Gibbs steps of CD-k. */
    public RnnRbmTrainingOptions withCdSteps(int value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, value, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with sub-sequences of {@code value} windows. */
    public RnnRbmTrainingOptions withLength(int value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, value, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with {@code value} sub-sequences per mini-batch. */
    public RnnRbmTrainingOptions withSequences(int value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, value, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with at most {@code value} epochs. */
    public RnnRbmTrainingOptions withEpochs(int value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, value, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with the optimiser {@code value} ("adam" or "sgd"). */
    public RnnRbmTrainingOptions withOptimizer(String value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, value, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with the step size {@code value}. */
    public RnnRbmTrainingOptions withLearningRate(double value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, value, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with the gradient-norm clip {@code value} (0 = none). */
    public RnnRbmTrainingOptions withClipNorm(double value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, value, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with {@code value} RBM pretraining epochs. */
    public RnnRbmTrainingOptions withPretrainEpochs(int value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, value, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options stopping after {@code value} epochs without a better validation accuracy. */
    public RnnRbmTrainingOptions withPatience(int value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, value, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with {@code value} Gibbs steps per validation frame. */
    public RnnRbmTrainingOptions withValidationGibbs(int value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, value, seed, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with the seed {@code value}. */
    public RnnRbmTrainingOptions withSeed(long value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, value, articulation, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options with struck units ({@code value}) or without. */
    public RnnRbmTrainingOptions withArticulation(boolean value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, value, negativesFromBias, ownSamples, selectByJudge, keyInput);
    }

    /** These options starting the CD-k chains at the sampler's start ({@code value}) or at the data. */
    public RnnRbmTrainingOptions withNegativesFromBias(boolean value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, value, ownSamples, selectByJudge, keyInput);
    }

    /** These options with the scheduled-sampling share {@code value}. */
    public RnnRbmTrainingOptions withOwnSamples(double value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, value, selectByJudge, keyInput);
    }

    /** These options choosing the epoch by the judge ({@code value}) or by the validation accuracy. */
    public RnnRbmTrainingOptions withSelectByJudge(boolean value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, value, keyInput);
    }

    /** These options with or without a key input. */
    public RnnRbmTrainingOptions withKeyInput(boolean value) {
        return new RnnRbmTrainingOptions(hidden, recurrent, window, cdSteps, length, sequences, epochs, optimizer, learningRate, clipNorm, pretrainEpochs, patience, validationGibbs, seed, articulation, negativesFromBias, ownSamples, selectByJudge, value);
    }

    /** As preset hyper-parameters. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("hidden", hidden);
        m.put("recurrent", recurrent);
        m.put("window", window);
        m.put("cdSteps", cdSteps);
        m.put("length", length);
        m.put("sequences", sequences);
        m.put("epochs", epochs);
        m.put("optimizer", optimizer);
        m.put("learningRate", learningRate);
        m.put("clipNorm", clipNorm);
        m.put("pretrainEpochs", pretrainEpochs);
        m.put("patience", patience);
        m.put("validationGibbs", validationGibbs);
        m.put("seed", seed);
        m.put("articulation", articulation);
        m.put("negativesFrom", negativesFromBias ? "bias" : "data");
        if (ownSamples > 0) {
            m.put("ownSamples", ownSamples);
        }
        if (selectByJudge) {
            m.put("selectBy", "judge");
        }
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
