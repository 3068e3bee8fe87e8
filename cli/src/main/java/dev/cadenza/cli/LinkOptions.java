package dev.cadenza.cli;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.link.LinkSession;
import dev.cadenza.bridge.link.LinkTransport;
import dev.cadenza.bridge.session.LiveSession;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code cadenza play}'s options for Ableton Link. */
final class LinkOptions {
    @Option(names = "--link", description = "Join the Ableton Link session on the local network: play at its tempo,"
            + " on its beats, bars aligned to the quantum (--bpm is the tempo of a session Cadenza starts alone).")
    boolean link;

    @Option(names = "--quantum", paramLabel = "BEATS",
            description = "Beats a bar for Link: phase is kept modulo it. Default: 4.")
    Double quantum;

    @Option(names = "--link-interface", paramLabel = "NAME",
            description = "A network interface Link may use (repeatable). Default: every one that is up with IPv4"
                    + " multicast, and loopback for Link programs on this machine.")
    List<String> interfaces;

    @Option(names = "--link-start-stop", description = "Follow the Link session's start and stop (start/stop sync):"
            + " Cadenza waits for a peer to start.")
    boolean startStop;

    /** Whether --link is on. */
    boolean on() {
        return link;
    }

    /** Asks {@code wiring} to follow Link when --link is given; refuses its options without it. */
    void applyTo(LiveSession.Builder wiring, double bpm) {
        if (!link) {
            if (quantum != null || interfaces != null || startStop) {
                throw new BridgeException("--quantum, --link-interface and --link-start-stop need --link");
            }
            return;
        }
        double q = LinkTransport.checkQuantum(quantum == null ? 4 : quantum); // refused before anything opens
        wiring.link(new LinkSession.Options(bpm, startStop, interfaces == null ? List.of() : interfaces), q);
    }
}
