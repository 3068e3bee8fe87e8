package dev.cadenza.bridge.port;

/**
 * Where the emission thread sends MIDI: a device's receiver, the software synthesizer, or a fake
 * in tests. Implementations must make {@link #send} real-time safe from the caller's view: no
 * allocation, no lock of ours, no blocking I/O (see {@link ReceiverOut} for how a javax.sound.midi
 * receiver is made so).
 */
public interface MidiOut extends AutoCloseable {

    /** The port's name, for messages. */
    String name();

    /**
     * Sends one short message now: {@code status} with up to two data bytes (ignored for one-byte
     * messages such as 0xF8). Returns false when the port is gone; a gone port stays gone (a new
     * one is opened to replace it). Emission thread only; real-time safe.
     */
    boolean send(int status, int data1, int data2);

    /**
     * {@link #send} of a message whose time is {@code atNanos} on the stream's clock (its schedule,
     * which the emission thread met as closely as it could). A port that writes events at a time of
     * its own (JACK, with frame offsets) places it there; every other port sends it now. Emission
     * thread only; real-time safe.
     */
    default boolean sendAt(int status, int data1, int data2, long atNanos) {
        return send(status, data1, data2);
    }

    /** Releases the port. Control thread only; may block. Idempotent. */
    @Override
    void close();
}
