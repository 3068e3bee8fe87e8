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

    /** The hyper-parameter that says a preset's model has a key input ({@link #keyInput}), either kind. */
    public static final String KEY_INPUT_KEY = "key-input";

    /** The semitones of {@link #keyInput}'s shift that make an input of 1. */
    private static final float KEY_INPUT_SEMITONES = 6f;

    /**
     * A key input (a model that hears how far its music sits from where it was written, since
     * music moved to other keys for training sits higher or lower than it was written): the shift,
     * in semitones, that takes the model's notes to where the music sits as written, over six. In
     * training, minus how far the piece was moved ({@link dev.cadenza.engine.roll.PianoRoll#movedBy()});
     * at play time the shift the model's notes are moved by ({@link StepModel#movedFromC}, 0 for a
     * model that plays as it is), so that it plays in the register its music was written in.
     */
    public static float keyInput(int shift) {
        return shift / KEY_INPUT_SEMITONES;
    }

    /** Whether {@code preset} learnt its music moved to C. */
    public static boolean trainedInC(Preset preset) {
        return KEYS_IN_C.equals(preset.manifest().hyperParameters().get(KEYS_KEY));
    }
}
