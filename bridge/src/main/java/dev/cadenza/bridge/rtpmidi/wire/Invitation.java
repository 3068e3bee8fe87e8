package dev.cadenza.bridge.rtpmidi.wire;

import java.util.Objects;

/**
 * {@code IN}: a participant asks to join, first on the control port, then on the data port.
 *
 * @param protocolVersion always {@value AppleMidiMessage#PROTOCOL_VERSION} on the wire
 * @param initiatorToken the random token chosen by the inviting side, echoed in the answer
 * @param ssrc the sender's synchronisation source
 * @param name the sender's session name as a person reads it (may be empty)
 */
public record Invitation(int protocolVersion, int initiatorToken, int ssrc, String name)
        implements AppleMidiMessage {

    public Invitation {
        Objects.requireNonNull(name, "name");
    }

    public Invitation(int initiatorToken, int ssrc, String name) {
        this(PROTOCOL_VERSION, initiatorToken, ssrc, name);
    }

    @Override
    public AppleMidiCommand command() {
        return AppleMidiCommand.INVITATION;
    }
}
