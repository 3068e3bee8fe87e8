package dev.cadenza.trainer.run;

/**
 * What one epoch of training did.
 *
 * @param epoch 1-based epoch number
 * @param cost mean training cost over the epoch (what the optimiser minimises)
 * @param validation the validation figure early stopping watches (higher is better)
 * @param framesPerSecond training frames (time steps) per second of wall time, this epoch
 * @param seconds wall time of the epoch, validation included
 * @param improved whether {@code validation} beat every earlier epoch
 */
public record EpochStats(int epoch, double cost, double validation, double framesPerSecond, double seconds, boolean improved) {
}
