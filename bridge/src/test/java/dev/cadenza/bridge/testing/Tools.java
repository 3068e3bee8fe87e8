package dev.cadenza.bridge.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether an outside tool the tests use runs here. */
public final class Tools {
    private Tools() {
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
