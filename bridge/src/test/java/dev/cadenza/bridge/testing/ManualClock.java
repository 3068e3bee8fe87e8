package dev.cadenza.bridge.testing;

import dev.cadenza.bridge.clock.NanoClock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand; waiting returns at once (single-threaded tests drive time). */
public final class ManualClock implements NanoClock {
    private final AtomicLong nanos = new AtomicLong();

    public ManualClock(long startNanos) {
        nanos.set(startNanos);
    }

    @Override
    public long nanos() {
        return nanos.get();
    }

    public void set(long value) {
        nanos.set(value);
    }

    public void advance(long deltaNanos) {
        nanos.addAndGet(deltaNanos);
    }

    @Override
    public void waitUntil(long deadlineNanos) {
        // single-threaded tests move time themselves
    }
}
