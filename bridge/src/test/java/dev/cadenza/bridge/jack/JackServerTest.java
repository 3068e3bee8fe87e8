package dev.cadenza.bridge.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cadenza.bridge.testing.Tools;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --jack}, {@code --clock jack} and {@code --in jack} against a real JACK server: {@code jackd} with its dummy backend (no sound hardware)
 * under a name of its own, Cadenza's port connected to {@code jack_midi_dump}, an independent client
 * from the same Debian package. The stream runs in its own JVM ({@link JackPlayer}), whose
 * environment picks the server. What the dump heard must be what the stream sent, every note-on
 * with its note-off, at frames whose spacing follows the steps; the figures go to
 * {@code target/jack-timing.txt}. Skipped where jackd is not installed, failing under CI.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a timing check
class JackServerTest {
    private static final int RATE = 48_000;
    /** The server's period in frames. */
    private static final int PERIOD = 256;
    /**
     * The tag of a test whose server runs synchronously: each cycle waits for every client, so the dump
     * hears every cycle of the transport test's five JVMs and tools on a busy 2-core machine
     * (asynchronously it missed one in about 16 runs: a step's messages lost to it). The other tests
     * keep the default, asynchronous mode, whose cycles no slow client holds up: their timing figures
     * are its.
     */
    private static final String SYNC = "jack-sync";
    private static final Pattern EVENT = Pattern.compile("^\\s*(\\d+): ([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2})");

    private String server;
    private Process jackd;
    private final List<Process> processes = new ArrayList<>();

