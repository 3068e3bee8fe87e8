package dev.cadenza.engine.model;

import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;

/**
 * A generative music model run one step at a time: the interface that the streaming engine, the
 * keyboard modes and the offline generator drive, whatever the model family.
 *
 * <p>Life cycle: construct from weights (prepare: all allocation happens there), {@link #reset},
 * then any mix of {@link #observe} (a step that was played, e.g. by a musician) and
 * {@link #sample} (a step the model invents). Both advance the model's state by one step. After
 * construction, {@code reset}, {@code observe} and {@code sample} allocate nothing. A model is used
 * by one thread at a time.
 */
public interface StepModel {

    /** The pitches the model's frames cover. */
    PitchRange range();

    /** Grid resolution the model was trained at: steps per quarter note. */
    int stepsPerQuarter();

    /** Returns to the initial state, before any step, and seeds the sampler's random source. */
    void reset(long seed);

    /**
     * Advances the state with a frame that was played rather than sampled (seeding from a keyboard,
     * or teacher forcing in evaluation). Pitches of {@code played} outside {@link #range()} cannot
     * occur: the frame has the model's range.
     */
    void observe(Frame played);

    /**
     * Samples the next frame under {@code controls} into {@code out}, then advances the state with
     * it, as if it had been observed.
     */
    void sample(Controls controls, Frame out);

    /**
     * Tells the model how far its notes will be moved before they sound: for a model that learnt
     * its music moved to C, the shift to the key asked for ({@link Scale#whiteKeyShift()}); 0 for a
     * model that plays as it is. Call it before playing; it is kept across resets. A model with a
     * key input ({@link Models#keyInput}) then plays in the register its music was written in;
     * others ignore it.
     */
    default void movedFromC(int whiteKeyShift) {
    }

    /** Creates a {@link Controls} sized for this model, with the defaults. */
    default Controls newControls() {
        return new Controls(range());
    }

    /**
     * Samples {@code steps} steps from a fresh state and resets, so that the JIT has compiled the
     * step before a clock waits on it: the first steps run interpreted, far slower than compiled
     * (a first step of the default preset took 758 ms on the Vector API kernels, and a stream held
     * its first 5 steps). Not real-time safe: call it before streaming, which resets the model with
     * its own seed anyway.
     */
    default void warmUp(int steps) {
        Controls controls = newControls();
        Frame frame = new Frame(range());
        reset(0);
        for (int i = 0; i < steps; i++) {
            sample(controls, frame);
        }
        reset(0);
    }
}
