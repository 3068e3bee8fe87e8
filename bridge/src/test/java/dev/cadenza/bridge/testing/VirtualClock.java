package dev.cadenza.bridge.testing;

import dev.cadenza.bridge.clock.NanoClock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Virtual time for threaded tests, as a discrete-event simulation: the threads that wait on this
 * clock take part; time stands still while any of them works and jumps to the earliest deadline
 * once all of them wait. A stream of minutes runs in milliseconds and nothing depends on how fast
 * the machine is. A thread that ended stops taking part.
 */
public final class VirtualClock implements NanoClock {
    private long nanos = 1_000_000_000L;
    /** Threads that have waited on this clock, and their deadline while they wait (or MIN_VALUE). */
    private final Map<Thread, Long> participants = new HashMap<>();
    /** Threads woken (new work) and not yet back from their wait. */
    private final java.util.Set<Thread> woken = new java.util.HashSet<>();
    /** The names of the threads that have waited on this clock so far, those that ended included. */
    private final java.util.List<String> joined = new java.util.ArrayList<>();

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized void waitUntil(long deadlineNanos) {
        Thread me = Thread.currentThread();
        if (participants.put(me, deadlineNanos) == null) { // its first wait: from now on it takes part
            joined.add(me.getName());
            notifyAll(); // for awaitParticipants
        }
        try {
            while (nanos < deadlineNanos && !me.isInterrupted() && !woken.remove(me)) {
                if (allWaiting()) {
                    long earliest = earliestDeadline();
                    if (earliest > nanos) {
                        nanos = earliest;
                        notifyAll();
                        continue;
                    }
                }
                wait(1); // lets the others run; also notices a participant that ended
            }
        } catch (InterruptedException e) {
            me.interrupt();
        } finally {
            participants.put(me, Long.MIN_VALUE);
        }
    }

    /** Wakes {@code thread} now: it counts as working from here on, so time waits for it. */
    @Override
    public synchronized void wake(Thread thread) {
        if (participants.containsKey(thread)) {
            woken.add(thread);
            participants.put(thread, Long.MIN_VALUE);
            notifyAll();
        }
    }

    private int holds;

    /** Stops time until {@link #release}: while threads are being started that must all take part. */
    public synchronized void hold() {
        holds++;
    }

    public synchronized void release() {
        holds--;
        notifyAll();
    }

    /**
     * Waits, in real time, until {@code count} threads have waited on this clock at least once:
     * the event a {@link #hold} waits for. Once a thread has waited here it takes part, so time can
     * no longer jump past what it has still to do; a thread that has not yet reached its first wait
     * does not, and time released before then could run ahead of it. Starting a thread takes
     * microseconds, and a loaded machine delays it by milliseconds, so {@code timeoutMillis} is
     * only there to turn a thread that never comes (it failed, or the count is wrong) into an
     * error that names those that did.
     *
     * @throws IllegalStateException when fewer than {@code count} threads came within {@code timeoutMillis}
     */
    public synchronized void awaitParticipants(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (joined.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("expected " + count + " threads to wait on the virtual clock within "
                        + timeoutMillis + " ms, but only these did: " + joined);
            }
            wait(Math.max(1, left / 1_000_000L));
        }
    }

    private boolean allWaiting() {
        if (holds > 0) {
            return false;
        }
        for (Iterator<Map.Entry<Thread, Long>> it = participants.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Thread, Long> e = it.next();
            if (!e.getKey().isAlive()) {
                it.remove();
            } else if (e.getValue() == Long.MIN_VALUE) {
                return false;
            }
        }
        return true;
    }

    private long earliestDeadline() {
        long earliest = Long.MAX_VALUE;
        for (long d : participants.values()) {
            earliest = Math.min(earliest, d);
        }
        return earliest;
    }
}
