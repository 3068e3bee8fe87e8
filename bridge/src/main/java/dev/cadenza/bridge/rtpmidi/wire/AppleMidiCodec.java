package dev.cadenza.bridge.rtpmidi.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to {@link AppleMidiMessage} and back: Apple's session protocol, big-endian, each datagram
 * starting with the signature {@code FF FF} and a two-letter command. Stateless and thread-safe.
 *
 * <pre>
 * IN/OK/NO/BY: FF FF | cmd(2) | version(4) = 2 | initiator token(4) | ssrc(4) | name, NUL-terminated (optional)
 * CK:          FF FF | 'CK'   | ssrc(4) | count(1) | padding(3) | timestamp 1..3 (8 each)    = 36 bytes
 * RS:          FF FF | 'RS'   | ssrc(4) | sequence number(2) | padding(2)                     = 12 bytes
 * </pre>
 */
public final class AppleMidiCodec {

    /** The first two bytes of every AppleMIDI datagram. */
    public static final int SIGNATURE = 0xFFFF;
    /** The length of IN/OK/NO/BY without a name. */
    public static final int SESSION_HEADER_BYTES = 16;
    public static final int CLOCK_SYNC_BYTES = 36;
    public static final int RECEIVER_FEEDBACK_BYTES = 12;
    /** The longest session name accepted, in UTF-8 bytes; longer names are a malformed datagram. */
    public static final int MAX_NAME_BYTES = 512;

    private AppleMidiCodec() {
    }

    /** Whether these readable bytes start with the AppleMIDI signature (they are not RTP). */
    public static boolean hasSignature(ByteBuf in) {
        return in.readableBytes() >= 2 && in.getUnsignedShort(in.readerIndex()) == SIGNATURE;
    }

    /** Writes {@code message} at the writer index of {@code out}. */
    public static void encode(AppleMidiMessage message, ByteBuf out) {
        out.writeShort(SIGNATURE);
        out.writeShort(message.command().code());
        if (message instanceof Invitation m) {
            writeSession(out, m.protocolVersion(), m.initiatorToken(), m.ssrc(), m.name(), true);
        } else if (message instanceof InvitationAccepted m) {
            writeSession(out, m.protocolVersion(), m.initiatorToken(), m.ssrc(), m.name(), true);
        } else if (message instanceof InvitationRejected m) {
            writeSession(out, m.protocolVersion(), m.initiatorToken(), m.ssrc(), m.name(), true);
        } else if (message instanceof EndSession m) {
            // Apple sends BY without a name
            writeSession(out, m.protocolVersion(), m.initiatorToken(), m.ssrc(), m.name(),
                    !m.name().isEmpty());
        } else if (message instanceof ClockSync m) {
            out.writeInt(m.ssrc());
            out.writeByte(m.count());
            out.writeMedium(0);
            out.writeLong(m.timestamp1Ticks());
            out.writeLong(m.timestamp2Ticks());
            out.writeLong(m.timestamp3Ticks());
        } else if (message instanceof ReceiverFeedback m) {
            out.writeInt(m.ssrc());
            out.writeShort(m.sequenceNumber());
            out.writeShort(0);
        }
    }

    private static void writeSession(ByteBuf out, int version, int token, int ssrc, String name,
            boolean withName) {
        out.writeInt(version);
        out.writeInt(token);
        out.writeInt(ssrc);
        if (withName) {
            out.writeCharSequence(name, StandardCharsets.UTF_8);
            out.writeByte(0);
        }
    }

    /**
     * Reads one whole datagram's readable bytes as one message; the reader index ends at the
     * writer index.
     *
     * @throws UnknownCommandException when the command is not one of {@link AppleMidiCommand}
     * @throws MalformedPacketException naming the bad value, for anything else that is wrong
     */
    public static AppleMidiMessage decode(ByteBuf in) {
        int length = in.readableBytes();
        if (length < 4) {
            throw new MalformedPacketException(
                    "AppleMIDI datagram of " + length + " bytes (expected at least 4)");
        }
        int signature = in.readUnsignedShort();
        if (signature != SIGNATURE) {
            throw new MalformedPacketException(
                    String.format("AppleMIDI signature 0x%04X (expected 0xFFFF)", signature));
        }
        AppleMidiCommand command = AppleMidiCommand.valueOf(in.readUnsignedShort());
        AppleMidiMessage message = switch (command) {
            case INVITATION, INVITATION_ACCEPTED, INVITATION_REJECTED, END_SESSION ->
                    readSession(command, in, length);
            case CLOCK_SYNC -> readClockSync(in, length);
            case RECEIVER_FEEDBACK -> readReceiverFeedback(in, length);
        };
        in.skipBytes(in.readableBytes());
        return message;
    }

