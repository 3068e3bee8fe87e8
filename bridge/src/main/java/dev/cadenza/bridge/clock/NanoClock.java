package dev.cadenza.bridge.clock;

/**
 * The one monotonic clock of a stream, in nanoseconds, injected everywhere so that tests drive
 * time by hand. Threads sleep through it ({@link #waitUntil}, {@link #spinUntil}) so that a test
 * clock can decide what waiting means.
 */
public interface NanoClock {

    /** Now, in nanoseconds on an arbitrary monotonic origin. Real-time safe. */
    long nanos();

    /**
     * Sleeps until about {@code deadlineNanos} (the system's timer and scheduler decide how
     * closely), or less when the thread is unparked or interrupted: callers re-check their
     * condition. Allocates nothing and takes no lock.
     */
    void waitUntil(long deadlineNanos);

    /**
     * Busy-waits until {@code deadlineNanos}, or until {@code early} says there is work (e.g. a
     * note played that must be forwarded now), or the thread is interrupted: for the last stretch
     * before an event, where waking from a sleep would be too late. Allocates nothing and takes no
     * lock ({@code early} must not either). A test clock may treat it as {@link #waitUntil}.
     */
    default void spinUntil(long deadlineNanos, java.util.function.BooleanSupplier early) {
        waitUntil(deadlineNanos);
    }

    /**
     * Wakes {@code thread} from {@link #waitUntil} now (new work arrived for it, e.g. a note
     * played); a thread not waiting returns from its next wait at once. Real-time safe.
     */
    default void wake(Thread thread) {
        java.util.concurrent.locks.LockSupport.unpark(thread);
    }

    /** The system's monotonic clock ({@link System#nanoTime()}). */
    static NanoClock system() {
        return SystemNanoClock.INSTANCE;
    }
}
