package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.port.MidiReceiver;
import dev.cadenza.bridge.rtpmidi.discovery.DnsSdAdvertiser;
import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import dev.cadenza.bridge.rtpmidi.wire.EndSession;
import dev.cadenza.bridge.rtpmidi.wire.Invitation;
import dev.cadenza.bridge.rtpmidi.wire.InvitationAccepted;
import dev.cadenza.bridge.rtpmidi.wire.InvitationRejected;
import dev.cadenza.bridge.rtpmidi.wire.ReceiverFeedback;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiPacket;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * An RTP-MIDI network session (Apple's session protocol with RFC 6295 payloads) on two UDP ports,
 * control N and data N+1: it accepts invitations from remote participants, invites remote
 * sessions itself, keeps clocks synchronised, sends MIDI to every connected participant and
 * hands what they send to a {@link MidiReceiver}. Several participants at once.
 *
 * <p>Threads: all protocol state lives on one Netty event-loop thread, so it takes no lock. {@link
 * #send} is for one sending thread at a time (the streaming engine's); it is real-time safe but for
 * the small datagram envelope Netty needs per participant. The other public methods are control
 * thread only. The receiver and listener are called on the event loop.
 *
 * <p>Robustness: a datagram that is malformed, truncated, oversized, out of order, of an unknown
 * command or from a stranger is counted ({@link #counters()}), logged sparingly, and dropped; a
 * participant that goes silent for {@link RtpMidiConfig#participantTimeout()} is sent BY and
 * removed, and the notes it held reach the receiver as note-offs. Nothing a peer sends ends the
 * session.
 */
public final class RtpMidiSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RtpMidiSession.class.getName());
    private static final long FEEDBACK_INTERVAL_NANOS = 1_000_000_000L;

    private final RtpMidiConfig config;
    private final RtpMidiCounters counters = new RtpMidiCounters();
    private final Random random = new SecureRandom();
    private final int ssrc;
    private final ClockExchange clocks;
    private final Admission admission;
    private final ReceivePath receivePath;
    private final ParticipantTable participants;
    private final SendPath sendPath;
    private final SessionTransport transport;

    private DnsSdAdvertiser advertiser;
    private volatile boolean closed;

    private RtpMidiSession(RtpMidiConfig config, MidiReceiver receiver, ParticipantListener listener) {
        this.config = config;
        int chosen = config.ssrc();
        while (chosen == 0) {
            chosen = random.nextInt();
        }
        this.ssrc = chosen;
        this.clocks = new ClockExchange(ssrc, config.clock().nanos(), config.syncInterval().toNanos(), counters);
        this.admission = new Admission(config.allowed().isEmpty() ? HostRange.localNetworks() : config.allowed(),
                config.maxParticipants());
        this.transport = new SessionTransport(config.name(), counters);
        this.receivePath = new ReceivePath(receiver, counters, config.clock());
        this.participants = new ParticipantTable(listener, receivePath, counters);
        this.sendPath = new SendPath(config, ssrc, transport, participants, clocks, counters);
    }

    /**
     * Starts a session named {@code name} on control port {@code port} (data port {@code port +
     * 1}), on all addresses, announced by DNS-SD (multicast on the LAN: tests use {@link
     * #start(RtpMidiConfig, MidiReceiver, ParticipantListener)} with advertising off). Control
     * thread only.
     *
     * @throws BridgeException when a port cannot be bound
     */
    public static RtpMidiSession start(String name, int port, MidiReceiver receiver) {
        return start(RtpMidiConfig.named(name).withPort(port), receiver, ParticipantListener.NONE);
    }

    /**
     * Starts a session as {@code config} says. Control thread only.
     *
     * @throws BridgeException when a port cannot be bound
     */
    public static RtpMidiSession start(RtpMidiConfig config, MidiReceiver receiver,
            ParticipantListener listener) {
        RtpMidiSession session = new RtpMidiSession(config, receiver, listener);
        session.open();
        return session;
    }

    private void open() {
        transport.bind(config.bindAddress(), config.port(), this::handle);
        long tickNanos = config.tickInterval().toNanos();
        transport.every(tickNanos, this::safeTick);
        if (config.advertise()) {
            advertiser = DnsSdAdvertiser.start(config.name(), port(), config.bindAddress());
        }
        LOG.log(Level.INFO, "RTP-MIDI session \"{0}\" on ports {1}/{2} (SSRC {3})", config.name(),
                port(), port() + 1, String.format("%08X", ssrc));
    }

    // --------------------------------------------------------------------------------- public API

    /** The control port N; the data port is N + 1. */
    public int port() {
        return transport.controlPort();
    }

    /** This session's synchronisation source. */
    public int ssrc() {
        return ssrc;
    }

    public String name() {
        return config.name();
    }

    public RtpMidiCounters counters() {
        return counters;
    }

    /** Whether the session is running (not yet closed). Any thread. */
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Invites the session at {@code host}:{@code port} (its control port). The future completes
     * when both ports have joined, or fails with a {@link BridgeException} when the invitation is
     * rejected or unanswered. Control thread only.
     */
    public CompletableFuture<ParticipantInfo> invite(String host, int port) {
        if (port < 1 || port > 65534) {
            throw new BridgeException("invalid RTP-MIDI port to invite: " + port + " (expected 1..65534)");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new BridgeException("cannot resolve the RTP-MIDI host to invite: " + host);
        }
        CompletableFuture<ParticipantInfo> connection = new CompletableFuture<>();
        transport.execute(() -> {
            if (closed) {
                connection.completeExceptionally(new BridgeException("the RTP-MIDI session is closed"));
                return;
            }
            Participant p = new Participant(true, random.nextInt(), Participant.State.INVITING_CONTROL,
                    address, now(), random.nextInt(0x10000), connection);
            participants.add(p);
            sendInvitation(p);
        });
        return connection;
    }

    /**
     * Sends complete MIDI messages (status bytes first; running status allowed) to every connected
     * participant, in one packet each, stamped now. Nothing is sent while no one is connected.
     * One sending thread at a time; no lock, no blocking, the packet buffer pooled; what it
     * allocates is Netty's datagram envelope and write task, about 170 bytes per participant.
     *
     * @throws IllegalArgumentException naming the byte when {@code midi} is not complete messages
     *     or is longer than one packet holds
     */
    public void send(byte[] midi, int offset, int length) {
        sendPath.send(midi, offset, length);
    }

    /** As {@link #send(byte[], int, int)}, the whole array. */
    public void send(byte[] midi) {
        send(midi, 0, midi.length);
    }

    /** A snapshot of the participants, connected or joining. Control thread (or a listener callback). */
    public List<ParticipantInfo> participants() {
        if (closed) {
            return List.of();
        }
        return transport.call(participants::infos);
    }

    /** The connected participants only. */
    public List<ParticipantInfo> connectedParticipants() {
        return participants().stream().filter(ParticipantInfo::connected).toList();
    }

    /** Ends the session with one participant: sends it BY and forgets it. Control thread only. */
    public void end(int participantSsrc) {
        transport.call(() -> {
            Participant p = participants.bySsrc(participantSsrc);
            if (p != null) {
                sendEnd(p);
                participants.remove(p, LeaveReason.ENDED_HERE);
            }
            return null;
        });
    }

    /**
     * Sends BY to every participant, releases their held notes (the receiver gets the note-offs),
     * closes both ports and stops the DNS-SD announcement. Idempotent. Control thread only: never
     * from the receiver or a listener, which run on the event loop that this waits for.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            transport.call(() -> {
                for (Participant p : participants.all()) {
                    if (p.state != Participant.State.INVITING_CONTROL) {
                        sendEnd(p);
                    }
                    participants.remove(p, LeaveReason.SESSION_CLOSED);
                }
                markClosed();
                return null;
            });
        } finally {
            markClosed();
            if (advertiser != null) {
                advertiser.close();
            }
            transport.close();
            LOG.log(Level.INFO, "RTP-MIDI session \"{0}\" closed: {1}", config.name(), counters);
        }
    }

    /** From now on nothing is handled, sent or ticked. */
    private void markClosed() {
        closed = true;
        sendPath.stop();
    }

    private void handle(SessionDatagram d) {
        if (closed) {
            return;
        }
        long now = now();
        Object message = d.message();
        if (message instanceof RtpMidiPacket packet) {
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
        } else if (message instanceof Invitation in) {
            onInvitation(d, in, now);
        } else if (message instanceof InvitationAccepted ok) {
            onAccepted(d, ok, now);
        } else if (message instanceof InvitationRejected no) {
            Participant p = participants.byToken(no.initiatorToken());
            if (p == null || p.connected()) {
                unexpected(d, "NO without our invitation");
                return;
            }
            counters.increment(RtpMidiCounter.INVITATIONS_FAILED);
            LOG.log(Level.WARNING, "RTP-MIDI: {0} rejected our invitation", d.sender());
            participants.remove(p, LeaveReason.REJECTED);
        } else if (message instanceof EndSession by) {
            Participant p = participants.bySsrc(by.ssrc());
            if (p == null) {
                unexpected(d, "BY from a stranger");
                return;
            }
            if (!from(p, d.sender())) {
                impersonation(d, p);
                return;
            }
            LOG.log(Level.INFO, "RTP-MIDI: {0} left the session", p);
            participants.remove(p, LeaveReason.ENDED_BY_PEER);
        } else if (message instanceof ClockSync ck) {
            onClockSync(d, ck, now);
        } else if (message instanceof ReceiverFeedback rs) {
            Participant p = participants.bySsrc(rs.ssrc());
            if (p == null) {
                unexpected(d, "RS from a stranger");
                return;
            }
            if (!from(p, d.sender())) {
                impersonation(d, p);
                return;
            }
            p.lastHeardNanos = now;
            counters.increment(RtpMidiCounter.FEEDBACK_RECEIVED);
        }
    }

    private void onInvitation(SessionDatagram d, Invitation in, long now) {
        Participant p = participants.bySsrc(in.ssrc());
        if (d.port() == PortRole.CONTROL) {
            if (!admission.withinRate(d.sender().getAddress(), now)) {
                // dropped unanswered: a flood gets no traffic back, and the place stays free
                long n = counters.increment(RtpMidiCounter.INVITATIONS_RATE_LIMITED);
                if (RtpMidiCounters.worthLogging(n)) {
                    LOG.log(Level.WARNING, "RTP-MIDI: {0} invites faster than {1} at once and one a second;"
                            + " ignoring it", d.sender().getAddress().getHostAddress(), Admission.INVITATION_BURST);
                }
                return;
            }
            if (p != null) {
                if (!p.controlAddress.getAddress().equals(d.sender().getAddress())) {
                    // only the participant's own host may start its session over
                    impersonation(d, p);
                    transport.send(PortRole.CONTROL, d.sender(), new InvitationRejected(in.initiatorToken(), ssrc, config.name()));
                    return;
                }
                if (p.token == in.initiatorToken() && !p.invitedByUs) {
                    // a repeated invitation: our OK was lost
                    transport.send(PortRole.CONTROL, d.sender(), new InvitationAccepted(in.initiatorToken(), ssrc, config.name()));
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
                transport.send(PortRole.CONTROL, d.sender(), new InvitationRejected(in.initiatorToken(), ssrc, config.name()));
                return;
            }
            p = new Participant(false, in.initiatorToken(), Participant.State.AWAITING_DATA, d.sender(), now,
                    random.nextInt(0x10000), null);
            p.ssrc = in.ssrc();
            p.name = in.name();
            participants.add(p);
            transport.send(PortRole.CONTROL, d.sender(), new InvitationAccepted(in.initiatorToken(), ssrc, config.name()));
            return;
        }
        if (p == null || p.invitedByUs || p.token != in.initiatorToken()
                || !p.controlAddress.getAddress().equals(d.sender().getAddress())) {
            unexpected(d, "an invitation on the data port before one on the control port");
            transport.send(PortRole.DATA, d.sender(), new InvitationRejected(in.initiatorToken(), ssrc, config.name()));
            return;
        }
        p.lastHeardNanos = now;
        p.dataAddress = d.sender();
        // joined before the OK goes out: once the inviter hears it, it may send at once, and so may
        // this side's sender, which must then find the participant connected
        if (!p.connected()) {
            participants.connect(p);
        }
        transport.send(PortRole.DATA, d.sender(), new InvitationAccepted(in.initiatorToken(), ssrc, config.name()));
    }

    /** The address ranges whose invitations this session accepts. */
    public List<HostRange> admitted() {
        return admission.admitted();
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
            sendInvitation(p);
        } else if (d.port() == PortRole.DATA && p.state == Participant.State.INVITING_DATA) {
            p.dataAddress = d.sender();
            participants.connect(p);
            startClockSync(p, now);
        } // else a repeated OK: nothing to do
    }

    private void onClockSync(SessionDatagram d, ClockSync ck, long now) {
        Participant p = participants.bySsrc(ck.ssrc());
        if (p == null || p.state == Participant.State.INVITING_CONTROL) {
            unexpected(d, "CK from a stranger");
            return;
        }
        if (!from(p, d.sender())) {
            impersonation(d, p);
            return;
        }
        p.lastHeardNanos = now;
        ClockSync answer = clocks.answer(ck, now);
        if (answer != null) {
            transport.send(PortRole.DATA, d.sender(), answer);
        }
        clocks.record(p, ck, now);
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            long n = counters.increment(RtpMidiCounter.INTERNAL_ERRORS);
            if (RtpMidiCounters.worthLogging(n)) {
                LOG.log(Level.WARNING, "RTP-MIDI: housekeeping failed; the session goes on", e);
            }
        }
    }

    /** Housekeeping: retries, time-outs, clock sync, feedback, the idle guard. Event loop only. */
    private void tick() {
        if (closed) {
            return;
        }
        long now = now();
        long timeout = config.participantTimeout().toNanos();
        for (Participant p : participants.all()) {
            switch (p.state) {
                case INVITING_CONTROL, INVITING_DATA -> {
                    if (now - p.lastInvitationNanos >= config.inviteRetryInterval().toNanos()) {
                        if (p.invitationsSent >= config.inviteAttempts()) {
                            counters.increment(RtpMidiCounter.INVITATIONS_FAILED);
                            LOG.log(Level.WARNING, "RTP-MIDI: no answer from {0} after {1} invitations",
                                    p.controlAddress, p.invitationsSent);
                            if (p.state == Participant.State.INVITING_DATA) {
                                sendEnd(p);
                            }
                            participants.remove(p, LeaveReason.UNANSWERED);
                        } else {
                            sendInvitation(p);
                        }
                    }
                }
                case AWAITING_DATA -> {
                    // half a session holds a place: free it soon (a real peer invites its data port at once)
                    if (now - p.createdNanos > Math.min(timeout, Admission.HALF_OPEN_NANOS)) {
                        timedOut(p);
                    }
                }
                case CONNECTED -> connectedTick(p, now, timeout);
            }
        }
        sendPath.guardIdleOutput(now);
    }

    private void connectedTick(Participant p, long now, long timeout) {
        if (now - p.lastHeardNanos > timeout) {
            timedOut(p);
            return;
        }
        if (p.invitedByUs && now - p.nextSyncNanos >= 0) {
            startClockSync(p, now);
        } else if (!p.invitedByUs && now - p.lastHeardNanos > timeout / 3
                && now - p.lastProbeNanos > timeout / 3) {
            // the inviting side syncs; when it has been quiet a while, ask whether it is still there
            p.lastProbeNanos = now;
            transport.send(PortRole.DATA, p.dataAddress, clocks.probe(now));
        }
        if (p.feedbackDue && now - p.lastFeedbackNanos >= FEEDBACK_INTERVAL_NANOS) {
            p.feedbackDue = false;
            p.lastFeedbackNanos = now;
            transport.send(PortRole.CONTROL, p.controlAddress, new ReceiverFeedback(ssrc, p.lastReceivedSequence));
        }
    }

    private void startClockSync(Participant p, long now) {
        transport.send(PortRole.DATA, p.dataAddress, clocks.start(p, now));
    }

    private void timedOut(Participant p) {
        counters.increment(RtpMidiCounter.PARTICIPANTS_TIMED_OUT);
        LOG.log(Level.WARNING, "RTP-MIDI: {0} went silent for over {1}; ending it", p, config.participantTimeout());
        sendEnd(p);
        participants.remove(p, LeaveReason.TIMED_OUT);
    }

    private void sendInvitation(Participant p) {
        p.invitationsSent++;
        p.lastInvitationNanos = now();
        if (p.state == Participant.State.INVITING_CONTROL) {
            transport.send(PortRole.CONTROL, p.controlAddress, new Invitation(p.token, ssrc, config.name()));
        } else {
            InetSocketAddress data = new InetSocketAddress(p.controlAddress.getAddress(), p.controlAddress.getPort() + 1);
            transport.send(PortRole.DATA, data, new Invitation(p.token, ssrc, config.name()));
        }
    }

    private void sendEnd(Participant p) {
        transport.send(PortRole.CONTROL, p.controlAddress, new EndSession(p.token, ssrc));
    }

    /** Whether {@code sender} is one of {@code p}'s two addresses. */
    private static boolean from(Participant p, java.net.InetSocketAddress sender) {
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

    private long now() {
        return config.clock().nanos();
    }

    /** The counters as a map, for a status line. */
    public Map<RtpMidiCounter, Long> countersSnapshot() {
        return counters.snapshot();
    }
}
