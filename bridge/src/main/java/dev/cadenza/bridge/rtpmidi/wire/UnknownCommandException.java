package dev.cadenza.bridge.rtpmidi.wire;

/**
 * An AppleMIDI datagram (signature {@code FF FF}) whose two-letter command is not one this session
 * knows. Counted apart from other malformed datagrams, since a newer peer may send commands that
 * are valid but unknown here.
 */
public final class UnknownCommandException extends MalformedPacketException {
    private final int code;

    public UnknownCommandException(int code) {
        super(String.format("unknown AppleMIDI command 0x%04X (expected one of %s)", code,
                AppleMidiCommand.knownCodes()));
        this.code = code;
    }

    /** The unknown 16-bit command code, as it was on the wire. */
    public int code() {
        return code;
    }
}
