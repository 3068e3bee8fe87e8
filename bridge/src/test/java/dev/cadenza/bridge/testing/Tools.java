package dev.cadenza.bridge.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Outside programs the tests run: whether a tool runs here, and a child process's output. */
public final class Tools {
    private Tools() {
    }

    /**
     * Collects {@code process}'s output lines into {@code lines} on a daemon thread, then waits until
     * one of them is {@code ready}; fails saying what it printed if it does not within 30 s or ends.
     */
    public static void awaitReady(Process process, List<String> lines, String what) throws InterruptedException {
        collectLines(process, lines);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!lines.contains("ready")) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                fail(what + " did not start: " + lines);
            }
            Thread.sleep(50);
        }
    }

    /** Adds each line {@code process} prints to {@code lines}, on a daemon thread, until it ends. */
    public static void collectLines(Process process, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // it ended
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether {@code command} runs and exits with 0 within ten seconds. */
    public static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
