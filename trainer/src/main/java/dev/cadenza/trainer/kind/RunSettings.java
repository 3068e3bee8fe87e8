package dev.cadenza.trainer.kind;

import dev.cadenza.engine.model.Sampling;

/**
 * What every kind's training run takes besides its own options.
 *
 * @param epochs the most epochs
 * @param learningRate the optimiser's step size
 * @param clip the global gradient-norm clip, 0 = none
 * @param patience epochs without a better validation figure before stopping
 * @param seed the random seed
 * @param threads worker threads (1 or more)
 * @param ownSamples share (0..1) of the steps before which the model hears its own draw instead of
 *     the true frame (scheduled sampling); 0 = teacher forcing only
 * @param selectByJudge choose the epoch to keep, and stop early, by the judge's summary overlap of
 *     what the model plays on its own against the validation split ({@link
 *     dev.cadenza.trainer.judge.FreeRunning}) instead of the kind's teacher-forced validation figure
 * @param keyInput whether the model hears how far each piece was moved from where it was written
 *     (music moved to C or to all twelve keys: {@link dev.cadenza.engine.model.Models#keyInput}),
 *     and at play time the shift its notes are moved by, so that it plays in the register its
 *     music was written in
 * @param judging the sampling controls the judge's excerpts are drawn with ({@code selectByJudge}),
 *     which the preset then plays with by default; {@link Sampling#PLAIN} unless given
 */
public record RunSettings(int epochs, double learningRate, double clip, int patience, long seed, int threads,
        double ownSamples, boolean selectByJudge, boolean keyInput, Sampling judging) {
    public RunSettings {
        if (!(ownSamples >= 0 && ownSamples <= 1)) {
            throw new IllegalArgumentException("invalid --own-samples: " + ownSamples + " (expected a share, 0..1)");
        }
    }
}
