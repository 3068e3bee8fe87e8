package dev.cadenza.trainer.kind;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.trainer.run.TrainingListener;
import java.nio.file.Path;

/**
 * One training run as the command line asks for it, for a kind to carry out.
 *
 * @param name the preset's name
 * @param data the music to learn from
 * @param settings what every kind takes (epochs, learning rate, seed, threads, ...)
 * @param options the kind's own options
 * @param init a preset of this kind to start from instead of random weights, or null
 * @param checkpoints the folder of the per-epoch checkpoint, or null for none
 * @param resume whether to continue the run whose checkpoint is there
 * @param listener hears the run's progress
 */
public record TrainingRun(String name, TrainingSet data, RunSettings settings, KindOptions options, Preset init,
        Path checkpoints, boolean resume, TrainingListener listener) {
}
