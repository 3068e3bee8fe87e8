package dev.cadenza.bridge.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Ableton's own Link peer, LinkHutSilent, for tests that run Cadenza beside it in a private network
 * namespace. Its GPL-2 source stays out of the repository: {@code .ci/run} builds it and names it
 * in {@code CADENZA_LINKHUT} (docs/link.md).
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

    private LinkHut() {
    }

    /** LinkHutSilent's path; skips the test (fails it under CI) where it or {@code unshare -n} is missing. */
    public static String path() {
        String hut = System.getenv("CADENZA_LINKHUT");
        String why = null;
        if (hut == null || hut.isBlank()) {
            why = "CADENZA_LINKHUT is not set: build Ableton's LinkHutSilent (docs/link.md) and name it there";
        } else if (!Files.isExecutable(Path.of(hut))) {
            why = "CADENZA_LINKHUT names " + hut + ", which is not an executable file";
        } else if (!Tools.runs("unshare", "-n", "true")) {
            why = "unshare -n does not work here (it needs root or user namespaces), and the test must not"
                    + " use the machine's network";
        }
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("the test needs Ableton's LinkHutSilent in a private network: " + why);
            }
            Assumptions.abort(why);
        }
        return hut;
    }
}
