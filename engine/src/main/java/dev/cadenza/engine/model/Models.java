package dev.cadenza.engine.model;

import dev.cadenza.engine.preset.Preset;

/**
 * Builds the step model a preset holds, through its registered {@link ModelKind}.
 *
 * <p>A preset whose music was all moved to C before training (the hyper-parameter {@value #KEYS_KEY}
 * is {@value #KEYS_IN_C}) plays in C; in another key it plays moved there ({@link Transposed}).
 */
public final class Models {
    /** The hyper-parameter naming the keys the training music was in: original, all (twelve) or c. */
    public static final String KEYS_KEY = "keys";
    /** Its value for music moved to C (the white keys: C major, A minor and their modes). */
    public static final String KEYS_IN_C = "c";

    private Models() {
    }

    /** The model of {@code preset}, ready to {@link StepModel#reset reset}, in the key it was trained in. */
    public static StepModel fromPreset(Preset preset) {
        return ModelKind.of(preset.manifest().kind()).load(preset);
    }

    /**
     * The model of {@code preset} to play in {@code scale}: moved from C by {@link
     * Scale#whiteKeyShift()} where the preset learnt its music in C, as it is otherwise (a model
     * trained in its music's own keys or in all twelve follows a key by its pitch-class mask alone).
     */
    public static StepModel fromPreset(Preset preset, Scale scale) {
        StepModel model = fromPreset(preset);
        int shift = trainedInC(preset) ? scale.whiteKeyShift() : 0;
        model.movedFromC(shift);
        return shift == 0 ? model : new Transposed(model, shift);
    }

    /** Whether {@code preset} learnt its music moved to C. */
    public static boolean trainedInC(Preset preset) {
        return KEYS_IN_C.equals(preset.manifest().hyperParameters().get(KEYS_KEY));
    }
}
