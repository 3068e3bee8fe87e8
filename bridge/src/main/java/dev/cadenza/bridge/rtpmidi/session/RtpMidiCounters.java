package dev.cadenza.bridge.rtpmidi.session;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters of one session. Incremented from the session's event-loop thread and the sending
 * thread, read from any thread. Real-time safe: no allocation, no lock.
 */
public final class RtpMidiCounters {
    private static final RtpMidiCounter[] ALL = RtpMidiCounter.values();

    private final AtomicLongArray values = new AtomicLongArray(ALL.length);

    /** Adds one; returns the new value. Real-time safe. */
    public long increment(RtpMidiCounter counter) {
        return values.incrementAndGet(counter.ordinal());
    }

    /** Adds {@code delta}; returns the new value. Real-time safe. */
    public long add(RtpMidiCounter counter, long delta) {
        return values.addAndGet(counter.ordinal(), delta);
    }

    public long get(RtpMidiCounter counter) {
        return values.get(counter.ordinal());
    }

    /** A copy of every counter, in the enum's order. Allocates: not for the real-time path. */
    public Map<RtpMidiCounter, Long> snapshot() {
        Map<RtpMidiCounter, Long> copy = new EnumMap<>(RtpMidiCounter.class);
        for (RtpMidiCounter c : ALL) {
            copy.put(c, values.get(c.ordinal()));
        }
        return copy;
    }

    /**
     * Whether the {@code count}-th occurrence of a problem deserves a log line: the first ten,
     * then one in ten thousand, so that a flood cannot flood the log.
     */
    static boolean worthLogging(long count) {
        return count <= 10 || count % 10_000 == 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (RtpMidiCounter c : ALL) {
            long v = values.get(c.ordinal());
            if (v != 0) {
                sb.append(sb.length() > 1 ? ", " : "").append(c).append('=').append(v);
            }
        }
        return sb.append('}').toString();
    }
}
