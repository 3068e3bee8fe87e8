package dev.cadenza.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a JVM that is shutting down (Ctrl-C, SIGTERM) until the work in a try-with-resources
 * block ends, for a bounded time: the JVM halts once its shutdown hooks return, and a command whose
 * stream a hook stops still has its summary to print and its recording to report.
 */
final class ShutdownGrace implements AutoCloseable {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownGrace(long seconds) {
        hook = new Thread(() -> {
            try {
                done.await(seconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cadenza-grace");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Holds a shutdown for up to {@code seconds} until {@link #close}. */
    static ShutdownGrace hold(long seconds) {
        return new ShutdownGrace(seconds);
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running, and returns now
        }
    }
}
