package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.engine.AtomicFiles;
import dev.cadenza.engine.EngineException;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Keeps every message the emitter sent, with the time it was sent, in preallocated arrays, and
 * writes them as a standard MIDI file (format 0) afterwards: {@code --record FILE.mid}. Times are
 * kept exactly (to the file's tick, {@link #TICKS_PER_QUARTER} per quarter note at the stream's
 * nominal tempo, 0.52 ms at 120 BPM), so the file shows what was played, timing errors included.
 * When the arrays are full, later messages are counted, not kept.
 *
 * <p>Thread contract: {@link #record} on the emission thread only (real-time safe);
 * {@link #write} on a control thread after the stream stopped; the messages below {@link #count}
 * may be read from any thread meanwhile ({@link UnfinishedTake}).
 */
public final class EventRecorder {
    public static final int TICKS_PER_QUARTER = 960;
    /** About 14 hours at 20 events a second. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final long[] nanos;
    private final int[] messages;
    private volatile int count;
    private volatile long overflow;

    public EventRecorder(int capacity) {
        if (capacity < 1) {
            throw new BridgeException("invalid recording capacity: " + capacity + " events (expected 1 or more)");
        }
        nanos = new long[capacity];
        messages = new int[capacity];
    }

    /** Keeps one sent message. Emission thread only; real-time safe. */
    public void record(long sentNanos, int status, int data1, int data2) {
        int n = count;
        if (n == nanos.length) {
            overflow++;
            return;
        }
        nanos[n] = sentNanos;
        messages[n] = MidiEvents.pack(status, data1, data2, 0);
        count = n + 1;
    }

    public int count() {
        return count;
    }

    /** When message {@code i} (below {@link #count}) was sent. */
    long nanos(int i) {
        return nanos[i];
    }

    /** Message {@code i} (below {@link #count}), packed by {@link MidiEvents#pack}. */
    int message(int i) {
        return messages[i];
    }

    static int microsPerQuarter(double bpm) {
        return (int) Math.round(60_000_000.0 / bpm);
    }

    /** Messages that did not fit. */
    public long overflow() {
        return overflow;
    }

    /**
     * Writes the messages as a format-0 MIDI file at {@code bpm}, the first message at tick 0 (or
     * at {@code originNanos}, when it is earlier). Control thread, after the stream stopped.
     */
    public void write(Path file, double bpm, long originNanos) {
        int n = count;
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, TICKS_PER_QUARTER);
            Track track = sequence.createTrack();
            int microsPerQuarter = microsPerQuarter(bpm);
            byte[] tempo = {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter};
            track.add(new MidiEvent(new MetaMessage(0x51, tempo, 3), 0));
            long origin = n == 0 ? originNanos : Math.min(originNanos, nanos[0]);
            double nanosPerTick = microsPerQuarter * 1000.0 / TICKS_PER_QUARTER;
            for (int i = 0; i < n; i++) {
                int m = messages[i];
                int status = MidiEvents.status(m);
                if (status >= 0xF0) {
                    continue; // clock and transport are the session's, not the music's
                }
                ShortMessage message = new ShortMessage(status, MidiEvents.data1(m), MidiEvents.data2(m));
                long tick = Math.max(0, Math.round((nanos[i] - origin) / nanosPerTick));
                track.add(new MidiEvent(message, tick));
            }
            // whole or not at all: a failed write (a full disk) leaves an earlier take at that path intact
            AtomicFiles.write(file, "the recording", out -> MidiSystem.write(sequence, 0, out));
        } catch (InvalidMidiDataException e) {
            throw new BridgeException("cannot record to " + file + ": " + e.getMessage(), e);
        } catch (EngineException e) {
            throw new BridgeException(e.getMessage(), e);
        }
    }
}
