package dev.cadenza.bridge.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Ableton's own Link peer, LinkHutSilent, for tests that run Cadenza beside it in a private network
 * namespace. Built on first use from the Link source the repository keeps as a test peer
 * ({@code bridge/src/test/peers/ableton-link}, GPL-2, never part of Cadenza) into
 * {@code bridge/target/linkhut}, and reused while that is newer than the source.
 */
public final class LinkHut {
    /**
     * Shell lines, run under {@code unshare -n}, that give the namespace a network no packet leaves: the
     * loopback, a veth pair 10.77.0.1 / 10.77.0.2, and a route for multicast.
     */
    public static final String PRIVATE_NETWORK = String.join("\n",
            "set -e",
            "ip link set lo up",
            "ip link add v0 type veth peer name v1",
            "ip addr add 10.77.0.1/24 dev v0",
            "ip addr add 10.77.0.2/24 dev v1",
            "ip link set v0 up",
            "ip link set v1 up",
            "ip route add 224.0.0.0/4 dev v0");
    private static final String SOURCE = "bridge/src/test/peers/ableton-link/ableton-link-902aef9.tar.gz";
    private static final Path ASIO = Path.of("/usr/include/asio.hpp");

    private LinkHut() {
    }

    /**
     * LinkHutSilent's path, built if need be; skips the test (fails it under CI) where the build
     * tools or {@code unshare -n} are missing.
     */
    public static synchronized String path() {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("cmake", "make", "g++", "tar", "unshare")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!Files.isRegularFile(ASIO)) {
            missing.add("libasio-dev (" + ASIO + ")");
        }
        String why = !missing.isEmpty()
                ? "building Ableton's LinkHutSilent needs " + String.join(", ", missing)
                        + " (Debian: apt-get install cmake make g++ libasio-dev)"
                : !Tools.runs("unshare", "-n", "true")
                        ? "unshare -n does not work here (it needs root or user namespaces), and the test must not"
                                + " use the machine's network"
                        : null;
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the test needs Ableton's LinkHutSilent in a private network: " + why);
            }
            Assumptions.abort(why);
        }
        try {
            return build().toString();
        } catch (IOException e) {
            throw new AssertionError("could not build LinkHutSilent: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building LinkHutSilent", e);
        }
    }

    private static Path build() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Path source = root.resolve(SOURCE);
        Path dir = root.resolve("bridge/target/linkhut");
        Path binary = dir.resolve("build/bin/LinkHutSilent");
        if (Files.isExecutable(binary)
                && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return binary;
        }
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        run(dir, "tar", "-xzf", source.toString(), "-C", src.toString());
        // the source looks for standalone Asio in a submodule the archive leaves empty: Debian's headers
        Path asio = src.resolve("modules/asio-standalone/asio");
        Files.createDirectories(asio);
        Files.deleteIfExists(asio.resolve("include"));
        Files.createSymbolicLink(asio.resolve("include"), ASIO.getParent());
        run(dir, "cmake", "-S", src.toString(), "-B", dir.resolve("build").toString(), "-DCMAKE_BUILD_TYPE=Release");
        run(dir, "cmake", "--build", dir.resolve("build").toString(), "--target", "LinkHutSilent", "-j", "2");
        if (!Files.isExecutable(binary)) {
            throw new IOException("the build made no " + binary);
        }
        return binary;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = dir.resolve("build.log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IOException(String.join(" ", command) + " failed; the end of " + log + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
    }

    /** The checkout's root: the first folder up from the module that holds the Link source. */
    private static Path repositoryRoot() throws IOException {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(SOURCE))) {
                return p;
            }
        }
        throw new IOException("no " + SOURCE + " above " + Path.of("").toAbsolutePath());
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
