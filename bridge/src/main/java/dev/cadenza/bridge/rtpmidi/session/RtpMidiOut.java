package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.port.MidiOut;
import dev.cadenza.bridge.port.PortSource;
import dev.cadenza.bridge.rtpmidi.wire.MidiBytes;

/**
 * A session as a {@link MidiOut}, so that the streaming engine plays to every participant as it
 * plays to a device. Each short message goes out at once in its own RTP-MIDI packet.
 */
public final class RtpMidiOut implements MidiOut {
    private final RtpMidiSession session;
    private final boolean ownsSession;
    private final byte[] message = new byte[3]; // emission thread only

    /**
     * @param ownsSession whether {@link #close()} closes the session too
     */
    public RtpMidiOut(RtpMidiSession session, boolean ownsSession) {
        this.session = session;
        this.ownsSession = ownsSession;
    }

    /**
     * The session as the streaming engine's output: opening it plays to the session (which the
     * caller keeps and closes); the port is present while the session is open.
     */
    public static PortSource source(RtpMidiSession session) {
        return new PortSource() {
            @Override
            public String name() {
                return "RTP-MIDI " + session.name() + " (port " + session.port() + ")";
            }

            @Override
            public MidiOut open() {
                return new RtpMidiOut(session, false);
            }

            @Override
            public boolean present() {
                return session.isOpen();
            }
        };
    }

    @Override
    public String name() {
        return "RTP-MIDI " + session.name() + " (port " + session.port() + ")";
    }

    /**
     * Sends one short message to every connected participant; false once the session is closed.
     * Emission thread only; real-time safe but for the datagram envelope per participant.
     *
     * @throws IllegalArgumentException for a status byte that does not start a short message
     */
    @Override
    public boolean send(int status, int data1, int data2) {
        if (!session.isOpen()) {
            return false;
        }
        int data = MidiBytes.dataBytes(status & 0xFF);
        if (data < 0) {
            throw new IllegalArgumentException(String.format(
                    "invalid status for a short message: 0x%02X (expected 0x80..0xFF but F0, F4, F5, F7)", status));
        }
        message[0] = (byte) status;
        message[1] = (byte) (data1 & 0x7F);
        message[2] = (byte) (data2 & 0x7F);
        session.send(message, 0, 1 + data);
        return true;
    }

    /** Closes the session when this port owns it. Control thread only. */
    @Override
    public void close() {
        if (ownsSession) {
            session.close();
        }
    }
}
