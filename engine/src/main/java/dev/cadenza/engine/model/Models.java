package dev.cadenza.engine.model;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.biaxial.BiaxialModel;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.rnnrbm.RnnRbmModel;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;

/** Builds the step model a preset holds, by its kind. */
public final class Models {
    private Models() {
    }

    /** The model of {@code preset}, ready to {@link StepModel#reset reset}. */
    public static StepModel fromPreset(Preset preset) {
        String kind = preset.manifest().kind();
        return switch (kind) {
            case RnnRbmWeights.KIND -> new RnnRbmModel(RnnRbmWeights.fromPreset(preset));
            case BiaxialWeights.KIND -> new BiaxialModel(BiaxialWeights.fromPreset(preset));
            default -> throw new EngineException("preset " + preset.manifest().name() + " holds a model of kind '"
                    + kind + "', which this Cadenza cannot run (known kinds: " + RnnRbmWeights.KIND + ", "
                    + BiaxialWeights.KIND + ")");
        };
    }
}
