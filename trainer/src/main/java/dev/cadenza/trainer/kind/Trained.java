package dev.cadenza.trainer.kind;

import dev.cadenza.engine.preset.Preset;

/**
 * A finished training run.
 *
 * @param preset the best weights as a preset, with their hyper-parameters and provenance
 * @param summary what the run reached, in one line ("best epoch 3 of 10, validation accuracy 70.10 %, ...")
 */
public record Trained(Preset preset, String summary) {
}
