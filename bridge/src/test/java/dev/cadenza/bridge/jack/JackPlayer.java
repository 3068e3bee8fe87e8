package dev.cadenza.bridge.jack;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.testing.FakeModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A stream of the seeded {@link FakeModel} into {@link JackOutput}, in its own JVM so that its
 * environment ({@code JACK_DEFAULT_SERVER}) picks the test's JACK server: {@code JackPlayer NAME STEPS
 * BPM [transport]}, the last to follow JACK's transport instead of its own clock. Prints "ready" once its port is registered, waits for a line on stdin, plays, then prints
 * the stream's summary and "done".
 */
public final class JackPlayer {
    private JackPlayer() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        long steps = Long.parseLong(args[1]);
        double bpm = Double.parseDouble(args[2]);
        JackOutput jack = new JackOutput(name);
        LiveStream.Builder builder = LiveStream.builder(new FakeModel(4), jack).clock(NanoClock.system()).bpm(bpm)
                .options(StreamOptions.defaults().withSteps(steps).withSeed(7))
                .log(m -> System.out.println("log: " + m));
        if (args.length > 3 && args[3].equals("transport")) {
            builder.transport(JackTransport.open(name + "-transport", bpm, m -> System.out.println("log: " + m)));
        }
        LiveStream stream = builder.build();
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        stream.start();
        RuntimeException failure = stream.awaitEnd();
        System.out.println("summary: " + stream.stats().summary());
        System.out.println(failure == null ? "done" : "failed: " + failure.getMessage());
        System.out.flush();
        System.exit(0);
    }
}
