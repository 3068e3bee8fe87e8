package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.NanoClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.List;

/**
 * How a session runs. Build one with {@link #named(String)} and the {@code with...} methods; every
 * value has a default that suits a live session.
 *
 * @param name the session name that peers show
 * @param port the control port N (the data port is N+1); 0 picks a free even pair
 * @param bindAddress the local address to bind, {@code null} for all
 * @param advertise whether to announce the session by DNS-SD (multicast on the LAN)
 * @param maxParticipants how many participants at once; further invitations get NO
 * @param participantTimeout how long a participant may stay silent before it is ended
 * @param syncInterval how often the inviting side synchronises clocks once settled
 * @param inviteRetryInterval how long to wait for an answer before inviting again
 * @param inviteAttempts how many invitations per port before giving up
 * @param idleGuardAfter how long the output must be idle, no note held, before All Notes Off
 * @param tickInterval how often the session's housekeeping runs
 * @param clock the monotonic clock for every timestamp
 * @param ssrc this session's synchronisation source; 0 picks a random one
 * @param allowed the addresses whose invitations are accepted ({@link HostRange#any} for every one);
 *     empty for this machine's local networks as they are when the session starts
 *     ({@link HostRange#localNetworks})
 */
public record RtpMidiConfig(String name, int port, InetAddress bindAddress, boolean advertise,
        int maxParticipants, Duration participantTimeout, Duration syncInterval,
        Duration inviteRetryInterval, int inviteAttempts, Duration idleGuardAfter,
        Duration tickInterval, NanoClock clock, int ssrc, List<HostRange> allowed) {

    /** The port Apple's peers use by default. */
    public static final int DEFAULT_PORT = 5004;

    public RtpMidiConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 100) {
            throw new BridgeException("invalid session name: \"" + name + "\" (expected 1..100 characters)");
        }
        if (port < 0 || port > 65534) {
            throw new BridgeException("invalid RTP-MIDI port: " + port
                    + " (expected 0..65534: the control port, with the data port one above it)");
        }
        if (maxParticipants < 1 || maxParticipants > 256) {
            throw new BridgeException("invalid maximum of participants: " + maxParticipants + " (expected 1..256)");
        }
        if (inviteAttempts < 1) {
            throw new BridgeException("invalid invitation attempts: " + inviteAttempts + " (expected at least 1)");
        }
        positive(participantTimeout, "participant time-out");
        positive(syncInterval, "sync interval");
        positive(inviteRetryInterval, "invitation retry interval");
        positive(idleGuardAfter, "idle guard delay");
        positive(tickInterval, "tick interval");
        Objects.requireNonNull(clock, "clock");
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    /** This config accepting invitations from {@code ranges} only (empty: this machine's local networks). */
    public RtpMidiConfig withAllowed(List<HostRange> ranges) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, ranges);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new BridgeException("invalid " + what + ": " + d + " (expected a positive duration)");
        }
    }

    /** The defaults: port 5004 on all addresses, announced by DNS-SD, 16 participants, 30 s time-out. */
    public static RtpMidiConfig named(String name) {
        return new RtpMidiConfig(name, DEFAULT_PORT, null, true, 16, Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(1), 12, Duration.ofSeconds(2),
                Duration.ofMillis(100), NanoClock.system(), 0, List.of());
    }

    public RtpMidiConfig withPort(int port) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withBindAddress(InetAddress bindAddress) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withAdvertise(boolean advertise) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withMaxParticipants(int maxParticipants) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withParticipantTimeout(Duration participantTimeout) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withSyncInterval(Duration syncInterval) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withInvitations(Duration retryInterval, int attempts) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, retryInterval, attempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withIdleGuardAfter(Duration idleGuardAfter) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withTickInterval(Duration tickInterval) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withClock(NanoClock clock) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }

    public RtpMidiConfig withSsrc(int ssrc) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowed);
    }
}
