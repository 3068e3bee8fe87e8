package dev.cadenza.trainer.kind;

/**
 * What every kind's training run takes besides its own options.
 *
 * @param epochs the most epochs
 * @param learningRate the optimiser's step size
 * @param clip the global gradient-norm clip, 0 = none
 * @param patience epochs without a better validation figure before stopping
 * @param seed the random seed
 * @param threads worker threads (1 or more)
 */
public record RunSettings(int epochs, double learningRate, double clip, int patience, long seed, int threads) {
}
