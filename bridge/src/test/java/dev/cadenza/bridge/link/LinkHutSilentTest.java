package dev.cadenza.bridge.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.cadenza.bridge.testing.LinkHut;
import dev.cadenza.bridge.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cadenza's Link peer ({@link LinkProbe}, in a JVM of its own) against Ableton's own,
 * LinkHutSilent, both in a private network namespace ({@code unshare -n}, a veth pair, a multicast
 * route), so no packet leaves the test. LinkHutSilent is built from Link's GPL-2 source, kept as a
 * test peer ({@link dev.cadenza.bridge.testing.LinkHut}). Skipped, with the reason, where the build
 * tools or {@code unshare} are missing; failing under CI.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a timing check
class LinkHutSilentTest {
    /** LinkHutSilent's status line: enabled | peers | quantum | sync [state] | tempo | beats | metronome. */
    private static final Pattern HUT = Pattern.compile(
            "(yes|no)\\s*\\|\\s*(\\d+)\\s*\\|\\s*([\\d.]+)\\s*\\|\\s*(yes|no)\\s*\\[(playing|stopped)\\]\\s*\\|\\s*([\\d.]+)\\s*\\|\\s*(-?[\\d.]+)");
    private static final Pattern PROBE = Pattern.compile(
            "peers=(\\d+) bpm=([\\d.]+) playing=(true|false) beat=(-?[\\d.]+) malformed=(\\d+) timeline=(-?\\d+),(-?\\d+),(-?\\d+),(-?\\d+)");

    @TempDir
    Path dir;
    private Process namespace;
    private Writer probeIn;
    private final List<String> probeLines = new CopyOnWriteArrayList<>();
    /** LinkHutSilent's status lines as they arrived, each with the {@link System#nanoTime()} of its arrival. */
    private final List<Stamped> hutLines = new CopyOnWriteArrayList<>();

    private record Stamped(long nanos, String line) {
    }

    @AfterEach
    void stop() throws Exception {
        if (probeIn != null) {
            try {
                probeIn.write("quit\n");
                probeIn.flush();
            } catch (IOException gone) {
                // already ended
            }
        }
        if (namespace != null) {
            hut("q");
            if (!namespace.waitFor(10, TimeUnit.SECONDS)) {
                namespace.descendants().forEach(ProcessHandle::destroyForcibly);
                namespace.destroyForcibly();
            }
        }
    }

    @Test
    @DisplayName("Cadenza and LinkHutSilent find each other, share tempo both ways, start and stop together, and meet again after one leaves")
    void sharesASessionWithAbletonsPeer() throws Exception {
        String hut = LinkHut.path();
        start(hut, 120);
        hut("a"); // LinkHutSilent enables Link
        awaitBoth("both see one peer", h -> h.peers == 1, p -> p.peers == 1, 10_000);

        hut("e"); // LinkHutSilent raises its tempo by 1 BPM
        long ms = awaitBoth("LinkHutSilent's tempo reaches Cadenza", h -> h.bpm == 121.0, p -> p.bpm == 121.0, 5_000);
        assertTrue(ms <= 1_000, "the tempo took " + ms + " ms to reach Cadenza (expected within a second)");

        probe("tempo 96.5");
        ms = awaitBoth("Cadenza's tempo reaches LinkHutSilent", h -> h.bpm == 96.5, p -> p.bpm == 96.5, 5_000);
        assertTrue(ms <= 1_000, "the tempo took " + ms + " ms to reach LinkHutSilent (expected within a second)");
        probe("key t"); // play's tempo key: 2 BPM faster, proposed to the session
        ms = awaitBoth("Cadenza's tempo key reaches LinkHutSilent", h -> h.bpm == 98.5, p -> p.bpm == 98.5, 5_000);
        assertTrue(ms <= 1_000, "the tempo took " + ms + " ms to reach LinkHutSilent (expected within a second)");

        double[] phase = phaseError(2_000);
        String figure = String.format(Locale.ROOT, "beat phase of Cadenza against LinkHutSilent, modulo the quantum,"
                + " at 98.5 BPM: %+.3f ms (the %d status lines of LinkHutSilent bound it to %.3f .. %.3f ms)%n",
                phase[0], (int) phase[3], phase[1], phase[2]);
        Files.writeString(Path.of("target", "link-phase.txt"), figure);
        assertTrue(Math.abs(phase[0]) <= 1.0, figure.trim() + " (expected within 1 ms)");

        hut("s"); // LinkHutSilent syncs start/stop (Cadenza's probe does from the start)
        probe("play");
        awaitBoth("Cadenza starts LinkHutSilent", x -> x.playing, x -> x.playing, 5_000);
        hut(" ");
        awaitBoth("LinkHutSilent stops Cadenza", x -> !x.playing, x -> !x.playing, 5_000);

        hut("a"); // LinkHutSilent leaves (bye-bye)
        awaitBoth("Cadenza sees it leave", x -> x.peers == 0, x -> x.peers == 0, 5_000);
        hut("a");
        awaitBoth("and come back", x -> x.peers == 1, x -> x.peers == 1, 10_000);
        assertEquals(0, probeState().malformed, "datagrams Cadenza could not read from Ableton's peer");
    }