    private static AppleMidiMessage readSession(AppleMidiCommand command, ByteBuf in, int length) {
        if (length < SESSION_HEADER_BYTES) {
            throw new MalformedPacketException(String.format("%s of %d bytes (expected at least %d)",
                    command, length, SESSION_HEADER_BYTES));
        }
        int version = in.readInt();
        if (version != AppleMidiMessage.PROTOCOL_VERSION) {
            throw new MalformedPacketException(String.format("%s protocol version %d (expected %d)",
                    command, version, AppleMidiMessage.PROTOCOL_VERSION));
        }
        int token = in.readInt();
        int ssrc = in.readInt();
        String name = readName(command, in);
        return switch (command) {
            case INVITATION -> new Invitation(version, token, ssrc, name);
            case INVITATION_ACCEPTED -> new InvitationAccepted(version, token, ssrc, name);
            case INVITATION_REJECTED -> new InvitationRejected(version, token, ssrc, name);
            default -> new EndSession(version, token, ssrc, name);
        };
    }

    /** The name runs to a NUL or to the end of the datagram; nothing may follow the NUL. */
    private static String readName(AppleMidiCommand command, ByteBuf in) {
        int start = in.readerIndex();
        int nul = in.indexOf(start, in.writerIndex(), (byte) 0);
        int end = nul < 0 ? in.writerIndex() : nul;
        int nameBytes = end - start;
        if (nameBytes > MAX_NAME_BYTES) {
            throw new MalformedPacketException(String.format("%s name of %d bytes (expected at most %d)",
                    command, nameBytes, MAX_NAME_BYTES));
        }
        // NUL padding after the name is tolerated: the npm rtpmidi peer sends it in BY
        for (int i = nul + 1; nul >= 0 && i < in.writerIndex(); i++) {
            byte b = in.getByte(i);
            if (b != 0) {
                throw new MalformedPacketException(String.format(
                        "%s has byte 0x%02X at %d after the name's NUL (expected only NUL padding)",
                        command, b & 0xFF, i - start + SESSION_HEADER_BYTES));
            }
        }
        for (int i = start; i < end; i++) {
            byte b = in.getByte(i);
            if (b >= 0 && b < 0x20) {
                throw new MalformedPacketException(String.format(
                        "%s name has control character 0x%02X at byte %d (expected printable text)",
                        command, b, i - start + SESSION_HEADER_BYTES));
            }
        }
        return in.toString(start, nameBytes, StandardCharsets.UTF_8);
    }

    private static ClockSync readClockSync(ByteBuf in, int length) {
        if (length != CLOCK_SYNC_BYTES) {
            throw new MalformedPacketException(String.format("CLOCK_SYNC of %d bytes (expected %d)",
                    length, CLOCK_SYNC_BYTES));
        }
        int ssrc = in.readInt();
        int count = in.readUnsignedByte();
        if (count > 2) {
            throw new MalformedPacketException("CLOCK_SYNC count " + count + " (expected 0..2)");
        }
        in.skipBytes(3);
        return new ClockSync(ssrc, count, in.readLong(), in.readLong(), in.readLong());
    }

    private static ReceiverFeedback readReceiverFeedback(ByteBuf in, int length) {
        if (length != RECEIVER_FEEDBACK_BYTES) {
            throw new MalformedPacketException(String.format(
                    "RECEIVER_FEEDBACK of %d bytes (expected %d)", length, RECEIVER_FEEDBACK_BYTES));
        }
        int ssrc = in.readInt();
        int sequenceNumber = in.readUnsignedShort();
        return new ReceiverFeedback(ssrc, sequenceNumber);
    }
}
