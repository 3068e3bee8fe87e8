package dev.cadenza.cli;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.rtpmidi.session.HostRange;
import dev.cadenza.bridge.rtpmidi.session.RtpMidiConfig;
import dev.cadenza.bridge.session.LiveSession;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code cadenza play}'s options for an RTP-MIDI network session. */
final class RtpOptions {
    @Option(names = "--rtp", paramLabel = "NAME[:PORT]",
            description = "Serve an RTP-MIDI network session named NAME on UDP PORT and PORT+1 (default 5004) and play to it.")
    String rtp;

    @Option(names = "--rtp-invite", paramLabel = "HOST:PORT",
            description = "Join the RTP-MIDI session at HOST:PORT (its control port) and play to it.")
    String rtpInvite;

    @Option(names = "--no-advertise",
            description = "Do not announce the --rtp session by DNS-SD (Bonjour); peers then connect by address and port.")
    boolean noAdvertise;

    @Option(names = "--rtp-bind", paramLabel = "ADDRESS",
            description = "Listen for the session on this local address only (e.g. the LAN interface's). Default:"
                    + " every interface, so peers on Wi-Fi and Ethernet alike can join; who may join is"
                    + " --rtp-allow's.")
    String bind;

    @Option(names = "--rtp-max", paramLabel = "N", defaultValue = "16",
            description = "Participants at once, 1..256; further invitations are refused. Default: ${DEFAULT-VALUE}.")
    int max;

    @Option(names = "--rtp-allow", paramLabel = "RANGE[,RANGE...]", split = ",",
            description = "Accept invitations from these hosts only: addresses, ranges (192.168.1.0/24), names,"
                    + " or any. Default: the networks this machine is on (its interfaces' ranges and the loopback).")
    java.util.List<String> allow;

    /** Whether a session is asked for (its participants may be the keyboard). */
    boolean asked() {
        return rtp != null || rtpInvite != null;
    }

    /** The RTP-MIDI session that --rtp or --rtp-invite asks for, if any (played beside any --out). */
    void applyTo(LiveSession.Builder wiring) {
        // the session's options are checked whether or not a session is asked for: a bad value is never ignored
        String name = "Cadenza";
        int port = rtp == null ? 0 : 5004;
        if (rtp != null) {
            int colon = rtp.lastIndexOf(':');
            name = colon < 0 ? rtp : rtp.substring(0, colon);
            port = colon < 0 ? 5004 : parsePort(rtp.substring(colon + 1), "--rtp " + rtp);
        }
        RtpMidiConfig config = RtpMidiConfig.named(name).withPort(port).withAdvertise(!noAdvertise)
                .withMaxParticipants(max).withBindAddress(bind == null ? null : host(bind, "--rtp-bind"));
        if (allow != null) {
            List<HostRange> ranges = new ArrayList<>();
            for (String range : allow) {
                try {
                    ranges.addAll(HostRange.parse(range));
                } catch (BridgeException e) {
                    throw new IllegalArgumentException("--rtp-allow: " + e.getMessage(), e);
                }
            }
            config = config.withAllowed(ranges);
        }
        if (!asked()) {
            return;
        }
        wiring.rtp(config);
        if (rtpInvite != null) {
            int colon = rtpInvite.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("invalid --rtp-invite: " + rtpInvite + " (expected HOST:PORT)");
            }
            wiring.rtpInvite(rtpInvite.substring(0, colon),
                    parsePort(rtpInvite.substring(colon + 1), "--rtp-invite " + rtpInvite));
        }
    }

    private static InetAddress host(String name, String option) {
        try {
            return InetAddress.getByName(name);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + option + ": " + name
                    + " (expected an address such as 192.168.1.20, or a name this machine resolves)");
        }
    }

    private static int parsePort(String text, String what) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65534) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid port in " + what + " (expected 1..65534)");
    }
}
