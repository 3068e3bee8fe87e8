package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import dev.cadenza.bridge.rtpmidi.wire.EndSession;
import dev.cadenza.bridge.rtpmidi.wire.Invitation;
import dev.cadenza.bridge.rtpmidi.wire.InvitationAccepted;
import dev.cadenza.bridge.rtpmidi.wire.InvitationRejected;
import dev.cadenza.bridge.rtpmidi.wire.ReceiverFeedback;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiPacket;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The session protocol's state machine, datagram by datagram: invitations in both roles (ours, and
 * theirs with {@link Admission} deciding), BY, CK, RS, and RTP-MIDI for the {@link ReceivePath}. A
 * participant is its SSRC at its two addresses: a message with its SSRC from elsewhere is counted
 * as an impersonation and ignored, one that makes no sense in the participant's state (or comes
 * from a stranger) as unexpected. The timed half of the protocol is {@link Housekeeping}. Event
 * loop only.
 */
final class SessionProtocol {
    private static final System.Logger LOG = System.getLogger(SessionProtocol.class.getName());

    private final NanoClock clock;
    private final Admission admission;
    private final RtpMidiCounters counters;
    private final ParticipantTable participants;
    private final SessionMessages messages;
    private final ClockExchange clocks;
    private final ReceivePath receivePath;
    private final Random random;

    SessionProtocol(RtpMidiConfig config, RtpMidiCounters counters, ParticipantTable participants,
            SessionMessages messages, ClockExchange clocks, ReceivePath receivePath, Random random) {
        this.clock = config.clock();
        this.admission = new Admission(config.allowed().isEmpty() ? HostRange.localNetworks() : config.allowed(),
                config.maxParticipants());
        this.counters = counters;
        this.participants = participants;
        this.messages = messages;
        this.clocks = clocks;
        this.receivePath = receivePath;
        this.random = random;
    }

    /** The address ranges whose invitations are accepted. */
    List<HostRange> admitted() {
        return admission.admitted();
    }

    /** Invites the session whose control port is {@code address}; {@code connection} completes when both ports joined. */
    void invite(InetSocketAddress address, CompletableFuture<ParticipantInfo> connection) {
        long now = clock.nanos();
        Participant p = new Participant(true, random.nextInt(), Participant.State.INVITING_CONTROL,
                address, now, random.nextInt(0x10000), connection);
        participants.add(p);
        messages.invite(p, now);
    }

    /** Ends the session with the participant whose SSRC is {@code ssrc}, if there is one: BY, and it is forgotten. */
    void end(int ssrc) {
        Participant p = participants.bySsrc(ssrc);
        if (p != null) {
            messages.end(p);
            participants.remove(p, LeaveReason.ENDED_HERE);
        }
    }

    /** Ends the session with every participant (those that know of it get BY): this session closes. */
    void endAll() {
        for (Participant p : participants.all()) {
            if (p.state != Participant.State.INVITING_CONTROL) {
                messages.end(p);
            }
            participants.remove(p, LeaveReason.SESSION_CLOSED);
        }
    }

    /** Acts on one datagram from either port. */
    void handle(SessionDatagram d) {
        long now = clock.nanos();
        Object message = d.message();
        if (message instanceof RtpMidiPacket packet) {
            onMidi(d, packet, now);
        } else if (message instanceof Invitation in) {
            if (d.port() == PortRole.CONTROL) {
                onControlInvitation(d, in, now);
            } else {
                onDataInvitation(d, in, now);
            }
        } else if (message instanceof InvitationAccepted ok) {
            onAccepted(d, ok, now);
        } else if (message instanceof InvitationRejected no) {
            onRejected(d, no);
        } else if (message instanceof EndSession by) {
            onEnd(d, by);
        } else if (message instanceof ClockSync ck) {
            onClockSync(d, ck, now);
        } else if (message instanceof ReceiverFeedback rs) {
            onFeedback(d, rs, now);
        }
    }

    private void onMidi(SessionDatagram d, RtpMidiPacket packet, long now) {
        Participant p = participants.bySsrc(packet.ssrc());
        if (p == null || !p.connected()) {
            unexpected(d, "RTP-MIDI from a stranger");
            return;
        }
        if (!d.sender().equals(p.dataAddress)) {
            impersonation(d, p);
            return;
        }
        p.lastHeardNanos = now;
        receivePath.receive(p, packet, now);
    }

    private void onControlInvitation(SessionDatagram d, Invitation in, long now) {
        if (!admission.withinRate(d.sender().getAddress(), now)) {
            // dropped unanswered: a flood gets no traffic back, and the place stays free
            long n = counters.increment(RtpMidiCounter.INVITATIONS_RATE_LIMITED);
            if (RtpMidiCounters.worthLogging(n)) {
                LOG.log(Level.WARNING, "RTP-MIDI: {0} invites faster than {1} at once and one a second;"
                        + " ignoring it", d.sender().getAddress().getHostAddress(), Admission.INVITATION_BURST);
            }
            return;
        }
        Participant p = participants.bySsrc(in.ssrc());
        if (p != null) {
            if (!p.controlAddress.getAddress().equals(d.sender().getAddress())) {
                // only the participant's own host may start its session over
                impersonation(d, p);
                messages.reject(PortRole.CONTROL, d.sender(), in.initiatorToken());
                return;
            }
            if (p.token == in.initiatorToken() && !p.invitedByUs) {
                // a repeated invitation: our OK was lost
                messages.accept(PortRole.CONTROL, d.sender(), in.initiatorToken());
                return;
            }
            // a peer that restarted with the same SSRC (some devices have a fixed one) starts over
            LOG.log(Level.INFO, "RTP-MIDI: {0} invites again; its old session ends", p);
            participants.remove(p, LeaveReason.ENDED_BY_PEER);
        }
        Optional<String> refusal = admission.refusal(d.sender().getAddress(),
                participants.halfOpenFrom(d.sender().getAddress()), participants.size());
        if (refusal.isPresent()) {
            long n = counters.increment(RtpMidiCounter.INVITATIONS_REFUSED);
            if (RtpMidiCounters.worthLogging(n)) {
                LOG.log(Level.WARNING, "RTP-MIDI: refused \"{0}\" from {1}: {2}", in.name(), d.sender(),
                        refusal.get());
            }
            messages.reject(PortRole.CONTROL, d.sender(), in.initiatorToken());
            return;
        }
        p = new Participant(false, in.initiatorToken(), Participant.State.AWAITING_DATA, d.sender(), now,
                random.nextInt(0x10000), null);
        p.ssrc = in.ssrc();
        p.name = in.name();
        participants.add(p);
        messages.accept(PortRole.CONTROL, d.sender(), in.initiatorToken());
    }

