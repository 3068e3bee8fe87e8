package dev.cadenza.engine.model;

import dev.cadenza.engine.preset.Preset;

/** Builds the step model a preset holds, through its registered {@link ModelKind}. */
public final class Models {
    private Models() {
    }

    /** The model of {@code preset}, ready to {@link StepModel#reset reset}. */
    public static StepModel fromPreset(Preset preset) {
        return ModelKind.of(preset.manifest().kind()).load(preset);
    }
}
