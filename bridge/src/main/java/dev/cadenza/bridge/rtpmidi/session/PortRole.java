package dev.cadenza.bridge.rtpmidi.session;

/** Which of a session's two UDP ports a datagram came in on or goes out from. */
public enum PortRole {
    /** Port N: invitations, end, receiver feedback. */
    CONTROL,
    /** Port N+1: invitations, clock sync, RTP-MIDI. */
    DATA
}
