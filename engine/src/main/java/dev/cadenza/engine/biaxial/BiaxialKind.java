package dev.cadenza.engine.biaxial;

import dev.cadenza.engine.model.ModelKind;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.preset.Preset;

/** The biaxial LSTM as a {@link ModelKind}. */
public final class BiaxialKind implements ModelKind {
    /** The kind's name in a preset's manifest. */
    public static final String ID = "biaxial";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "biaxial LSTM (Daniel Johnson 2015)";
    }

    @Override
    public StepModel load(Preset preset) {
        return new BiaxialModel(BiaxialWeights.fromPreset(preset));
    }
}
