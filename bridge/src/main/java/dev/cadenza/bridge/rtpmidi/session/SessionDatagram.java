package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.rtpmidi.wire.AppleMidiMessage;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiPacket;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One decoded datagram as the session sees it: which port, who sent it, and the message, which is
 * an {@link AppleMidiMessage} or an {@link RtpMidiPacket}.
 */
public record SessionDatagram(PortRole port, InetSocketAddress sender, Object message) {
    public SessionDatagram {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(sender, "sender");
        if (!(message instanceof AppleMidiMessage) && !(message instanceof RtpMidiPacket)) {
            throw new IllegalArgumentException("invalid session message: " + message
                    + " (expected an AppleMidiMessage or an RtpMidiPacket)");
        }
    }
}
