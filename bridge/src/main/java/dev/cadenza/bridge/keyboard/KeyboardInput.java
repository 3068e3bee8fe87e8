package dev.cadenza.bridge.keyboard;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.control.ControlReceiver;
import dev.cadenza.bridge.port.MidiReceiver;
import dev.cadenza.bridge.stream.EventRing;
import dev.cadenza.bridge.stream.MidiEvents;
import dev.cadenza.bridge.stream.PlayerInput;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;

/**
 * Where a musician's playing comes in: a javax.sound.midi {@link Receiver} (for a MIDI input port
 * or a {@link MidiFileKeyboard}) and an RTP-MIDI {@link MidiReceiver} (a keyboard on a network
 * session), so every source is a port like any other.
 *
 * <p>Every message is stamped on arrival with the stream's clock (not the device's time stamp,
 * which sources give in different units or not at all) and handed on, without a lock on the
 * consumers' side, through two preallocated rings: note messages to the generation thread, which
 * quantises them ({@link PlayedRoll}), and every channel message to the emission thread, for thru
 * and for keeping generated notes off played ones. Control changes also go to a
 * {@link ControlReceiver} when one is set, so a keyboard's knobs and buttons steer the stream.
 *
 * <p>Thread contract: {@link #send} and {@link #onMidi} from any input thread (the JDK's MIDI
 * thread, the session's event loop); producers are serialised by a lock that only input threads
 * take. The rings' consumers are the stream's threads. A full ring drops the message and counts it.
 */
public final class KeyboardInput implements Receiver, MidiReceiver, PlayerInput {
    /** Messages each ring holds: far more than anyone plays between two steps. */
    public static final int RING_CAPACITY = 4096;

    private final NanoClock clock;
    private final int channel;
    private final EventRing notes = new EventRing(RING_CAPACITY);
    private final EventRing messages = new EventRing(RING_CAPACITY);
    private volatile ControlReceiver controls;
    private volatile Runnable onArrival = () -> { };
    private volatile boolean listening = true;
    private long dropped;
    /** Keys down, per channel and pitch, as far as the messages handed on say (guarded by this). */
    private final boolean[] down = new boolean[16 * 128];

    /** Takes notes of every channel ({@code channel} -1) or of one (0..15). */
    public KeyboardInput(NanoClock clock, int channel) {
        this.clock = clock;
        this.channel = channel;
    }

    /** Control changes played go to {@code receiver} as well (live controls, end call, loop, re-roll). */
    public KeyboardInput controls(ControlReceiver receiver) {
        controls = receiver;
        return this;
    }

    /** Runs after each message is handed on (the stream wakes its threads). Set before input flows. */
    @Override
    public void onArrival(Runnable hook) {
        onArrival = hook;
    }

    /** The notes played, for the generation thread (its only consumer). */
    public EventRing notes() {
        return notes;
    }

    /** Every channel message played, for the emission thread (its only consumer). */
    @Override
    public EventRing messages() {
        return messages;
    }

    @Override
    public void send(MidiMessage message, long timeStamp) {
        byte[] b = message.getMessage();
        if (b.length > 0) {
            accept(clock.nanos(), b[0] & 0xFF, b.length > 1 ? b[1] & 0x7F : 0, b.length > 2 ? b[2] & 0x7F : 0);
        }
    }

    @Override
    public void onMidi(byte[] midi, long nanos) {
        if (midi.length > 0) {
            accept(clock.nanos(), midi[0] & 0xFF, midi.length > 1 ? midi[1] & 0x7F : 0,
                    midi.length > 2 ? midi[2] & 0x7F : 0);
        }
    }

    /** One short message that arrived at {@code nanos} on the stream's clock. */
    public void accept(long nanos, int status, int data1, int data2) {
        if (status >= 0xF0 || status < 0x80 || !listening) {
            return; // system messages (clock, sysex) are not playing; a clock input handles them
        }
        int kind = status & 0xF0;
        boolean ours = channel < 0 || (status & 0x0F) == channel;
        ControlReceiver c = controls;
        if (kind == MidiEvents.CONTROL_CHANGE && c != null && ours) {
            c.controlChange(status & 0x0F, data1, data2);
        }
        boolean note = kind == MidiEvents.NOTE_ON || kind == MidiEvents.NOTE_OFF;
        int packed = MidiEvents.pack(status, data1, data2, 0);
        synchronized (this) {
            int key = (status & 0x0F) * 128 + data1;
            if (kind == MidiEvents.NOTE_ON && data2 > 0) {
                down[key] = true;
            } else if (note) {
                down[key] = false;
            }
            if (note && ours && !notes.offer(nanos, packed, 0)) {
                dropped++;
            }
            if (!messages.offer(nanos, packed, 0)) {
                dropped++;
            }
        }
        onArrival.run();
    }

    /**
     * Releases every key still down, as note-offs arriving now: the keyboard vanished (unplugged,
     * its session ended) and will not send them, so nothing is held forever.
     */
    public void releaseAll() {
        for (int key = 0; key < down.length; key++) {
            boolean isDown;
            synchronized (this) {
                isDown = down[key];
            }
            if (isDown) {
                accept(clock.nanos(), MidiEvents.NOTE_OFF | key / 128, key % 128, 0);
            }
        }
    }

    /** Stops taking input (the stream ended); later messages are ignored. */
    public void close() {
        listening = false;
    }

    /** Messages lost because a ring was full (the stream had stopped taking them). */
    public synchronized long dropped() {
        return dropped;
    }
}
