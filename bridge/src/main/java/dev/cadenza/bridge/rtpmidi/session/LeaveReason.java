package dev.cadenza.bridge.rtpmidi.session;

/** Why a participant is no longer in the session. */
public enum LeaveReason {
    /** It sent BY. */
    ENDED_BY_PEER,
    /** This session ended it ({@link RtpMidiSession#end(int)}). */
    ENDED_HERE,
    /** It went silent (no CK, no MIDI) for longer than the participant time-out. */
    TIMED_OUT,
    /** It rejected our invitation (NO). */
    REJECTED,
    /** It never answered our invitation. */
    UNANSWERED,
    /** The session closed. */
    SESSION_CLOSED
}
