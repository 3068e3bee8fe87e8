package dev.cadenza.engine.testing;

/** How many bytes a piece of real-time work allocates, measured with the JVM's per-thread counter. */
public final class Allocations {
    /**
     * How long {@link #fewestBytes} repeats its runs at most. Measured on a two-core machine, a run
     * of a model's 500 steps took about 40 ms and, without the warm-up, only the first run
     * allocated; a loaded machine's compiler threads may be slower by several times, not by the
     * hundreds of times this allows.
     */
    private static final long RUNS_MILLIS = 60_000;

    private Allocations() {
    }

    /**
     * The fewest bytes that one call of {@code run} allocated on this thread, over calls repeated
     * until one allocates nothing or a minute has passed, after {@code warmUp} (called once first).
     * Each call must do the same work on the same numbers (the same seed, controls and frames), so
     * that an allocation the work makes, even on some steps only, happens in every call: at least 16
     * bytes (the smallest object), never 0 (what is allocated once, on first use, is not the step's:
     * the warm-up takes it). What differs between calls is only how the JIT has compiled the work:
     * until C2 has compiled it, in the background and later on a loaded machine, the interpreter and
     * C1 allocate objects that C2's escape analysis removes (and a deoptimisation can send a call
     * back to them). So a call of 0 bytes shows that the compiled work, the one a stream runs,
     * allocates nothing, and the minimum is the right measure; a single measured call is not.
     */
    public static long fewestBytes(Runnable warmUp, Runnable run) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        warmUp.run();
        long fewest = Long.MAX_VALUE;
        long deadline = System.nanoTime() + RUNS_MILLIS * 1_000_000L;
        do {
            long before = threads.getCurrentThreadAllocatedBytes();
            run.run();
            fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
        } while (fewest > 0 && System.nanoTime() < deadline);
        return fewest;
    }
}
