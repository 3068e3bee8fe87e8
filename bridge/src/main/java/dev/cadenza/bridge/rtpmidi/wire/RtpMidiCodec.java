package dev.cadenza.bridge.rtpmidi.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to {@link RtpMidiPacket} and back (RFC 6295). Stateless and thread-safe.
 *
 * <pre>
 * RTP header (12 bytes): V=2 P X CC | M PT=97 | sequence number(2) | timestamp(4, 10 kHz) | SSRC(4)
 * command section header: B J Z P LEN(4)            (B=0: LEN is 4 bits)
 *                         B J Z P LEN(4) LEN(8)     (B=1: LEN is 12 bits)
 * command list: [delta] command, delta command, ...  (the first delta only when Z=1)
 * recovery journal (when J=1): checked for length and skipped
 * </pre>
 *
 * <p>The encoder writes every status byte (no running status), J=0, and delta times only where
 * they are needed; the decoder accepts running status, realtime bytes between and inside
 * commands, and SysEx segments.
 */
public final class RtpMidiCodec {

    public static final int PAYLOAD_TYPE = 97;
    public static final int RTP_HEADER_BYTES = 12;
    /** The longest command section the 12-bit LEN field can describe. */
    public static final int MAX_COMMAND_SECTION_BYTES = 0x0FFF;

    private static final int FLAG_B = 0x80;
    private static final int FLAG_J = 0x40;
    private static final int FLAG_Z = 0x20;

    private RtpMidiCodec() {
    }

    // ---------------------------------------------------------------------------------- encode

    /** Writes {@code packet} at the writer index of {@code out}, with J=0. */
    public static void encode(RtpMidiPacket packet, ByteBuf out) {
        List<MidiCommand> commands = packet.commands();
        boolean firstHasDelta = !commands.isEmpty() && commands.get(0).deltaTicks() != 0;
        int sectionBytes = 0;
        for (int i = 0; i < commands.size(); i++) {
            MidiCommand c = commands.get(i);
            if (i > 0 || firstHasDelta) {
                sectionBytes += deltaBytes(c.deltaTicks());
            }
            sectionBytes += c.length();
        }
        checkSectionLength(sectionBytes);
        writeRtpHeader(out, packet.sequenceNumber(), packet.timestampTicks(), packet.ssrc());
        writeSectionHeader(out, sectionBytes, firstHasDelta);
        for (int i = 0; i < commands.size(); i++) {
            MidiCommand c = commands.get(i);
            if (i > 0 || firstHasDelta) {
                writeDelta(out, c.deltaTicks());
            }
            out.writeBytes(c.bytes());
        }
    }

    /**
     * Writes one packet whose command section holds the complete MIDI messages in {@code
     * midi[offset, offset + length)}, all at delta time 0. Running status in the input is
     * expanded. Real-time safe: no allocation.
     *
     * @throws IllegalArgumentException naming the byte and its offset when the bytes are not a
     *     sequence of complete MIDI messages, or when they do not fit one packet; nothing is
     *     written then
     */
    public static void encodeMessages(int sequenceNumber, long timestampTicks, int ssrc,
            byte[] midi, int offset, int length, ByteBuf out) {
        int sectionBytes = scanMessages(midi, offset, length, true);
        writeRtpHeader(out, sequenceNumber, timestampTicks, ssrc);
        writeSectionHeader(out, sectionBytes, false);
        scanMessagesInto(midi, offset, length, out);
    }

    /**
     * The size of the command section that {@link #encodeMessages} writes for these bytes.
     *
     * @throws IllegalArgumentException as {@link #encodeMessages} does
     */
    public static int commandSectionBytes(byte[] midi, int offset, int length) {
        return scanMessages(midi, offset, length, true);
    }

