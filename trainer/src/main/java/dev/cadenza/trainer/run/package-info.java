/**
 * What every training run shares whatever the model: progress reporting, per-epoch statistics, and
 * checkpoints that let a killed run resume without losing finished epochs.
 */
package dev.cadenza.trainer.run;
