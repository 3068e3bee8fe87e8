package dev.cadenza.bridge.rtpmidi.wire;

/**
 * One message of Apple's session protocol. Each command has its own small immutable record; {@link
 * AppleMidiCodec} turns them into bytes and back.
 */
public sealed interface AppleMidiMessage
        permits Invitation, InvitationAccepted, InvitationRejected, EndSession, ClockSync,
        ReceiverFeedback {

    /** The protocol version that Apple's peers and this one speak in IN/OK/NO/BY. */
    int PROTOCOL_VERSION = 2;

    AppleMidiCommand command();

    /** The synchronisation source of the sender: the participant's identity in the session. */
    int ssrc();
}