    @Test
    @DisplayName("foreign and broken datagrams are counted and dropped; a network that goes away leaves it playing, said, and one that comes back is joined")
    void survivesBadDatagramsAndAVanishingNetwork() throws Exception {
        String hut = LinkHut.path();
        start(hut, 110);
        hut("a");
        awaitBoth("both see one peer", h -> h.peers == 1, p -> p.peers == 1, 10_000);

        inNamespace("printf 'hello' > /dev/udp/224.76.78.75/20808");
        inNamespace("printf '_asdp_v\\001\\001' > /dev/udp/224.76.78.75/20808"); // a header cut short
        awaitBoth("the two datagrams are counted", h -> true, p -> p.malformed >= 2, 5_000);
        assertTrue(probeLines.stream().anyMatch(l -> l.startsWith("log Link: dropped a datagram from")), probeLines.toString());

        double tempo = probeState().bpm; // the session's: whichever of the two founded it
        inNamespace("ip link set v0 down; ip link set v1 down");
        awaitLog(String.format(Locale.ROOT, "Link: interface v0 is gone; playing on at %.1f BPM", tempo), 5_000);
        awaitLog("only Link peers on this machine can be found", 5_000);
        assertEquals(1, probeState().peers, "LinkHutSilent is still there through the loopback");
        inNamespace("ip link set v0 up; ip link set v1 up; ip route add 224.0.0.0/4 dev v0");
        int before = (int) probeLines.stream().filter(l -> l.equals("log Link: on v0 (10.77.0.1)")).count();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (probeLines.stream().filter(l -> l.equals("log Link: on v0 (10.77.0.1)")).count() <= before) {
            assertTrue(System.nanoTime() < deadline, "the interface that came back was not joined again: " + probeLines);
            Thread.sleep(50);
        }
        awaitBoth("still one session", h -> h.peers == 1 && h.bpm == tempo, p -> p.peers == 1 && p.bpm == tempo, 5_000);
    }

