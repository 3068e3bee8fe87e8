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

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized void waitUntil(long deadlineNanos) {
        Thread me = Thread.currentThread();
        participants.put(me, deadlineNanos);
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
