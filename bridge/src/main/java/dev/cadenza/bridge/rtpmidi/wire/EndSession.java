package dev.cadenza.bridge.rtpmidi.wire;

import java.util.Objects;

/**
 * {@code BY}: the sender leaves the session. Apple sends it without a name; some peers append one,
 * which is kept but means nothing.
 *
 * @param protocolVersion always {@value AppleMidiMessage#PROTOCOL_VERSION} on the wire
 * @param initiatorToken the token of the invitation that started the session
 * @param ssrc the leaving participant's synchronisation source
 * @param name a name some peers append (usually empty)
 */
public record EndSession(int protocolVersion, int initiatorToken, int ssrc, String name)
        implements AppleMidiMessage {

    public EndSession {
        Objects.requireNonNull(name, "name");
    }

    public EndSession(int initiatorToken, int ssrc) {
        this(PROTOCOL_VERSION, initiatorToken, ssrc, "");
    }

    @Override
    public AppleMidiCommand command() {
        return AppleMidiCommand.END_SESSION;
    }
}