    /** Walks the messages; returns the command section length, or throws on bad input. */
    private static int scanMessages(byte[] midi, int offset, int length, boolean check) {
        if (offset < 0 || length < 0 || offset + length > midi.length) {
            throw new IllegalArgumentException(String.format(
                    "invalid range: offset %d, length %d (expected within the %d bytes given)",
                    offset, length, midi.length));
        }
        int end = offset + length;
        int running = 0;
        int section = 0;
        int count = 0;
        int i = offset;
        while (i < end) {
            int b = midi[i] & 0xFF;
            int status;
            int size; // bytes this message takes in the command section, status included
            if (b >= 0x80) {
                status = b;
                int data = MidiBytes.dataBytes(status);
                if (data == MidiBytes.INVALID) {
                    throw new IllegalArgumentException(String.format(
                            "status byte 0x%02X at offset %d cannot start a MIDI message", b, i - offset));
                }
                if (data == MidiBytes.SYSEX) {
                    int j = i + 1;
                    while (j < end && (midi[j] & 0xFF) < 0x80) {
                        j++;
                    }
                    if (j >= end || (midi[j] & 0xFF) != 0xF7) {
                        throw new IllegalArgumentException(String.format(
                                "SysEx at offset %d has no F7 end (expected F0 ... F7)", i - offset));
                    }
                    size = j + 1 - i;
                    running = 0;
                } else {
                    checkDataBytes(midi, i + 1, data, end, offset, status);
                    size = 1 + data;
                    if (MidiBytes.isChannelStatus(status)) {
                        running = status;
                    } else if (!MidiBytes.isRealTime(status)) {
                        running = 0;
                    }
                }
                i += size;
            } else {
                if (running == 0) {
                    throw new IllegalArgumentException(String.format(
                            "data byte 0x%02X at offset %d with no status byte before it", b, i - offset));
                }
                int data = MidiBytes.dataBytes(running);
                checkDataBytes(midi, i, data, end, offset, running);
                size = 1 + data; // the status byte is written out again
                i += data;
            }
            section += size + (count > 0 ? 1 : 0);
            count++;
        }
        if (check) {
            checkSectionLength(section);
        }
        return section;
    }

    private static void scanMessagesInto(byte[] midi, int offset, int length, ByteBuf out) {
        int end = offset + length;
        int running = 0;
        boolean first = true;
        int i = offset;
        while (i < end) {
            if (!first) {
                out.writeByte(0); // delta time 0
            }
            first = false;
            int b = midi[i] & 0xFF;
            if (b >= 0x80) {
                int data = MidiBytes.dataBytes(b);
                int size;
                if (data == MidiBytes.SYSEX) {
                    int j = i + 1;
                    while ((midi[j] & 0xFF) != 0xF7) {
                        j++;
                    }
                    size = j + 1 - i;
                    running = 0;
                } else {
                    size = 1 + data;
                    if (MidiBytes.isChannelStatus(b)) {
                        running = b;
                    } else if (!MidiBytes.isRealTime(b)) {
                        running = 0;
                    }
                }
                out.writeBytes(midi, i, size);
                i += size;
            } else {
                int data = MidiBytes.dataBytes(running);
                out.writeByte(running);
                out.writeBytes(midi, i, data);
                i += data;
            }
        }
    }

    private static void checkDataBytes(byte[] midi, int from, int count, int end, int offset, int status) {
        if (from + count > end) {
            throw new IllegalArgumentException(String.format(
                    "message 0x%02X at offset %d needs %d data bytes, %d given", status,
                    from - 1 - offset, count, end - from));
        }
        for (int k = from; k < from + count; k++) {
            if ((midi[k] & 0xFF) >= 0x80) {
                throw new IllegalArgumentException(String.format(
                        "status byte 0x%02X at offset %d where a data byte of message 0x%02X was expected",
                        midi[k] & 0xFF, k - offset, status));
            }
        }
    }

    private static void checkSectionLength(int sectionBytes) {
        if (sectionBytes > MAX_COMMAND_SECTION_BYTES) {
            throw new IllegalArgumentException(String.format(
                    "command section of %d bytes (expected at most %d per packet)", sectionBytes,
                    MAX_COMMAND_SECTION_BYTES));
        }
    }

    private static void writeRtpHeader(ByteBuf out, int sequenceNumber, long timestampTicks, int ssrc) {
        out.writeByte(0x80); // V=2, no padding, no extension, no CSRC
        out.writeByte(PAYLOAD_TYPE); // M=0, as Apple's peers send it
        out.writeShort(sequenceNumber);
        out.writeInt((int) timestampTicks);
        out.writeInt(ssrc);
    }

    private static void writeSectionHeader(ByteBuf out, int sectionBytes, boolean firstHasDelta) {
        int z = firstHasDelta ? FLAG_Z : 0;
        if (sectionBytes > 0x0F) {
            out.writeByte(FLAG_B | z | (sectionBytes >>> 8));
            out.writeByte(sectionBytes & 0xFF);
        } else {
            out.writeByte(z | sectionBytes);
        }
    }

    static int deltaBytes(int deltaTicks) {
        if (deltaTicks < 0x80) {
            return 1;
        } else if (deltaTicks < 0x4000) {
            return 2;
        } else if (deltaTicks < 0x20_0000) {
            return 3;
        }
        return 4;
    }

    private static void writeDelta(ByteBuf out, int deltaTicks) {
        for (int shift = 7 * (deltaBytes(deltaTicks) - 1); shift > 0; shift -= 7) {
            out.writeByte(0x80 | ((deltaTicks >>> shift) & 0x7F));
        }
        out.writeByte(deltaTicks & 0x7F);
    }

