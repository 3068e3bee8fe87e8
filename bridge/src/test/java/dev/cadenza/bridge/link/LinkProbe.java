package dev.cadenza.bridge.link;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.control.TerminalKeys;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A Link peer on {@link LinkSession} in a JVM of its own, for tests that run it in a private
 * network namespace beside Ableton's LinkHutSilent ({@link LinkHutSilentTest}). Arguments: the
 * tempo it founds a session with. It prints a state line on each command and every 100 ms:
 * {@code peers=N bpm=B playing=P beat=X malformed=M timeline=MICROS_PER_BEAT,BEAT_ORIGIN,TIME_ORIGIN,GHOST_OFFSET}
 * (the last four as {@link LinkSession.State} holds them, so that a reader on the same machine
 * can compute the beat at any {@link System#nanoTime()}). Commands on stdin: {@code tempo B} (the
 * live controls' tempo, as the live view's knob sets it), {@code key K} (a terminal key of {@code cadenza
 * play}, e.g. {@code t}: 2 BPM faster), {@code play}, {@code stop}, {@code quit}. The tempo takes
 * the path it takes in {@code cadenza play --link}: live controls, the stream's {@link LinkTransport},
 * the session.
 */
public final class LinkProbe {
    private LinkProbe() {
    }

    public static void main(String[] args) throws Exception {
        NanoClock clock = NanoClock.system();
        LinkSession link = LinkSession.join(clock, new LinkSession.Options(Double.parseDouble(args[0]), true, List.of()),
                line -> System.out.println("log " + line));
        LiveControls live = new LiveControls(1, 0, 25);
        live.transport(LinkTransport.follow(link, clock, 4, true));
        TerminalKeys keys = new TerminalKeys(live, System.in, System.out);
        Thread printer = new Thread(() -> {
            while (true) {
                print(link, clock);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        printer.setDaemon(true);
        printer.start();
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "tempo" -> live.tempo(Double.parseDouble(words[1]));
                case "key" -> System.out.println("log " + keys.key(words[1].charAt(0)));
                case "play" -> link.setPlaying(true);
                case "stop" -> link.setPlaying(false);
                case "quit" -> {
                    link.close();
                    System.out.println("bye");
                    System.out.flush();
                    System.exit(0);
                }
                default -> System.out.println("log unknown command " + line);
            }
        }
        link.close();
    }

    private static synchronized void print(LinkSession link, NanoClock clock) {
        LinkSession.State s = link.state();
        double beat = s.beatsAt(clock.nanos());
        Timeline t = s.timeline();
        System.out.println(String.format(Locale.ROOT,
                "peers=%d bpm=%.2f playing=%b beat=%.4f malformed=%d timeline=%d,%d,%d,%d",
                s.peers(), t.bpm(), s.startStop().playing(), beat, link.malformed(), t.microsPerBeat(),
                t.beatOrigin(), t.timeOrigin(), s.ghostOffsetMicros()));
        System.out.flush();
    }
}
