package dev.cadenza.bridge.rtpmidi.session;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A snapshot of one participant of a session.
 *
 * @param name its session name as it announced it
 * @param ssrc its synchronisation source
 * @param controlAddress where its control port is
 * @param invitedByUs whether this session sent the invitation
 * @param connected whether both ports are joined (MIDI flows only then)
 * @param clockSamples the latest completed clock synchronisations, oldest first (at most 8)
 */
public record ParticipantInfo(String name, int ssrc, InetSocketAddress controlAddress,
        boolean invitedByUs, boolean connected, List<ClockSample> clockSamples) {

    public ParticipantInfo {
        clockSamples = List.copyOf(clockSamples);
    }
}
