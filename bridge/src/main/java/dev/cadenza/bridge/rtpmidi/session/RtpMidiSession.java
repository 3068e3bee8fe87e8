package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.port.MidiReceiver;
import dev.cadenza.bridge.rtpmidi.discovery.DnsSdAdvertiser;
import dev.cadenza.bridge.stream.RealtimePriority;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * An RTP-MIDI network session (Apple's session protocol with RFC 6295 payloads) on two UDP ports,
 * control N and data N+1: it accepts invitations from remote participants, invites remote
 * sessions itself, keeps clocks synchronised, sends MIDI to every connected participant and
 * hands what they send to a {@link MidiReceiver}. Several participants at once.
 *
 * <p>This class assembles the session and is its API; the work is done by package-private parts,
 * one job each: {@code SessionTransport} (the ports and the event loop), {@code SessionProtocol}
 * and {@code Housekeeping} (the protocol, datagram by datagram and tick by tick), {@code
 * ParticipantTable}, {@code Admission}, {@code ClockExchange}, {@code ReceivePath} and {@code
 * SendPath}.
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

    private final RtpMidiConfig config;
    private final RtpMidiCounters counters = new RtpMidiCounters();
    private final int ssrc;
    private final SessionTransport transport;
    private final ParticipantTable participants;
    private final SendPath sendPath;
    private final SessionProtocol protocol;
    private final Housekeeping housekeeping;

    private DnsSdAdvertiser advertiser;
    private volatile boolean closed;

    private RtpMidiSession(RtpMidiConfig config, MidiReceiver receiver, ParticipantListener listener) {
        this.config = config;
        Random random = new SecureRandom();
        int chosen = config.ssrc();
        while (chosen == 0) {
            chosen = random.nextInt();
        }
        this.ssrc = chosen;
        ClockExchange clocks = new ClockExchange(ssrc, config.clock().nanos(), config.syncInterval().toNanos(), counters);
        ReceivePath receivePath = new ReceivePath(receiver, counters, config.clock());
        this.transport = new SessionTransport(config.name(), counters);
        this.participants = new ParticipantTable(listener, receivePath, counters);
        SessionMessages messages = new SessionMessages(transport, ssrc, config.name());
        this.sendPath = new SendPath(config, ssrc, transport, participants, clocks, counters);
        this.protocol = new SessionProtocol(config, counters, participants, messages, clocks, receivePath, random);
        this.housekeeping = new Housekeeping(config, counters, participants, messages, clocks, sendPath);
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
        transport.bind(config.bindAddress(), config.port(), datagram -> {
            if (!closed) {
                protocol.handle(datagram);
            }
        });
        transport.every(config.tickInterval().toNanos(), () -> {
            if (!closed) {
                housekeeping.tick();
            }
        });
        if (config.advertise()) {
            advertiser = DnsSdAdvertiser.start(config.name(), port(), config.bindAddress());
        }
        LOG.log(Level.INFO, "RTP-MIDI session \"{0}\" on ports {1}/{2} (SSRC {3})", config.name(),
                port(), port() + 1, String.format("%08X", ssrc));
    }

    /**
     * The operating system's id of the thread that sends and receives for this session (Linux, as
     * {@code /proc/thread-self} names it), for a caller that raises its scheduling priority with the
     * emission thread's; null where there is none to read. Control thread only.
     */
    public String threadId() {
        return transport.call(RealtimePriority::currentThreadId);
    }

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

    /** The counters as a map, for a status line. */
    public Map<RtpMidiCounter, Long> countersSnapshot() {
        return counters.snapshot();
    }

    /** The address ranges whose invitations this session accepts. */
    public List<HostRange> admitted() {
        return protocol.admitted();
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
            } else {
                protocol.invite(address, connection);
            }
        });
        return connection;
    }

    /**
     * Sends complete MIDI messages (status bytes first; running status allowed) to every connected
     * participant, in one packet each, stamped now. Nothing is sent while no one is connected.
     * One sending thread at a time; no allocation, no lock, no blocking: the MIDI goes through a
     * preallocated ring to the session's event loop, which writes the packets.
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
            protocol.end(participantSsrc);
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
                sendPath.drain(); // what was sent before close() goes out first: the last note-offs
                protocol.endAll();
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

    /** From now on no datagram is handled, no tick runs and no MIDI is sent. */
    private void markClosed() {
        closed = true;
        sendPath.stop();
    }
}
