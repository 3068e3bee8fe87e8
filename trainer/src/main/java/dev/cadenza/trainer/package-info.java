/**
 * Datasets ({@code data}), training ({@code rnnrbm}, {@code biaxial}, with the shared
 * {@code optim} and {@code run} pieces) and evaluation ({@code eval}).
 * {@link dev.cadenza.trainer.TrainerException} is the module's one domain exception.
 */
package dev.cadenza.trainer;