    // ---------------------------------------------------------------------------------- decode

    /**
     * Reads one whole datagram's readable bytes as one packet.
     *
     * @throws MalformedPacketException naming the bad value and what was expected
     */
    public static RtpMidiPacket decode(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int length = end - start;
        if (length < RTP_HEADER_BYTES + 1) {
            throw new MalformedPacketException(
                    "RTP-MIDI packet of " + length + " bytes (expected at least 13)");
        }
        int b0 = in.getUnsignedByte(start);
        int version = b0 >>> 6;
        if (version != 2) {
            throw new MalformedPacketException("RTP version " + version + " (expected 2)");
        }
        int payloadType = in.getUnsignedByte(start + 1) & 0x7F;
        if (payloadType != PAYLOAD_TYPE) {
            throw new MalformedPacketException(
                    "RTP payload type " + payloadType + " (expected " + PAYLOAD_TYPE + ")");
        }
        int sequenceNumber = in.getUnsignedShort(start + 2);
        long timestamp = in.getUnsignedInt(start + 4);
        int ssrc = in.getInt(start + 8);
        int pos = start + RTP_HEADER_BYTES + 4 * (b0 & 0x0F); // CSRCs
        if ((b0 & 0x20) != 0) { // padding: the last byte says how much
            int padding = in.getUnsignedByte(end - 1);
            if (padding == 0 || padding > end - pos) {
                throw new MalformedPacketException(String.format(
                        "RTP padding of %d bytes (expected 1..%d)", padding, Math.max(1, end - pos)));
            }
            end -= padding;
        }
        if ((b0 & 0x10) != 0) { // header extension: 16-bit profile, 16-bit length in words
            if (pos + 4 > end) {
                throw new MalformedPacketException("RTP header extension cut off at byte " + (pos - start));
            }
            pos += 4 + 4 * in.getUnsignedShort(pos + 2);
        }
        if (pos >= end) {
            throw new MalformedPacketException(String.format(
                    "RTP-MIDI payload starts at byte %d of %d (expected a command section header)",
                    pos - start, end - start));
        }
        int header = in.getUnsignedByte(pos++);
        int sectionBytes = header & 0x0F;
        if ((header & FLAG_B) != 0) {
            if (pos >= end) {
                throw new MalformedPacketException("long command section header cut off (expected 2 bytes)");
            }
            sectionBytes = (sectionBytes << 8) | in.getUnsignedByte(pos++);
        }
        if (sectionBytes > end - pos) {
            throw new MalformedPacketException(String.format(
                    "command section of %d bytes (expected at most the %d bytes left)",
                    sectionBytes, end - pos));
        }
        int sectionEnd = pos + sectionBytes;
        List<MidiCommand> commands = readCommands(in, pos, sectionEnd, (header & FLAG_Z) != 0);
        boolean journal = (header & FLAG_J) != 0;
        if (journal) {
            skipJournal(in, sectionEnd, end);
        }
        in.readerIndex(in.writerIndex());
        return new RtpMidiPacket(sequenceNumber, timestamp, ssrc, commands, journal);
    }

    private static List<MidiCommand> readCommands(ByteBuf in, int pos, int end, boolean firstHasDelta) {
        List<MidiCommand> commands = new ArrayList<>(4);
        int running = 0;
        boolean first = true;
        int sectionStart = pos;
        while (pos < end) {
            int delta = 0;
            if (!first || firstHasDelta) {
                int k = 0;
                int b;
                int deltaStart = pos;
                do {
                    if (pos >= end) {
                        throw new MalformedPacketException(String.format(
                                "delta time at command section byte %d runs past its end", deltaStart - sectionStart));
                    }
                    if (++k > 4) {
                        throw new MalformedPacketException(String.format(
                                "delta time at command section byte %d is longer than 4 bytes",
                                deltaStart - sectionStart));
                    }
                    b = in.getUnsignedByte(pos++);
                    delta = (delta << 7) | (b & 0x7F);
                } while ((b & 0x80) != 0);
                if (pos >= end) {
                    throw new MalformedPacketException(String.format(
                            "delta time at the end of the command section (byte %d) with no command after it",
                            pos - sectionStart));
                }
            }
            first = false;
            int commandStart = pos;
            int b = in.getUnsignedByte(pos);
            int status;
            if (b >= 0x80) {
                status = b;
                pos++;
            } else if (running != 0) {
                status = running;
            } else {
                throw new MalformedPacketException(String.format(
                        "data byte 0x%02X at command section byte %d with no running status", b,
                        pos - sectionStart));
            }
            if (status == 0xF0 || status == 0xF7) {
                pos = readSysEx(in, status, pos, end, sectionStart, delta, commands);
                running = 0;
                continue;
            }
            int data = MidiBytes.dataBytes(status);
            if (data == MidiBytes.INVALID) {
                throw new MalformedPacketException(String.format(
                        "undefined status 0x%02X at command section byte %d", status, commandStart - sectionStart));
            }
            if (pos + data > end) {
                throw new MalformedPacketException(String.format(
                        "command 0x%02X at command section byte %d needs %d data bytes, %d left",
                        status, commandStart - sectionStart, data, end - pos));
            }
            byte[] bytes = new byte[1 + data];
            bytes[0] = (byte) status;
            for (int k = 0; k < data; k++) {
                int d = in.getUnsignedByte(pos + k);
                if (d >= 0x80) {
                    throw new MalformedPacketException(String.format(
                            "status byte 0x%02X at command section byte %d where a data byte of 0x%02X was expected",
                            d, pos + k - sectionStart, status));
                }
                bytes[1 + k] = (byte) d;
            }
            pos += data;
            if (MidiBytes.isChannelStatus(status)) {
                running = status;
            } else if (!MidiBytes.isRealTime(status)) {
                running = 0; // system common cancels running status
            }
            commands.add(new MidiCommand(delta, bytes));
        }
        return commands;
    }

