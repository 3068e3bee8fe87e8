package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import dev.cadenza.bridge.rtpmidi.wire.EndSession;
import dev.cadenza.bridge.rtpmidi.wire.Invitation;
import dev.cadenza.bridge.rtpmidi.wire.InvitationAccepted;
import dev.cadenza.bridge.rtpmidi.wire.InvitationRejected;
import dev.cadenza.bridge.rtpmidi.wire.ReceiverFeedback;
import java.net.InetSocketAddress;

/**
 * What the session says on its own account, each message with its SSRC (and name where the
 * message has one) and from the port it belongs on: invitations and the answers to them (IN, OK,
 * NO), BY, CK, RS. Event loop only.
 */
final class SessionMessages {
    private final SessionTransport transport;
    private final int ssrc;
    private final String name;

    SessionMessages(SessionTransport transport, int ssrc, String name) {
        this.transport = transport;
        this.ssrc = ssrc;
        this.name = name;
    }

    /**
     * Sends our invitation to {@code p}: to its control port first, to its data port (one above)
     * once the control port accepted; counts it for the retries.
     */
    void invite(Participant p, long nowNanos) {
        p.invitationsSent++;
        p.lastInvitationNanos = nowNanos;
        Invitation invitation = new Invitation(p.token, ssrc, name);
        if (p.state == Participant.State.INVITING_CONTROL) {
            transport.send(PortRole.CONTROL, p.controlAddress, invitation);
        } else {
            transport.send(PortRole.DATA,
                    new InetSocketAddress(p.controlAddress.getAddress(), p.controlAddress.getPort() + 1), invitation);
        }
    }

    /** Accepts the invitation {@code token} that {@code to} sent to our {@code port}. */
    void accept(PortRole port, InetSocketAddress to, int token) {
        transport.send(port, to, new InvitationAccepted(token, ssrc, name));
    }

    /** Rejects the invitation {@code token} that {@code to} sent to our {@code port}. */
    void reject(PortRole port, InetSocketAddress to, int token) {
        transport.send(port, to, new InvitationRejected(token, ssrc, name));
    }

    /** Tells {@code p} that its session with us ends (BY). */
    void end(Participant p) {
        transport.send(PortRole.CONTROL, p.controlAddress, new EndSession(p.token, ssrc));
    }

    /** Sends {@code ck} (built by {@link ClockExchange}) to {@code to}'s data port. */
    void clockSync(InetSocketAddress to, ClockSync ck) {
        transport.send(PortRole.DATA, to, ck);
    }

    /** Tells {@code p} the last sequence number we received from it (RS). */
    void feedback(Participant p) {
        transport.send(PortRole.CONTROL, p.controlAddress, new ReceiverFeedback(ssrc, p.lastReceivedSequence));
    }
}
