package dev.cadenza.bridge.rtpmidi;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.NanoClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

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
 * @param allowedHosts the hosts whose invitations are accepted; empty for any host
 */
public record RtpMidiConfig(String name, int port, InetAddress bindAddress, boolean advertise,
        int maxParticipants, Duration participantTimeout, Duration syncInterval,
        Duration inviteRetryInterval, int inviteAttempts, Duration idleGuardAfter,
        Duration tickInterval, NanoClock clock, int ssrc, Set<InetAddress> allowedHosts) {

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
        allowedHosts = allowedHosts == null ? Set.of() : Set.copyOf(allowedHosts);
    }

    /** Whether invitations from {@code host} are accepted. */
    public boolean allows(InetAddress host) {
        return allowedHosts.isEmpty() || allowedHosts.contains(host);
    }

    /** This config accepting invitations from {@code hosts} only (empty: from any host). */
    public RtpMidiConfig withAllowedHosts(Set<InetAddress> hosts) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, hosts);
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
                Duration.ofMillis(100), NanoClock.system(), 0, Set.of());
    }

    public RtpMidiConfig withPort(int port) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withBindAddress(InetAddress bindAddress) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withAdvertise(boolean advertise) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withMaxParticipants(int maxParticipants) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withParticipantTimeout(Duration participantTimeout) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withSyncInterval(Duration syncInterval) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withInvitations(Duration retryInterval, int attempts) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, retryInterval, attempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withIdleGuardAfter(Duration idleGuardAfter) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withTickInterval(Duration tickInterval) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withClock(NanoClock clock) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }

    public RtpMidiConfig withSsrc(int ssrc) {
        return new RtpMidiConfig(name, port, bindAddress, advertise, maxParticipants, participantTimeout,
                syncInterval, inviteRetryInterval, inviteAttempts, idleGuardAfter, tickInterval, clock, ssrc, allowedHosts);
    }
}
