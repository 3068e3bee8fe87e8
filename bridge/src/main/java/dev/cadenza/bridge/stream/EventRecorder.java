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
 * tempo, 0.52 ms at 120 BPM), so the file shows what was played, timing errors included.
 * When the arrays are full, later messages are counted, not kept.
 *
 * <p>Where the tempo changes while the stream plays (the live tempo control, a Link session), the
 * generator notes each change of the grid's step length ({@link #tempo}) and the file gets a tempo
 * map: every step starts on its own tick, as at a steady tempo, so a DAW that imports the take
 * shows its bars where they were played.
 *
 * <p>Thread contract: {@link #record} on the emission thread only and {@link #tempo} on the
 * generation thread only (both real-time safe); {@link #write} on a control thread after the
 * stream stopped; the messages below {@link #count} may be read from any thread meanwhile
 * ({@link UnfinishedTake}).
 */
public final class EventRecorder {
    public static final int TICKS_PER_QUARTER = 960;
    /** About 14 hours at 20 events a second. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    /** Tempo changes kept: one a step for over an hour of changes at 120 BPM. */
    static final int TEMPO_CAPACITY = 1 << 15;

    private final long[] nanos;
    private final int[] messages;
    private volatile int count;
    private volatile long overflow;
    private final long[] tempoNanos = new long[TEMPO_CAPACITY];
    private final double[] tempoNanosPerQuarter = new double[TEMPO_CAPACITY];
    private volatile int tempos;

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

    /**
     * Notes that from {@code atNanos} on a quarter note lasts {@code nanosPerQuarter} (a step of
     * the grid, times the steps in a quarter), until the next change. Generation thread only;
     * real-time safe; changes beyond {@link #TEMPO_CAPACITY} are dropped (the tempo then stays).
     */
    public void tempo(long atNanos, double nanosPerQuarter) {
        int n = tempos;
        if (n == TEMPO_CAPACITY) {
            return;
        }
        tempoNanos[n] = atNanos;
        tempoNanosPerQuarter[n] = nanosPerQuarter;
        tempos = n + 1;
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
     * Writes the messages as a format-0 MIDI file, the first message at tick 0 (or at
     * {@code originNanos}, when it is earlier): at the tempo map the generator noted, or where it
     * noted none, at {@code bpm}. Control thread, after the stream stopped.
     */
    public void write(Path file, double bpm, long originNanos) {
        int n = count;
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, TICKS_PER_QUARTER);
            Track track = sequence.createTrack();
            long origin = n == 0 ? originNanos : Math.min(originNanos, nanos[0]);
            Ticks ticks = new Ticks(origin, bpm);
            for (int j = 0; j < ticks.points; j++) {
                if (j == 0 || ticks.micros[j] != ticks.micros[j - 1]) {
                    int mpq = ticks.micros[j];
                    byte[] tempo = {(byte) (mpq >> 16), (byte) (mpq >> 8), (byte) mpq};
                    track.add(new MidiEvent(new MetaMessage(0x51, tempo, 3), j == 0 ? 0 : Math.round(ticks.tick[j])));
                }
            }
            for (int i = 0; i < n; i++) {
                int m = messages[i];
                int status = MidiEvents.status(m);
                if (status >= 0xF0) {
                    continue; // clock and transport are the session's, not the music's
                }
                ShortMessage message = new ShortMessage(status, MidiEvents.data1(m), MidiEvents.data2(m));
                track.add(new MidiEvent(message, Math.max(0, Math.round(ticks.at(nanos[i])))));
            }
            // whole or not at all: a failed write (a full disk) leaves an earlier take at that path intact
            AtomicFiles.write(file, "the recording", out -> MidiSystem.write(sequence, 0, out));
        } catch (InvalidMidiDataException e) {
            throw new BridgeException("cannot record to " + file + ": " + e.getMessage(), e);
        } catch (EngineException e) {
            throw new BridgeException(e.getMessage(), e);
        }
    }

    /**
     * The tempo map as ticks: point {@code j} at {@code tick[j]}, a quarter of {@code micros[j]}
     * µs from there on (the file's tempo, so that the ticks and the tempo events agree); before the
     * first point, its tempo from the origin. Without points, {@code bpm} throughout.
     */
    private final class Ticks {
        final int points;
        final long[] at;
        final double[] tick;
        final int[] micros;
        private final long origin;
        private int j;

        Ticks(long origin, double bpm) {
            this.origin = origin;
            int k = tempos;
            points = Math.max(1, k);
            at = new long[points];
            tick = new double[points];
            micros = new int[points];
            if (k == 0) {
                at[0] = origin;
                micros[0] = microsPerQuarter(bpm);
            }
            for (int p = 0; p < k; p++) {
                at[p] = tempoNanos[p];
                micros[p] = (int) Math.round(tempoNanosPerQuarter[p] / 1000);
            }
            tick[0] = (at[0] - origin) / nanosPerTick(0);
            for (int p = 1; p < points; p++) {
                tick[p] = tick[p - 1] + (at[p] - at[p - 1]) / nanosPerTick(p - 1);
            }
        }

        private double nanosPerTick(int p) {
            return micros[p] * 1000.0 / TICKS_PER_QUARTER;
        }

        /** The tick of {@code t} (quickest in the messages' order, times that do not go back). */
        double at(long t) {
            while (j > 0 && at[j] > t) {
                j--;
            }
            while (j + 1 < points && at[j + 1] <= t) {
                j++;
            }
            if (j == 0 && t < at[0]) {
                return (t - origin) / nanosPerTick(0);
            }
            return tick[j] + (t - at[j]) / nanosPerTick(j);
        }
    }
}
