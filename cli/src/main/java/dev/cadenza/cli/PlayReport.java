package dev.cadenza.cli;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.control.ControlAction;
import dev.cadenza.bridge.control.ControlMap;
import dev.cadenza.bridge.control.ControlReceiver;
import dev.cadenza.bridge.keyboard.KeyboardInput;
import dev.cadenza.bridge.keyboard.PlayMode;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.engine.model.StepModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What {@code cadenza play} says to the person at the terminal: the figures at the end, and the control-map dialogue. */
final class PlayReport {
    private PlayReport() {
    }

    static void stream(PrintWriter say, StreamStats stats, StepModel model, double bpm) {
        say.println("cadenza: " + stats.summary());
        double stepMs = bpm > 0 ? 60_000.0 / bpm / model.stepsPerQuarter() : 0;
        if (stepMs > 0) {
            say.printf(Locale.ROOT, "cadenza: generation headroom: %.2f ms per step (max %.2f) against a step of"
                    + " %.1f ms at %.0f BPM%n", stats.computeNanosMean() / 1e6, stats.computeNanosMax() / 1e6, stepMs, bpm);
        }
        if (stats.stepsMissed() > 0) {
            say.println("cadenza: " + stats.stepsMissed() + " steps were not ready in time and were held;"
                    + " Gibbs steps in use ended at " + stats.gibbsInUse());
        }
        say.flush();
    }

    /** The keyboard mode's figures: answers and their latency, collisions, thru, notes left out or lost. */
    static void keyboard(PrintWriter say, StreamStats stats, StepModel model, double bpm, PlayMode mode, String preset,
            KeyboardInput player) {
        int n = stats.answers();
        double stepMs = bpm > 0 ? 60_000.0 / bpm / model.stepsPerQuarter() : 0;
        if (mode != PlayMode.ACCOMPANY) {
            if (n == 0) {
                say.println("cadenza: no answer was played (no call ended while the stream ran)");
            } else {
                long[] fromEnd = new long[n];
                long[] fromLast = new long[n];
                for (int i = 0; i < n; i++) {
                    fromEnd[i] = stats.answerLatencyNanos(i);
                    fromLast[i] = stats.answerFromLastNoteNanos(i);
                }
                java.util.Arrays.sort(fromEnd);
                java.util.Arrays.sort(fromLast);
                say.printf(Locale.ROOT, "cadenza: %d answers; end of call to the answer's first note: p50 %.2f ms,"
                        + " max %.2f ms (a step is %.1f ms); last note of the call to the answer: p50 %.1f ms, max %.1f ms"
                        + " (this includes the silence that ends a call)%n",
                        n, fromEnd[(n - 1) / 2] / 1e6, fromEnd[n - 1] / 1e6, stepMs, fromLast[(n - 1) / 2] / 1e6,
                        fromLast[n - 1] / 1e6);
            }
        }
        if (stats.playedOutOfRange() > 0) {
            say.printf("cadenza: %d played notes were outside %s's range %s and left out%n", stats.playedOutOfRange(),
                    preset, model.range());
        }
        if (player.dropped() > 0) {
            say.printf("cadenza: %d played messages were lost: the stream did not take them in time%n",
                    player.dropped());
        }
        if (stats.collisionsAvoided() > 0 || stats.thruSent() > 0) {
            say.printf(Locale.ROOT, "cadenza: %d generated notes kept off played ones; %d messages forwarded (thru)%n",
                    stats.collisionsAvoided(), stats.thruSent());
        }
        say.flush();
    }

    /** Asks for a control per action, saves the map to {@code file} and gives it to {@code receiver}. */
    static void learn(ControlReceiver receiver, PrintWriter say, Path file) throws InterruptedException {
        ControlMap map = receiver.map();
        for (ControlAction action : ControlAction.values()) {
            say.printf("cadenza: move the %s for %s (20 s, or leave it as %s)%n",
                    action.isButton() ? "button" : "knob", action.key(),
                    map.binding(action) == null ? "unmapped" : "CC " + map.binding(action));
            say.flush();
            CompletableFuture<ControlMap.Binding> next = new CompletableFuture<>();
            receiver.learnNext(next::complete);
            try {
                ControlMap.Binding b = next.get(20, TimeUnit.SECONDS);
                map = map.with(action, b);
                say.println("cadenza:   " + action.key() + " = CC " + b);
                Thread.sleep(700); // let the rest of that movement go by
            } catch (TimeoutException e) {
                receiver.learnNext(null);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new BridgeException("learning " + action.key() + " failed: " + e.getCause().getMessage(), e);
            }
        }
        receiver.map(map);
        map.write(file);
        say.println("cadenza: control map saved to " + file + " (used by later runs)");
        say.flush();
    }

    static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
