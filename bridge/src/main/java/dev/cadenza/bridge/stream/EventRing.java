package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.BridgeException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A preallocated single-producer single-consumer ring of timestamped MIDI events, the hand-off from
 * the generation thread to the emission thread (after JUCE's {@code AbstractFifo}). An event is a
 * time in nanoseconds, a packed short message ({@link MidiEvents}) and the step it belongs to.
 *
 * <p>Thread contract: {@link #offer} on the producer thread only, {@link #peekNanos}, {@link
 * #peekMessage}, {@link #peekStep} and {@link #drop} on the consumer thread only. Every method is
 * real-time safe: no allocation, no lock; the two sides see each other through release/acquire
 * writes of the head and tail counters.
 */
public final class EventRing {
    private final long[] nanos;
    private final int[] messages;
    private final int[] steps;
    private final int mask;
    /** Next slot to read; written by the consumer. */
    private final AtomicLong head = new AtomicLong();
    /** Next slot to write; written by the producer. */
    private final AtomicLong tail = new AtomicLong();

    /** A ring of at least {@code capacity} events (rounded up to a power of two). */
    public EventRing(int capacity) {
        if (capacity < 2 || capacity > (1 << 24)) {
            throw new BridgeException("invalid ring capacity: " + capacity + " events (expected 2..16777216)");
        }
        int size = Integer.highestOneBit(capacity - 1) << 1;
        nanos = new long[size];
        messages = new int[size];
        steps = new int[size];
        mask = size - 1;
    }

    public int capacity() {
        return nanos.length;
    }

    /** Free slots, as seen by the producer. */
    public int free() {
        return nanos.length - (int) (tail.get() - head.get());
    }

    /** Events waiting, as seen by the consumer. */
    public int size() {
        return (int) (tail.get() - head.get());
    }

    /** Adds an event; false when the ring is full. Producer only. */
    public boolean offer(long eventNanos, int message, int step) {
        long t = tail.get();
        if (t - head.get() >= nanos.length) {
            return false;
        }
        int i = (int) t & mask;
        nanos[i] = eventNanos;
        messages[i] = message;
        steps[i] = step;
        tail.lazySet(t + 1);
        return true;
    }

    /** Whether an event waits. Consumer only. */
    public boolean isEmpty() {
        return head.get() == tail.get();
    }

    /** Time of the oldest event; the caller checks {@link #isEmpty} first. Consumer only. */
    public long peekNanos() {
        return nanos[(int) head.get() & mask];
    }

    public int peekMessage() {
        return messages[(int) head.get() & mask];
    }

    public int peekStep() {
        return steps[(int) head.get() & mask];
    }

    /** Removes the oldest event. Consumer only. */
    public void drop() {
        head.lazySet(head.get() + 1);
    }
}
