package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.Frame;

/**
 * What the model's part is at each step: improvising alone, or answering, continuing or
 * accompanying a player (the keyboard modes, {@link dev.cadenza.bridge.keyboard.KeyboardPart}).
 * The {@link Generator} asks it, step by step, for the frame to play; a part that has nothing to
 * play rests, and the generator then waits, without running ahead, until the part has something
 * again, so an answer starts on the first step that can still be computed in time.
 *
 * <p>Thread contract: every method on the generation thread only; real-time safe (no allocation
 * after construction, no lock, no I/O).
 */
public interface Part {

    /**
     * The start of a generation turn at {@code nowNanos}: take what was played, advance the model
     * with it, change phase. {@code nextStep} is the step the generator would play next: while
     * resting, the earliest step that can still be computed in time. Returns when the part next
     * needs a turn (input arriving wakes the generator as well), or {@link Long#MAX_VALUE}.
     */
    long prepare(long nowNanos, long nextStep);

    /**
     * Plays {@code step}: true when {@code out} holds the step's frame (the model advanced), false
     * to rest (nothing is played; what sounds is ended at the step's start).
     */
    boolean play(long step, Controls controls, Frame out);

    /**
     * Whether what was generated ahead must be dropped now (the player interrupted an answer);
     * taking it clears it.
     */
    boolean takeInterrupt();

    /** Makes a stream's part once the stream has made what the part shares with it. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param model the stream's model (the part drives it)
         * @param transport the stream's clock position
         * @param live the live controls
         * @param stats the stream's statistics, for the part's own figures
         * @param seed the stream's seed
         */
        Part create(StepModel model, Transport transport, LiveControls live, StreamStats stats, long seed);
    }

    /** The model improvising alone: every step sampled. */
    static Part solo(StepModel model) {
        return new Part() {
            @Override
            public long prepare(long nowNanos, long nextStep) {
                return Long.MAX_VALUE;
            }

            @Override
            public boolean play(long step, Controls controls, Frame out) {
                model.sample(controls, out);
                return true;
            }

            @Override
            public boolean takeInterrupt() {
                return false;
            }
        };
    }
}