    private static void assumeJack() {
        for (String tool : List.of("jackd", "jack_midi_dump", "jack_connect", "jack_lsp")) {
            boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                String why = tool + " is not installed (Debian: apt-get install jackd2)";
                if ("true".equals(System.getenv("CI"))) {
                    fail("the JACK test needs a JACK server, and " + why);
                }
                Assumptions.abort(why);
            }
        }
    }

    @BeforeEach
    void startServer(TestInfo test) throws Exception {
        assumeJack();
        server = "cadenza-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
        List<String> command = new ArrayList<>(List.of("jackd", "--no-realtime", "-n", server));
        if (test.getTags().contains(SYNC)) {
            command.add("--sync");
        }
        command.addAll(List.of("-d", "dummy", "-r", "" + RATE, "-p", "" + PERIOD));
        jackd = start(command.toArray(String[]::new));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!run("jack_lsp").contains("system:playback_1")) {
            if (System.nanoTime() > deadline || !jackd.isAlive()) {
                fail("jackd did not start: " + new String(jackd.getInputStream().readNBytes(2000), StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        // SIGTERM, not SIGKILL: a JACK server killed outright leaves its entry in the shared-memory
        // registry, and after eight of them no server starts on the machine
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(String... command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().put("JACK_DEFAULT_SERVER", server);
        b.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
        Process p = b.start();
        processes.add(p);
        return p;
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process p = start(command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    /** Starts {@link JackPlayer} in its own JVM; returns its process once its port is registered. */
    private Process player(long steps, double bpm, List<String> lines, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("Cadenza", "" + steps, "" + bpm));
        args.addAll(List.of(more));
        return java(JackPlayer.class, args, lines);
    }

    /** Starts {@code main} in a JVM of its own with this server; returns it once it printed "ready". */
    private Process java(Class<?> main, List<String> args, List<String> lines) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(args);
        Process p = start(command.toArray(String[]::new));
        Tools.awaitReady(p, lines, "the player (its port registered)");
        return p;
    }

    private static void go(Process player) throws IOException {
        Writer in = new OutputStreamWriter(player.getOutputStream(), StandardCharsets.UTF_8);
        in.write("\n");
        in.flush();
    }

    private static void awaitLine(List<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
            if (System.nanoTime() > deadline) {
                fail("no '" + prefix + "' from the player: " + lines);
            }
            Thread.sleep(50);
        }
    }

    /** jack_midi_dump, line by line (else its last lines wait in its buffer), with its lines collected. */
    private Process dump(List<String> dumped) throws IOException, InterruptedException {
        Process dump = start("stdbuf", "-oL", "jack_midi_dump", "-a", "dump");
        Tools.collectLines(dump, dumped);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!run("jack_lsp").contains("dump:input")) {
            if (System.nanoTime() > deadline) {
                fail("jack_midi_dump did not register its port: " + dumped);
            }
            Thread.sleep(50);
        }
        return dump;
    }

    /** The dumped events as frame, status, data1, data2. */
    private static List<long[]> events(List<String> dumped) {
        List<long[]> events = new ArrayList<>();
        for (String line : dumped) {
            Matcher m = EVENT.matcher(line);
            if (m.find()) {
                events.add(new long[] {Long.parseLong(m.group(1)), Integer.parseInt(m.group(2), 16),
                    Integer.parseInt(m.group(3), 16), Integer.parseInt(m.group(4), 16)});
            }
        }
        return events;
    }

    /** The frame of each step's first onset (onsets more than 10 ms apart start a new step). */
    private static List<Long> stepFrames(List<long[]> events) {
        List<Long> frames = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (long[] e : events) {
            if (((int) e[1] & 0xF0) == 0x90 && e[3] > 0) {
                if (e[0] - last > RATE / 100) {
                    frames.add(e[0]);
                }
                last = e[0];
            }
        }
        return frames;
    }

    /**
     * The count of messages the player says it sent, once the dump has heard as many (or 10 s have
     * passed: the assertions then show what is missing): the last note-offs go out a period after
     * their time, and a loaded machine prints them late.
     */
    private static long awaitHeard(List<String> dumped, List<String> lines) throws InterruptedException {
        String summary = lines.stream().filter(l -> l.startsWith("summary: ")).findFirst().orElseThrow();
        Matcher sent = Pattern.compile("(\\d+) events sent").matcher(summary);
        assertTrue(sent.find(), summary);
        long count = Long.parseLong(sent.group(1));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (events(dumped).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // and nothing more than that arrives
        return count;
    }

    /** Each pitch's note-ons and note-offs pair up; {@code lines} (the player's) go into the message. */
    private static void assertEveryNoteEnded(List<long[]> events, List<String> lines) {
        Map<Integer, Integer> sounding = new HashMap<>();
        for (long[] e : events) {
            int kind = (int) e[1] & 0xF0;
            if (kind == 0x90 && e[3] > 0) {
                sounding.merge((int) e[2], 1, Integer::sum);
            } else if (kind == 0x80 || kind == 0x90) {
                sounding.merge((int) e[2], -1, Integer::sum);
            }
        }
        assertTrue(sounding.values().stream().allMatch(v -> v == 0), "a note-on without its note-off: " + sounding
                + " in the " + events.size() + " messages heard; the player: " + lines);
    }

    @Test
    @DisplayName("jack_midi_dump hears every message the stream sent, every note ended, at frames spaced as the steps")
    void jackMidiDumpHearsTheStream() throws Exception {
        List<String> dumped = new CopyOnWriteArrayList<>();
        Process dump = dump(dumped);
        List<String> lines = new CopyOnWriteArrayList<>();
        double bpm = 120;
        long steps = 128;
        Process player = player(steps, bpm, lines);
        assertTrue(run("jack_lsp").contains("Cadenza:out"), "Cadenza's port is listed");
        String connected = run("jack_connect", "Cadenza:out", "dump:input");
        assertEquals("", connected.strip(), "jack_connect: " + connected);
        go(player);
        awaitLine(lines, "done");
        long sent = awaitHeard(dumped, lines);
        dump.destroy();

        List<long[]> events = events(dumped);
        assertEquals(sent, events.size(), "every message sent was heard: " + lines);

        assertEveryNoteEnded(events, lines);
        List<Long> stepFrames = stepFrames(events);

        // spacing: between steps with onsets, the frames against the whole number of steps they span
        double stepFrames1 = RATE * 60.0 / bpm / 4;
        List<Double> errorsMs = new ArrayList<>();
        for (int i = 1; i < stepFrames.size(); i++) {
            double span = (stepFrames.get(i) - stepFrames.get(i - 1)) / stepFrames1;
            errorsMs.add(Math.abs(span - Math.round(span)) * stepFrames1 * 1000.0 / RATE);
        }
        errorsMs.sort(Double::compare);
        assertTrue(errorsMs.size() > steps / 4, "steps with onsets: " + errorsMs.size());
        String figures = String.format(Locale.ROOT, "JACK dummy server, %d Hz, %d-frame periods; %d events, %d"
                + " steps with onsets; spacing error between steps: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                RATE, PERIOD, events.size(), stepFrames.size(), quantile(errorsMs, 0.5), quantile(errorsMs, 0.99),
                errorsMs.get(errorsMs.size() - 1));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "jack-timing.txt"), figures);
        System.out.print(figures);
        player.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    @Tag(SYNC)
    @DisplayName("--clock jack: the stream waits for JACK's transport, plays at its master's tempo on its frames, stops with it")
    void theStreamFollowsJackTransport() throws Exception {
        List<String> dumped = new CopyOnWriteArrayList<>();
        Process dump = dump(dumped);
        List<String> lines = new CopyOnWriteArrayList<>();
        Process player = player(48, 120, lines, "transport");
        String connected = run("jack_connect", "Cadenza:out", "dump:input");
        assertEquals("", connected.strip(), "jack_connect: " + connected);
        go(player);
        Process transport = start("jack_transport");
        Writer keys = new OutputStreamWriter(transport.getOutputStream(), StandardCharsets.UTF_8);
        Thread.sleep(1000);
        assertTrue(events(dumped).isEmpty(), "nothing before the transport rolls: " + dumped);
        keys.write("master\ntempo 100\nlocate 0\nplay\n");
        keys.flush();
        Thread.sleep(2500);
        keys.write("stop\n");
        keys.flush();
        Thread.sleep(1500);
        int beforeStart = events(dumped).size();
        keys.write("play\n");
        keys.flush();
        awaitLine(lines, "done");
        keys.write("stop\nquit\n");
        keys.flush();
        awaitHeard(dumped, lines);
        dump.destroy();

        List<long[]> events = events(dumped);
        assertEveryNoteEnded(events, lines);
        assertTrue(lines.stream().anyMatch(l -> l.equals("log: JACK transport rolling at 100.0 BPM")), lines.toString());
        // at 100 BPM a sixteenth is 7,200 frames: onsets follow each other by whole sixteenths. Measured
        // from one onset to the next, not from the first: on a busy machine the dump's frame count was
        // seen to fall behind the transport's by whole periods, a few over a run
        List<Long> steps = stepFrames(events);
        assertTrue(steps.size() > 20 && beforeStart > 0, steps.size() + " steps with onsets");
        long worst = 0;
        long pause = 0;
        long spanned = 0;
        long sixteenths = 0;
        for (int i = 1; i < steps.size(); i++) {
            long gap = steps.get(i) - steps.get(i - 1);
            pause = Math.max(pause, gap);
            if (gap <= RATE) { // longer: the transport stood here
                worst = Math.max(worst, Math.abs(Math.floorMod(gap + 3600, 7200) - 3600));
                spanned += gap;
                sixteenths += Math.round(gap / 7200.0);
            }
        }
        assertTrue(pause > RATE, "the stop held the stream for over a second: the longest gap was " + pause + " frames");
        // the master's tempo, not the stream's own 120 BPM (6,000 frames a sixteenth)
        double frames = spanned / (double) Math.max(1, sixteenths);
        assertEquals(7200, frames, 72, "frames per sixteenth over the onsets, at the master's 100 BPM");
        String figures = String.format(Locale.ROOT, "JACK transport at 100 BPM (jack_transport as timebase master):"
                + " %d steps with onsets, %.1f frames a sixteenth (7,200 at 100 BPM), the farthest %.3f ms from a"
                + " whole number of sixteenths after the onset before%n", steps.size(), frames, worst * 1000.0 / RATE);
        Files.writeString(Path.of("target", "jack-transport.txt"), figures);
        System.out.print(figures);
        // on its sixteenth, not between two: how close is a measurement (the file above), not a test
        // that a loaded machine may fail
        assertTrue(worst < 7200 / 4, "an onset " + worst + " frames from a whole number of sixteenths after the"
                + " one before (a relocation re-starts the grid, but none happened here)");
    }

    @Test
    @DisplayName("--in jack: what another JACK client sends to Cadenza's input port reaches the keyboard's receiver")
    void theInputPortHearsAnotherClient() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Process listener = java(JackListener.class, List.of("Cadenza-in", "4"), lines);
        // jack_midiseq loops 0.5 s: C4 at its start, E4 a quarter of a second in, each 0.125 s long
        Process seq = start("jack_midiseq", "seq", "24000", "0", "60", "6000", "12000", "64", "6000");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!run("jack_lsp").contains("seq:out")) {
            if (System.nanoTime() > deadline || !seq.isAlive()) {
                fail("jack_midiseq did not register its port");
            }
            Thread.sleep(50);
        }
        String connected = run("jack_connect", "seq:out", "Cadenza-in:in");
        assertEquals("", connected.strip(), "jack_connect: " + connected);
        awaitLine(lines, "done");
        List<String> heard = lines.stream().filter(l -> l.startsWith("heard ")).toList();
        assertTrue(heard.stream().filter(l -> l.equals("heard 90 3c 40")).count() >= 3, heard.toString());
        assertTrue(heard.stream().filter(l -> l.equals("heard 90 40 40")).count() >= 3, heard.toString());
        assertTrue(heard.stream().anyMatch(l -> l.startsWith("heard 80 3c")), heard.toString());
        assertTrue(lines.contains("dropped 0"), lines.toString());
        assertTrue(listener.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    @DisplayName("the server going away mid-stream: the stream says so and plays on to its end")
    void theServerVanishing() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Process player = player(64, 120, lines);
        go(player);
        Thread.sleep(1500);
        jackd.destroy(); // the server shuts down: its clients are told
        jackd.waitFor(10, TimeUnit.SECONDS);
        awaitLine(lines, "done");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("log: output 'JACK Cadenza:out' is gone")), lines.toString());
        assertTrue(player.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, player.exitValue(), lines.toString());
    }

    private static double quantile(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
