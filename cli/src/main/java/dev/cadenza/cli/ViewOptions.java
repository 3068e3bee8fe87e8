package dev.cadenza.cli;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.session.LiveSession;
import picocli.CommandLine.Option;

/** {@code cadenza play}'s options for the live view. */
final class ViewOptions {
    @Option(names = "--view", description = "Serve the live view: a page with the piano roll, the knobs and the"
            + " stream's health (its address, with a token, is printed).")
    boolean view;

    @Option(names = "--view-host", paramLabel = "ADDRESS",
            description = "Where the live view listens: 127.0.0.1 (this machine only, the default) or 0.0.0.0 (the"
                    + " network, e.g. a tablet as a control surface; the page still needs its token).")
    String host;

    @Option(names = "--view-port", paramLabel = "N",
            description = "The live view's TCP port, 0 for any free one. Default: 8700.")
    Integer port;

    /** Asks {@code wiring} for the view titled {@code title} when --view is given; refuses its options without it. */
    void applyTo(LiveSession.Builder wiring, String title) {
        if (!view) {
            if (host != null || port != null) {
                throw new BridgeException("--view-host and --view-port need --view");
            }
            return;
        }
        int p = port == null ? 8700 : port;
        if (p < 0 || p > 65535) {
            throw new BridgeException("invalid --view-port: " + p + " (expected 0..65535)");
        }
        wiring.view(host == null ? "127.0.0.1" : host, p, title);
    }
}
