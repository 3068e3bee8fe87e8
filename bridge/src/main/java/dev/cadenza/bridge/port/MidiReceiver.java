package dev.cadenza.bridge.port;

/**
 * Receives MIDI as bytes with a time, one complete message at a time, in the order sent: what a
 * network session's participants send ({@link dev.cadenza.bridge.rtpmidi.session.RtpMidiSession}), taken by
 * a player's input ({@link dev.cadenza.bridge.keyboard.KeyboardInput}). Called on the source's own
 * thread (a session's event loop): it must return quickly and must not block (hand the message to a
 * queue if there is work to do); the source counts an exception it throws and goes on.
 */
@FunctionalInterface
public interface MidiReceiver {
    /**
     * @param midi one complete MIDI message, status byte first; the array is the receiver's to keep
     * @param nanos when it is due, on the source's {@link dev.cadenza.bridge.clock.NanoClock}: for a
     *     session, the arrival time of its packet plus its delta time
     */
    void onMidi(byte[] midi, long nanos);

    /** A receiver that drops everything, for a send-only source. */
    MidiReceiver NONE = (midi, nanos) -> { };
}
