package dev.cadenza.engine.model;

import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;

/**
 * A model heard and played a number of semitones higher (or lower): what it samples sounds
 * {@code shift} semitones up, what it observes reaches it {@code shift} semitones down. A model
 * trained with every piece moved to C plays in another key this way ({@link Models#fromPreset(
 * dev.cadenza.engine.preset.Preset, Scale)}). Its range is the model's moved by the shift, pitch for
 * pitch, so controls made for it ({@link #newControls()}: key masks, held keys) speak of the notes
 * that sound. Allocates nothing after construction, as the model it moves.
 */
public final class Transposed implements StepModel {
    private final StepModel model;
    private final PitchRange range;
    private final Frame inner;

    /**
     * @param model the model to move
     * @param shift semitones up (negative: down); the moved range must stay within MIDI's 0..127
     */
    public Transposed(StepModel model, int shift) {
        PitchRange own = model.range();
        if (own.low() + shift < 0 || own.high() + shift > 127) {
            throw new IllegalArgumentException("cannot move " + own + " by " + shift + " semitones: it would leave"
                    + " MIDI's pitches 0..127");
        }
        this.model = model;
        this.range = new PitchRange(own.low() + shift, own.high() + shift);
        this.inner = new Frame(own);
    }

    @Override
    public PitchRange range() {
        return range;
    }

    @Override
    public int stepsPerQuarter() {
        return model.stepsPerQuarter();
    }

    @Override
    public void reset(long seed) {
        model.reset(seed);
    }

    @Override
    public void movedFromC(int whiteKeyShift) {
        model.movedFromC(whiteKeyShift);
    }

    @Override
    public void observe(Frame played) {
        inner.copyTransposed(played);
        model.observe(inner);
    }

    @Override
    public void sample(Controls controls, Frame out) {
        model.sample(controls, inner);
        out.copyTransposed(inner);
    }
}