    private void inNamespace(String shell) throws Exception {
        Process p = new ProcessBuilder("nsenter", "-t", Long.toString(namespace.pid()), "-n", "bash", "-c", shell)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, shell + ": " + out);
    }

    private void awaitLog(String text, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (probeLines.stream().noneMatch(l -> l.startsWith("log ") && l.contains(text))) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in Cadenza's log: " + probeLines.stream()
                    .filter(l -> l.startsWith("log ")).toList());
            Thread.sleep(50);
        }
    }

    /**
     * How far Cadenza's beat is behind or ahead of LinkHutSilent's, modulo the quantum, in
     * milliseconds: each status line LinkHutSilent prints carries its beat rounded to hundredths,
     * so it bounds the difference from Cadenza's beat at the line's arrival (computed from the
     * timeline the probe prints, on the same monotonic clock) to a hundredth of a beat; over
     * {@code millis} of lines whose beats fall at different places between hundredths, the bounds
     * close in. The arrival comes a pipe's latency (tens of microseconds) after the print. Returns
     * the middle of the bounds, the bounds, and the number of lines.
     */
    private double[] phaseError(long millis) throws Exception {
        int from = hutLines.size();
        Thread.sleep(millis);
        Matcher p = null;
        for (int i = probeLines.size() - 1; i >= 0 && p == null; i--) {
            Matcher m = PROBE.matcher(probeLines.get(i));
            if (m.matches()) {
                p = m;
            }
        }
        assertTrue(p != null, "no status line from Cadenza's probe");
        long microsPerBeat = Long.parseLong(p.group(6));
        long beatOrigin = Long.parseLong(p.group(7));
        long timeOrigin = Long.parseLong(p.group(8));
        long ghostOffset = Long.parseLong(p.group(9));
        double reference = Double.NaN;
        double quantum = 4;
        List<Double> differences = new ArrayList<>();
        for (Stamped line : hutLines.subList(from, hutLines.size())) {
            Matcher m = HUT.matcher(line.line());
            if (!m.find()) {
                continue;
            }
            State h = hutState(m);
            quantum = h.quantum;
            double ghost = line.nanos() / 1e3 + ghostOffset;
            double cadenza = (beatOrigin + (ghost - timeOrigin) * 1e6 / microsPerBeat) / 1e6;
            double d = h.beat - cadenza;
            if (Double.isNaN(reference)) {
                reference = d;
            }
            differences.add(d - Math.round((d - reference) / quantum) * quantum); // modulo the quantum, near the first
        }
        int lines = differences.size();
        assertTrue(lines >= 20, "too few status lines from LinkHutSilent: " + lines);
        // A line that arrives late (its printer or our reader waited for a core) makes the difference
        // look smaller, never larger: every line's lower bound holds, the upper bounds of the few late
        // ones do not, so the upper bound is the tenth percentile of the lines' upper bounds.
        differences.sort(null);
        double lo = differences.get(lines - 1) - 0.005;
        double hi = differences.get(lines / 10) + 0.005;
        assertTrue(lo <= hi, "LinkHutSilent's beats contradict each other against Cadenza's timeline (bounds " + lo
                + " .. " + hi + " beats): a tempo or beat change during the measurement?");
        double middle = (lo + hi) / 2;
        double shift = Math.round(middle / quantum) * quantum;
        double msPerBeat = microsPerBeat / 1e3;
        return new double[] {(middle - shift) * msPerBeat, (lo - shift) * msPerBeat, (hi - shift) * msPerBeat, lines};
    }

    private void start(String hut, double bpm) throws Exception {
        Path fifo = dir.resolve("hut.in");
        Path hutOut = dir.resolve("hut.out");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString(), hutOut.toString()).start().waitFor());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String script = String.join("\n", LinkHut.PRIVATE_NETWORK,
                "\"$HUT\" < \"$DIR/hut.in\" > \"$DIR/hut.out\" 2>&1 &",
                "exec \"$JAVA\" -cp \"$CP\" " + LinkProbe.class.getName() + " " + bpm);
        ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "bash", "-c", script).redirectErrorStream(true);
        pb.environment().put("HUT", hut);
        pb.environment().put("DIR", dir.toString());
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("CP", System.getProperty("java.class.path"));
        namespace = pb.start();
        probeIn = new java.io.OutputStreamWriter(namespace.getOutputStream(), StandardCharsets.UTF_8);
        Tools.awaitReady(namespace, probeLines, "Cadenza's Link probe");
        Thread hutReader = new Thread(() -> readHut(hutOut));
        hutReader.setDaemon(true);
        hutReader.start();
        hutWriter = Files.newOutputStream(fifo); // opens once LinkHutSilent reads it
    }

    /** Reads LinkHutSilent's status lines (it redraws one line with a carriage return) as they come. */
    private void readHut(Path out) {
        try (var in = Files.newInputStream(out)) {
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0; ) {
                if (c == '\r' || c == '\n') {
                    if (line.length() > 0) {
                        hutLines.add(new Stamped(System.nanoTime(), line.toString()));
                        line.setLength(0);
                    }
                } else {
                    line.append((char) c);
                }
            }
        } catch (IOException e) {
            // it ended
        }
    }

    private OutputStream hutWriter;

    private void hut(String key) throws IOException {
        if (hutWriter != null) {
            hutWriter.write((key + "\n").getBytes(StandardCharsets.UTF_8));
            hutWriter.flush();
        }
    }

    private void probe(String command) throws IOException {
        probeIn.write(command + "\n");
        probeIn.flush();
    }

    /** One side's state, from its last status line. */
    record State(int peers, double bpm, boolean playing, double beat, double quantum, long malformed, boolean enabled) {
    }

    private State hutState() {
        for (int i = hutLines.size() - 1; i >= 0; i--) {
            Matcher m = HUT.matcher(hutLines.get(i).line());
            if (m.find()) {
                return hutState(m);
            }
        }
        return new State(-1, 0, false, 0, 4, 0, false);
    }

    private static State hutState(Matcher m) {
        return new State(Integer.parseInt(m.group(2)), Double.parseDouble(m.group(6)), m.group(5).equals("playing"),
                Double.parseDouble(m.group(7)), Double.parseDouble(m.group(3)), 0, m.group(1).equals("yes"));
    }

    private State probeState() {
        for (int i = probeLines.size() - 1; i >= 0; i--) {
            Matcher m = PROBE.matcher(probeLines.get(i));
            if (m.matches()) {
                return new State(Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)),
                        Boolean.parseBoolean(m.group(3)), Double.parseDouble(m.group(4)), 4, Long.parseLong(m.group(5)),
                        true);
            }
        }
        return new State(-1, 0, false, 0, 4, 0, false);
    }

    /** Waits until both sides' lines say so; returns the milliseconds it took. */
    private long awaitBoth(String what, Predicate<State> hutSays, Predicate<State> probeSays, long timeoutMillis)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeoutMillis * 1_000_000L;
        while (true) {
            State h = hutState();
            State p = probeState();
            if (hutSays.test(h) && probeSays.test(p)) {
                return (System.nanoTime() - start) / 1_000_000L;
            }
            if (System.nanoTime() > deadline || !namespace.isAlive()) {
                List<String> logs = new ArrayList<>();
                for (String l : probeLines) {
                    if (l.startsWith("log ")) {
                        logs.add(l);
                    }
                }
                fail(String.format(Locale.ROOT, "%s: not within %d ms; LinkHutSilent %s, Cadenza %s; Cadenza's log %s",
                        what, timeoutMillis, h, p, logs));
            }
            Thread.sleep(20);
        }
    }
}
