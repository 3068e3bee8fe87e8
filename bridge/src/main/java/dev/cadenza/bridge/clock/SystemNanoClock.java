package dev.cadenza.bridge.clock;

import java.util.concurrent.locks.LockSupport;

/** {@link System#nanoTime()}; sleeping parks the thread, spinning calls {@link Thread#onSpinWait()}. */
final class SystemNanoClock implements NanoClock {
    static final SystemNanoClock INSTANCE = new SystemNanoClock();

    private SystemNanoClock() {
    }

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    /** Real-time safe: no allocation, no lock. */
    @Override
    public void waitUntil(long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    /** Real-time safe: no allocation, no lock. */
    @Override
    public void spinUntil(long deadlineNanos, java.util.function.BooleanSupplier early) {
        while (deadlineNanos - System.nanoTime() > 0) {
            if (Thread.currentThread().isInterrupted() || early.getAsBoolean()) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
