package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cadenza.bridge.testing.Tools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm package {@code rtpmidi} (an independent Node implementation) as a remote participant,
 * driven through {@code src/test/resources/rtpmidi-peer/peer.js}. Install it with {@code npm ci
 * --prefix bridge/src/test/resources/rtpmidi-peer}. Without node or the package, tests using it
 * are skipped locally and fail under CI ({@code CI=true}).
 */
public final class NodePeer implements AutoCloseable {
    /** The peer's script, from the bridge module or from a module beside it (the command-line tests). */
    static final Path DIRECTORY = Files.isDirectory(Path.of("src", "test", "resources", "rtpmidi-peer"))
            ? Path.of("src", "test", "resources", "rtpmidi-peer")
            : Path.of("..", "bridge", "src", "test", "resources", "rtpmidi-peer");

    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new ArrayList<>(); // guarded by itself
    private final int port;

    private NodePeer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readLines, "node-peer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Skips the test (fails it under CI) when the peer cannot run here. */
    public static void assumeAvailable() {
        String why = null;
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules").resolve("rtpmidi"))) {
            why = "the npm package rtpmidi is not installed: npm ci --prefix bridge/" + DIRECTORY;
        } else if (!Tools.runs("node", "--version")) {
            why = "node is not on the PATH";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the RTP-MIDI integration tests need their Node peer, and " + why);
            }
            Assumptions.abort(why);
        }
    }

    /** Starts a peer named {@code name} on a free even port pair of the loopback. */
    public static NodePeer start(String name, int ssrc) throws IOException {
        assumeAvailable();
        int port = freeEvenPortPair();
        Process process = new ProcessBuilder("node", "peer.js", Integer.toString(port), name,
                Integer.toUnsignedString(ssrc))
                .directory(DIRECTORY.toFile())
                .redirectErrorStream(true)
                .start();
        NodePeer peer = new NodePeer(process, port);
        peer.await(l -> l.equals("ready " + port), Duration.ofSeconds(20));
        return peer;
    }

    public static int freeEvenPortPair() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 100; attempt++) {
            try (DatagramSocket control = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
                int port = control.getLocalPort();
                if (port % 2 != 0 || port > 65000) {
                    continue;
                }
                try (DatagramSocket data = new DatagramSocket(new InetSocketAddress(loopback, port + 1))) {
                    return port;
                } catch (IOException taken) {
                    // next
                }
            }
        }
        throw new IOException("no free even UDP port pair on the loopback");
    }

    public int port() {
        return port;
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("PEER ")) {
                    synchronized (lines) {
                        lines.add(line.substring(5));
                        lines.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    public void command(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("the Node peer is gone: " + e, e);
        }
    }

    /** Every line so far that matches. */
    public List<String> lines(Predicate<String> match) {
        synchronized (lines) {
            return lines.stream().filter(match).toList();
        }
    }

    /** Waits for a line that matches and returns it; fails with all lines seen after {@code within}. */
    public String await(Predicate<String> match, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the Node peer did not say what was expected within "
                            + within + "; it said: " + lines);
                }
                try {
                    lines.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Waits until {@code count} lines match; returns them. */
    public List<String> awaitCount(Predicate<String> match, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<String> found = lines(match);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the Node peer said " + found.size() + " of " + count
                        + " expected lines within " + within + "; it said: " + lines(l -> true));
            }
            synchronized (lines) {
                try {
                    lines.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Kills the process at once, as a crash would: no BY. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            command("exit");
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
