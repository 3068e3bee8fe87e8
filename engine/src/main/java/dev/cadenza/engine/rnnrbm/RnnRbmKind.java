package dev.cadenza.engine.rnnrbm;

import dev.cadenza.engine.model.ModelKind;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.preset.Preset;

/** The RNN-RBM as a {@link ModelKind}. */
public final class RnnRbmKind implements ModelKind {
    /** The kind's name in a preset's manifest. */
    public static final String ID = "rnnrbm";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "RNN-RBM (Boulanger-Lewandowski, Bengio & Vincent 2012)";
    }

    @Override
    public StepModel load(Preset preset) {
        return new RnnRbmModel(RnnRbmWeights.fromPreset(preset));
    }
}