    private void onDataInvitation(SessionDatagram d, Invitation in, long now) {
        Participant p = participants.bySsrc(in.ssrc());
        if (p == null || p.invitedByUs || p.token != in.initiatorToken()
                || !p.controlAddress.getAddress().equals(d.sender().getAddress())) {
            unexpected(d, "an invitation on the data port before one on the control port");
            messages.reject(PortRole.DATA, d.sender(), in.initiatorToken());
            return;
        }
        p.lastHeardNanos = now;
        p.dataAddress = d.sender();
        // joined before the OK goes out: once the inviter hears it, it may send at once, and so may
        // this side's sender, which must then find the participant connected
        if (!p.connected()) {
            participants.connect(p);
        }
        messages.accept(PortRole.DATA, d.sender(), in.initiatorToken());
    }

    private void onAccepted(SessionDatagram d, InvitationAccepted ok, long now) {
        Participant p = participants.byToken(ok.initiatorToken());
        if (p == null) {
            unexpected(d, "OK without our invitation");
            return;
        }
        p.lastHeardNanos = now;
        if (d.port() == PortRole.CONTROL && p.state == Participant.State.INVITING_CONTROL) {
            p.ssrc = ok.ssrc();
            p.name = ok.name();
            p.state = Participant.State.INVITING_DATA;
            p.invitationsSent = 0;
            messages.invite(p, now);
        } else if (d.port() == PortRole.DATA && p.state == Participant.State.INVITING_DATA) {
            p.dataAddress = d.sender();
            participants.connect(p);
            messages.clockSync(p.dataAddress, clocks.start(p, now));
        } // else a repeated OK: nothing to do
    }

    private void onRejected(SessionDatagram d, InvitationRejected no) {
        Participant p = participants.byToken(no.initiatorToken());
        if (p == null || p.connected()) {
            unexpected(d, "NO without our invitation");
            return;
        }
        counters.increment(RtpMidiCounter.INVITATIONS_FAILED);
        LOG.log(Level.WARNING, "RTP-MIDI: {0} rejected our invitation", d.sender());
        participants.remove(p, LeaveReason.REJECTED);
    }

    private void onEnd(SessionDatagram d, EndSession by) {
        Participant p = participantSending(d, by.ssrc(), "BY");
        if (p != null) {
            LOG.log(Level.INFO, "RTP-MIDI: {0} left the session", p);
            participants.remove(p, LeaveReason.ENDED_BY_PEER);
        }
    }

    private void onClockSync(SessionDatagram d, ClockSync ck, long now) {
        Participant p = participantSending(d, ck.ssrc(), "CK");
        if (p == null) {
            return;
        }
        p.lastHeardNanos = now;
        ClockSync answer = clocks.answer(ck, now);
        if (answer != null) {
            messages.clockSync(d.sender(), answer);
        }
        clocks.record(p, ck, now);
    }

    private void onFeedback(SessionDatagram d, ReceiverFeedback rs, long now) {
        Participant p = participantSending(d, rs.ssrc(), "RS");
        if (p != null) {
            p.lastHeardNanos = now;
            counters.increment(RtpMidiCounter.FEEDBACK_RECEIVED);
        }
    }

    /**
     * The participant whose SSRC {@code d} carries when {@code d} comes from one of its two
     * addresses; otherwise null, and {@code d} (a {@code command}) is counted as unexpected (from a
     * stranger) or as an impersonation.
     */
    private Participant participantSending(SessionDatagram d, int ssrc, String command) {
        Participant p = participants.bySsrc(ssrc);
        if (p == null) {
            unexpected(d, command + " from a stranger");
            return null;
        }
        if (!from(p, d.sender())) {
            impersonation(d, p);
            return null;
        }
        return p;
    }

    /** Whether {@code sender} is one of {@code p}'s two addresses. */
    private static boolean from(Participant p, InetSocketAddress sender) {
        return sender.equals(p.controlAddress) || sender.equals(p.dataAddress);
    }

    private void impersonation(SessionDatagram d, Participant p) {
        long n = counters.increment(RtpMidiCounter.IMPERSONATIONS);
        if (RtpMidiCounters.worthLogging(n)) {
            LOG.log(Level.WARNING, "RTP-MIDI: ignored {0} from {1}, which is not where {2} is", d.message(),
                    d.sender(), p);
        }
    }

    private void unexpected(SessionDatagram d, String what) {
        long n = counters.increment(RtpMidiCounter.UNEXPECTED_SENDER);
        if (RtpMidiCounters.worthLogging(n)) {
            LOG.log(Level.WARNING, "RTP-MIDI: ignored {0} from {1} on the {2} port: {3}", what, d.sender(),
                    d.port(), d.message());
        }
    }
}
