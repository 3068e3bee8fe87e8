package dev.cadenza.bridge.keyboard;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.midi.MidiFileReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.sound.midi.Transmitter;

/**
 * A virtual keyboard: a {@link Transmitter} that replays the notes and control changes of a MIDI
 * file into its receiver in real time, in the stream's time: beat {@code b} of the file is played
 * at beat {@code b + offsetBeats} of the transport (so the file's own tempo is ignored and the
 * phrase lines up with the stream's grid, as a player in time with it would). Used by the tests
 * (under a virtual clock), by {@code cadenza play --keyboard-file}, and as a scripted session in
 * the examples.
 *
 * <p>Runs its own thread, which waits on the stream's {@link NanoClock}; {@link #close} stops it
 * and releases every key still down.
 */
public final class MidiFileKeyboard implements Transmitter {
    private record Played(long tick, byte[] message) {
    }

    private final String name;
    private final List<Played> events;
    private final int ticksPerQuarter;
    private final long lengthTicks;
    private volatile Receiver receiver;
    private volatile boolean closed;
    private final boolean[] down = new boolean[16 * 128];
    private Thread thread;

    private MidiFileKeyboard(String name, List<Played> events, int ticksPerQuarter, long lengthTicks) {
        this.name = name;
        this.events = events;
        this.ticksPerQuarter = ticksPerQuarter;
        this.lengthTicks = lengthTicks;
    }

    /**
     * Reads the channel messages of every track of {@code file} (a standard MIDI file with a
     * ticks-per-quarter division).
     *
     * @throws BridgeException naming the file and what is wrong with it
     */
    public static MidiFileKeyboard read(Path file) {
        Sequence sequence;
        try {
            sequence = MidiFileReader.parse(file); // checked event by event: damage is refused, not played
        } catch (EngineException e) {
            throw new BridgeException("cannot use the keyboard file: " + e.getMessage(), e);
        }
        if (sequence.getDivisionType() != Sequence.PPQ) {
            throw new BridgeException("cannot replay " + file + ": its time is in SMPTE frames, not beats"
                    + " (expected a file with ticks per quarter note)");
        }
        List<Played> events = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                MidiEvent e = track.get(i);
                MidiMessage m = e.getMessage();
                int command = m.getStatus() & 0xF0;
                if (m instanceof ShortMessage && (command == ShortMessage.NOTE_ON || command == ShortMessage.NOTE_OFF
                        || command == ShortMessage.CONTROL_CHANGE)) {
                    events.add(new Played(e.getTick(), m.getMessage()));
                }
            }
        }
        events.sort(Comparator.comparingLong(Played::tick)); // stable: the file's order within a tick
        if (events.stream().noneMatch(p -> (p.message[0] & 0xF0) == ShortMessage.NOTE_ON && p.message[2] > 0)) {
            throw new BridgeException("keyboard file " + file + " has no notes to play (expected a MIDI file with"
                    + " note-on messages)");
        }
        return new MidiFileKeyboard(file.getFileName().toString(), List.copyOf(events), sequence.getResolution(),
                sequence.getTickLength());
    }

    /** The file's name. */
    public String name() {
        return name;
    }

    /** Length of the file in beats (quarter notes). */
    public double lengthBeats() {
        return (double) lengthTicks / ticksPerQuarter;
    }

    /**
     * Starts replaying: once {@code transport} runs, each message is sent at its beat plus
     * {@code offsetBeats} of the transport's time, on {@code clock}.
     */
    public synchronized MidiFileKeyboard start(Transport transport, NanoClock clock, double offsetBeats) {
        if (thread != null) {
            throw new BridgeException("keyboard file " + name + " is already playing (expected start() once)");
        }
        long offsetTicks = Math.round(offsetBeats * ticksPerQuarter);
        thread = new Thread(() -> replay(transport, clock, offsetTicks), "cadenza-keyboard-file");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void replay(Transport transport, NanoClock clock, long offsetTicks) {
        while (!closed && !transport.running()) {
            clock.waitUntil(clock.nanos() + 1_000_000);
        }
        for (Played p : events) {
            long due = transport.stepNanos(p.tick + offsetTicks, ticksPerQuarter);
            while (!closed && clock.nanos() < due) {
                clock.waitUntil(due);
            }
            if (closed) {
                return;
            }
            deliver(p.message);
        }
    }

    private synchronized void deliver(byte[] message) {
        Receiver r = receiver;
        if (r == null || closed && (message[0] & 0xF0) == ShortMessage.NOTE_ON && message[2] > 0) {
            return;
        }
        int key = (message[0] & 0x0F) * 128 + message[1];
        int command = message[0] & 0xF0;
        if (command == ShortMessage.NOTE_ON && message[2] > 0) {
            down[key] = true;
        } else if (command == ShortMessage.NOTE_OFF || command == ShortMessage.NOTE_ON) {
            down[key] = false;
        }
        try {
            ShortMessage m = new ShortMessage();
            m.setMessage(message[0] & 0xFF, message[1], message.length > 2 ? message[2] : 0);
            r.send(m, -1);
        } catch (InvalidMidiDataException e) {
            throw new BridgeException("invalid message in keyboard file " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setReceiver(Receiver value) {
        receiver = value;
    }

    @Override
    public Receiver getReceiver() {
        return receiver;
    }

    /** Stops the replay and releases every key still down. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int key = 0; key < down.length; key++) {
            if (down[key]) {
                down[key] = false;
                deliver(new byte[] {(byte) (ShortMessage.NOTE_OFF | key / 128), (byte) (key % 128), 0});
            }
        }
    }
}
