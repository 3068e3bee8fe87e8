package dev.cadenza.trainer.kind;

/**
 * How the command line asks for an evaluation, besides the split to score.
 *
 * @param seed the random seed of the draws
 * @param maxFrames the most frames to score, 0 = all
 * @param saving whether the figures will be saved into the preset (a kind refuses to save a diagnostic)
 * @param threads worker threads (1 or more)
 * @param options the kind's own options
 */
public record EvaluationRun(long seed, long maxFrames, boolean saving, int threads, KindOptions options) {
}
