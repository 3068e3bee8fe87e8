package dev.cadenza.bridge.rtpmidi;

/**
 * Receives the MIDI that participants send: one complete message at a time, in the order sent.
 * Called on the session's event-loop thread; it must return quickly and must not block (hand the
 * message to a queue if there is work to do). An exception it throws is counted ({@link
 * RtpMidiCounter#LISTENER_FAILURES}) and the session goes on.
 */
@FunctionalInterface
public interface MidiReceiver {
    /**
     * @param midi one complete MIDI message, status byte first; the array is the receiver's to keep
     * @param nanos when it is due, on the session's {@link dev.cadenza.bridge.clock.NanoClock}:
     *     the arrival time of its packet plus its delta time
     */
    void onMidi(byte[] midi, long nanos);

    /** A receiver that drops everything, for a send-only session. */
    MidiReceiver NONE = (midi, nanos) -> { };
}
