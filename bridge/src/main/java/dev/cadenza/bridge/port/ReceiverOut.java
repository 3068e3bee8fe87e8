package dev.cadenza.bridge.port;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

/**
 * A javax.sound.midi {@link Receiver} (a device's, or the software synthesizer's) as a
 * {@link MidiOut}.
 *
 * <p>How {@link #send} stays real-time safe from the emitter's view: the messages come from a pool
 * of {@link #POOL_SIZE} {@link ShortMessage}s allocated here and reused in turn ({@code
 * setMessage} writes into the message's own 3-byte array, allocating nothing), so a receiver that
 * keeps a reference for a while (Gervill queues messages until its next audio buffer) reads it
 * intact for the next {@value #POOL_SIZE} sends. Sending uses the timestamp -1 ("now"), so no
 * device-side scheduling queue is involved. What the receiver does inside is the JDK's: on Linux the
 * ALSA sequencer write is non-blocking; Gervill takes its own short internal mutex shared with its
 * audio thread. Cadenza's emitter itself takes no lock.
 *
 * <p>A receiver that throws (a closed or vanished device: {@link IllegalStateException}) makes
 * this port gone; it then refuses every send without calling the receiver.
 */
public final class ReceiverOut implements MidiOut {
    public static final int POOL_SIZE = 1024;

    private final String name;
    private final MidiDevice device;
    private final Receiver receiver;
    private final ShortMessage[] pool = new ShortMessage[POOL_SIZE];
    private int next;
    private volatile boolean gone;
    private volatile boolean closed;

    /** Wraps {@code receiver}; {@code device} (nullable) is closed with this port. */
    public ReceiverOut(String name, MidiDevice device, Receiver receiver) {
        this.name = name;
        this.device = device;
        this.receiver = receiver;
        for (int i = 0; i < POOL_SIZE; i++) {
            pool[i] = new ShortMessage();
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** Emission thread only; real-time safe (see the class comment). */
    @Override
    public boolean send(int status, int data1, int data2) {
        if (gone) {
            return false;
        }
        ShortMessage message = pool[next];
        next = (next + 1) & (POOL_SIZE - 1);
        try {
            if (status >= 0xF4) {
                message.setMessage(status); // one-byte system messages: clock, start, stop
            } else {
                message.setMessage(status, data1, data2);
            }
            receiver.send(message, -1);
            return true;
        } catch (InvalidMidiDataException | RuntimeException e) {
            gone = true; // a closed or vanished device; allocation here happens once, on failure
            return false;
        }
    }

    /** Whether a send failed or the port was closed. */
    public boolean gone() {
        return gone;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        gone = true;
        try {
            receiver.close();
        } finally {
            if (device != null && device.isOpen()) {
                device.close();
            }
        }
    }
}
