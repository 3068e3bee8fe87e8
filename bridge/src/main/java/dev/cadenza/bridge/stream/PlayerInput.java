package dev.cadenza.bridge.stream;

/**
 * A player's input that a stream serves besides its {@link Part} (a keyboard,
 * {@link dev.cadenza.bridge.keyboard.KeyboardInput}): every channel message played, which the
 * emission thread forwards when thru is on; a hook run on each arrival, so that the stream's
 * threads act at once; and closing when the stream ends.
 */
public interface PlayerInput {

    /** Every channel message played, for the emission thread (its only consumer). */
    EventRing messages();

    /** Runs after each message is handed on. Set before input flows. */
    void onArrival(Runnable hook);

    /** Stops taking input (the stream ended). */
    void close();
}
