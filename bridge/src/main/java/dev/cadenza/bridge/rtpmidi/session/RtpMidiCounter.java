package dev.cadenza.bridge.rtpmidi.session;

/** What a session counts: traffic, and every kind of trouble that it survived. */
public enum RtpMidiCounter {
    /** Datagrams read from either port. */
    DATAGRAMS_RECEIVED,
    /** RTP-MIDI packets sent, one per participant per {@code send}. */
    PACKETS_SENT,
    /** Sends dropped because the event loop fell a whole ring of them (1 MiB) behind. */
    SENDS_DROPPED,
    /** MIDI messages handed to the receiver. */
    MESSAGES_RECEIVED,
    /** Datagrams that failed to decode, other than the kinds below. */
    MALFORMED,
    /** AppleMIDI datagrams with a command this session does not know. */
    UNKNOWN_COMMAND,
    /** Datagrams longer than the session reads; dropped whole. */
    OVERSIZED,
    /** RTP-MIDI packets on the control port, where none belong. */
    MISDIRECTED,
    /** Well-formed messages from a synchronisation source that is not a participant, or that make no sense in its state. */
    UNEXPECTED_SENDER,
    /**
     * Messages carrying a participant's SSRC from an address that is not the participant's (RTP-MIDI
     * from another port, a BY or a CK from elsewhere, an invitation taking over its SSRC from
     * another host); ignored, so nobody can end, replace or play as another participant.
     */
    IMPERSONATIONS,
    /** RTP-MIDI packets older than one already received from the same participant; dropped. */
    OUT_OF_ORDER,
    /** RTP-MIDI packets never received: the gaps in the sequence numbers. */
    LOST,
    /** Recovery journals skipped in incoming packets. */
    JOURNALS_SKIPPED,
    /** SysEx segments (split SysEx) dropped: only whole SysEx messages are delivered. */
    SYSEX_SEGMENTS_DROPPED,
    /**
     * Invitations refused: the session is full, the host is not admitted, or it already holds
     * invitations that never reached the data port.
     */
    INVITATIONS_REFUSED,
    /** Invitations from a host past its rate (a few at once, then one a second); dropped unanswered. */
    INVITATIONS_RATE_LIMITED,
    /** Our invitations that were rejected or never answered. */
    INVITATIONS_FAILED,
    /** Participants that went silent and were ended by the time-out. */
    PARTICIPANTS_TIMED_OUT,
    /** Note-offs sent to the receiver for notes still held by a participant that left. */
    NOTES_RELEASED,
    /** Clock synchronisations completed (either role). */
    CLOCK_SYNCS,
    /** All Notes Off guards sent after idle output (the recovery-journal decision). */
    IDLE_GUARDS_SENT,
    /** Receiver feedback (RS) messages received. */
    FEEDBACK_RECEIVED,
    /** Exceptions thrown by the receiver or listeners, caught so that the session goes on. */
    LISTENER_FAILURES,
    /** Exceptions inside the session itself (a bug, or a channel error), caught so that it goes on. */
    INTERNAL_ERRORS
}