    /**
     * A SysEx command or segment (RFC 6295 §3.2): F0 ... F7 whole; F0 ... F0 first segment; F7 ...
     * F0 middle; F7 ... F7 last; ... F4 cancelled. Real-time bytes inside become commands of their
     * own, before it.
     */
    private static int readSysEx(ByteBuf in, int status, int pos, int end, int sectionStart, int delta,
            List<MidiCommand> commands) {
        int start = pos - 1;
        int dataStart = pos;
        int realTimeBytes = 0;
        while (true) {
            if (pos >= end) {
                throw new MalformedPacketException(String.format(
                        "SysEx at command section byte %d has no end (expected F7, F0 or F4)",
                        start - sectionStart));
            }
            int b = in.getUnsignedByte(pos++);
            if (b < 0x80) {
                continue;
            }
            if (b == 0xF7 || b == 0xF0 || b == 0xF4) {
                break;
            }
            if (MidiBytes.isRealTime(b)) {
                commands.add(new MidiCommand(realTimeBytes == 0 ? delta : 0, new byte[] {(byte) b}));
                realTimeBytes++;
                continue;
            }
            throw new MalformedPacketException(String.format(
                    "status byte 0x%02X inside the SysEx at command section byte %d", b, start - sectionStart));
        }
        byte[] bytes = new byte[pos - start - realTimeBytes];
        bytes[0] = (byte) status;
        int n = 1;
        for (int k = dataStart; k < pos; k++) {
            int b = in.getUnsignedByte(k);
            if (!MidiBytes.isRealTime(b)) {
                bytes[n++] = (byte) b;
            }
        }
        commands.add(new MidiCommand(realTimeBytes == 0 ? delta : 0, bytes));
        return pos;
    }

    /** Checks the recovery journal's lengths (RFC 6295 §5) so that it can be skipped safely. */
    private static void skipJournal(ByteBuf in, int pos, int end) {
        if (end - pos < 3) {
            throw new MalformedPacketException(String.format(
                    "recovery journal header of %d bytes (expected 3)", end - pos));
        }
        int header = in.getUnsignedByte(pos);
        pos += 3; // header byte, checkpoint sequence number
        if ((header & 0x40) != 0) { // Y: system journal
            pos = skipChapter(in, pos, end, 2, "system journal");
        }
        if ((header & 0x20) != 0) { // A: channel journals, TOTCHAN + 1 of them
            int channels = (header & 0x0F) + 1;
            for (int c = 0; c < channels; c++) {
                pos = skipChapter(in, pos, end, 3, "channel journal " + (c + 1) + " of " + channels);
            }
        }
    }

    private static int skipChapter(ByteBuf in, int pos, int end, int headerBytes, String what) {
        if (end - pos < headerBytes) {
            throw new MalformedPacketException(String.format(
                    "%s header cut off: %d bytes left (expected %d)", what, end - pos, headerBytes));
        }
        int length = ((in.getUnsignedByte(pos) & 0x03) << 8) | in.getUnsignedByte(pos + 1);
        if (length < headerBytes || length > end - pos) {
            throw new MalformedPacketException(String.format(
                    "%s length %d (expected %d..%d)", what, length, headerBytes, end - pos));
        }
        return pos + length;
    }
}
