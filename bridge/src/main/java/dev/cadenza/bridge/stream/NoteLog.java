package dev.cadenza.bridge.stream;

/**
 * The notes of a stream as they happen, for whoever watches it (the live view): each note-on and
 * note-off the emitter sends or the player plays, with its time, its step where it has one, and
 * whose it is. A ring of fixed size written by the emission thread without allocating or locking;
 * a reader that falls more than {@link #capacity} entries behind loses the oldest and is told so.
 *
 * <p>Thread contract: {@link #add} on the emission thread only; {@link #written} and {@link #read}
 * from any one reader thread.
 */
public final class NoteLog {
    /** Whose note it is. */
    public static final int MODEL = 0;
    public static final int PLAYER = 1;

    private final long[] nanos;
    private final int[] messages;
    private final int[] steps;
    private final int mask;
    private volatile long written;

    /** A log of {@code capacity} entries, rounded up to a power of two. */
    public NoteLog(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity) - 1) << 1;
        nanos = new long[size];
        messages = new int[size];
        steps = new int[size];
        mask = size - 1;
    }

    public int capacity() {
        return nanos.length;
    }

    /**
     * Logs one note-on or note-off ({@code status} with its channel) sent or played at
     * {@code atNanos}; {@code step} is the stream's step it belongs to, or -1 when it has none (the
     * player's, or a note ended at once). Emission thread only; real-time safe.
     */
    public void add(long atNanos, int status, int pitch, int velocity, int step, int who) {
        long w = written;
        int i = (int) (w & mask);
        nanos[i] = atNanos;
        messages[i] = MidiEvents.pack(status, pitch, velocity, who);
        steps[i] = step;
        written = w + 1;
    }

    /** Entries written so far; entry {@code n} is readable while {@code written() - n <= capacity()}. */
    public long written() {
        return written;
    }

    /**
     * Reads entry {@code n} into {@code out}; false when it was overwritten before or while it was
     * read (the reader fell behind).
     */
    public boolean read(long n, Entry out) {
        if (written - n > nanos.length) {
            return false;
        }
        int i = (int) (n & mask);
        out.nanos = nanos[i];
        out.message = messages[i];
        out.step = steps[i];
        return written - n <= nanos.length;
    }

    /** One entry, reused by its reader. */
    public static final class Entry {
        long nanos;
        int message;
        int step;

        public long nanos() {
            return nanos;
        }

        public int status() {
            return MidiEvents.status(message);
        }

        public int pitch() {
            return MidiEvents.data1(message);
        }

        public int velocity() {
            return MidiEvents.data2(message);
        }

        /** {@link #MODEL} or {@link #PLAYER}. */
        public int who() {
            return MidiEvents.epoch(message);
        }

        /** The stream's step, or -1. */
        public int step() {
            return step;
        }

        public boolean noteOn() {
            return MidiEvents.isNoteOn(status(), velocity());
        }
    }
}
