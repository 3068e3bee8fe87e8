package dev.cadenza.bridge.rtpmidi.session;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may join a session, decided per invitation on the control port: the host's invitation rate
 * (a few at once, then one a second, so that a flood gets nothing back), then the allow-list, the
 * places one host may hold with invitations that never reached the data port, and the session's
 * size. Pure logic: the session counts what it knows and acts on the answer. Event loop only.
 */
final class Admission {
    /** Invitations a host may send at once; then one every {@link #INVITATION_INTERVAL_NANOS}. */
    static final int INVITATION_BURST = 4;
    static final long INVITATION_INTERVAL_NANOS = 1_000_000_000L;
    /** Hosts whose invitation rate is tracked at once; past it the one heard from longest ago is forgotten. */
    static final int RATE_HOSTS = 4096;
    /** Places one host may hold with invitations that have not reached the data port yet. */
    static final int HALF_OPEN_PER_HOST = 2;
    /** How long an invitation on the control port holds a place without one on the data port. */
    static final long HALF_OPEN_NANOS = 5_000_000_000L;

    private final List<HostRange> admitted;
    private final int maxParticipants;
    /** Per host, when its invitation budget is next full again (GCRA). */
    private final Map<InetAddress, Long> invitationsDue = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
            return size() > RATE_HOSTS;
        }
    };

    /**
     * @param admitted the ranges whose invitations are accepted
     * @param maxParticipants how many participants, joined or joining, the session holds at once
     */
    Admission(List<HostRange> admitted, int maxParticipants) {
        this.admitted = List.copyOf(admitted);
        this.maxParticipants = maxParticipants;
    }

    /** The address ranges whose invitations are accepted. */
    List<HostRange> admitted() {
        return admitted;
    }

    /**
     * Takes one invitation from {@code host}'s budget ({@link #INVITATION_BURST} at once, then one
     * every {@link #INVITATION_INTERVAL_NANOS}); false when it is spent, and nothing is taken.
     */
    boolean withinRate(InetAddress host, long nowNanos) {
        Long due = invitationsDue.get(host);
        long next = due == null ? nowNanos : Math.max(due, nowNanos);
        if (next - nowNanos > (INVITATION_BURST - 1) * INVITATION_INTERVAL_NANOS) {
            return false;
        }
        invitationsDue.put(host, next + INVITATION_INTERVAL_NANOS);
        return true;
    }

    /**
     * Why an invitation from {@code host} is refused, or empty when it is admitted.
     *
     * @param halfOpenFromHost the places {@code host} holds with invitations that never reached the data port
     * @param participants the participants the session holds, joined or joining
     */
    Optional<String> refusal(InetAddress host, int halfOpenFromHost, int participants) {
        if (!admits(host)) {
            return Optional.of("not a host this session allows");
        }
        if (halfOpenFromHost >= HALF_OPEN_PER_HOST) {
            return Optional.of("that host has " + HALF_OPEN_PER_HOST + " invitations that never reached the data port");
        }
        if (participants >= maxParticipants) {
            return Optional.of("the session is full (" + maxParticipants + ")");
        }
        return Optional.empty();
    }

    private boolean admits(InetAddress host) {
        for (HostRange range : admitted) {
            if (range.contains(host)) {
                return true;
            }
        }
        return false;
    }
}
