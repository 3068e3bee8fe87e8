package dev.cadenza.bridge.rtpmidi.wire;

import dev.cadenza.bridge.BridgeException;

/**
 * A datagram that is not a well-formed AppleMIDI or RTP-MIDI message. The message names the bad
 * value and what was expected. Thrown by the codecs only; the session turns it into a counted drop
 * and never lets it end a session.
 */
public class MalformedPacketException extends BridgeException {
    public MalformedPacketException(String message) {
        super(message);
    }
}
