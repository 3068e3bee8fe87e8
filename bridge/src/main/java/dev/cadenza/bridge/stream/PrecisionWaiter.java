package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.clock.NanoClock;

/**
 * How the emission thread waits for an event: sleep until a margin before it, then spin. Waking
 * from a sleep is late by the scheduler's latency, small on an idle machine and several
 * milliseconds on a loaded one, so the margin follows what is observed: a slowly decaying maximum
 * of how late sleeps woke, plus {@link #SAFETY_NANOS}, between {@link #MIN_SPIN_NANOS} and
 * {@link #MAX_SPIN_NANOS}. The spin costs at most that much of one core per burst of events.
 *
 * <p>The bounds can be tuned with the system properties {@code cadenza.spin.min.micros} and
 * {@code cadenza.spin.max.micros}.
 *
 * <p>Emission thread only; real-time safe.
 */
final class PrecisionWaiter {
    static final long MIN_SPIN_NANOS = Long.getLong("cadenza.spin.min.micros", 500) * 1000;
    static final long MAX_SPIN_NANOS = Long.getLong("cadenza.spin.max.micros", 5000) * 1000;
    static final long SAFETY_NANOS = 300_000;
    /** Per sleep: how much of the worst lateness seen is kept. */
    private static final double DECAY = 0.995;

    private final NanoClock clock;
    private double lateMaxNanos = 1_000_000;

    PrecisionWaiter(NanoClock clock) {
        this.clock = clock;
    }

    /** The current spin margin. */
    long spinNanos() {
        return Math.max(MIN_SPIN_NANOS, Math.min(MAX_SPIN_NANOS, (long) lateMaxNanos + SAFETY_NANOS));
    }

    /**
     * Waits until {@code deadlineNanos}, or until {@code wakeNanos} (a later check of flags) when
     * it comes first and is not worth spinning for, or, while spinning, until {@code early} says
     * there is work now.
     */
    void waitFor(long deadlineNanos, long wakeNanos, java.util.function.BooleanSupplier early) {
        long now = clock.nanos();
        long spin = spinNanos();
        long sleepUntil = deadlineNanos - spin;
        if (sleepUntil - now > 0) {
            long target = Math.min(sleepUntil, wakeNanos);
            clock.waitUntil(target);
            long late = clock.nanos() - target;
            lateMaxNanos = Math.max(late, lateMaxNanos * DECAY);
            return; // the caller looks at its flags and comes back to spin
        }
        clock.spinUntil(deadlineNanos, early);
    }
}
