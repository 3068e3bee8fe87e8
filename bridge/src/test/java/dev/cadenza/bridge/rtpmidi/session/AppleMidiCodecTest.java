package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCodec;
import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCommand;
import dev.cadenza.bridge.rtpmidi.wire.AppleMidiMessage;
import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import dev.cadenza.bridge.rtpmidi.wire.EndSession;
import dev.cadenza.bridge.rtpmidi.wire.Invitation;
import dev.cadenza.bridge.rtpmidi.wire.InvitationAccepted;
import dev.cadenza.bridge.rtpmidi.wire.InvitationRejected;
import dev.cadenza.bridge.rtpmidi.wire.MalformedPacketException;
import dev.cadenza.bridge.rtpmidi.wire.ReceiverFeedback;


import dev.cadenza.bridge.rtpmidi.wire.UnknownCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Apple's session protocol, byte for byte, through Netty's EmbeddedChannel. */
class AppleMidiCodecTest {
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5004);
    static final InetSocketAddress US = new InetSocketAddress("127.0.0.1", 6004);

    static Stream<Arguments> goldenMessages() {
        return Stream.of(
                Arguments.of(new Invitation(0x12345678, 0xCAFEBABE, "Node"),
                        "FFFF494E 00000002 12345678 CAFEBABE 4E6F6465 00"),
                Arguments.of(new InvitationAccepted(0x12345678, 0x0BADF00D, "Cadenza"),
                        "FFFF4F4B 00000002 12345678 0BADF00D 43616465 6E7A6100"),
                Arguments.of(new InvitationRejected(0x00000001, 0x00000002, ""),
                        "FFFF4E4F 00000002 00000001 00000002 00"),
                Arguments.of(new EndSession(0x12345678, 0xCAFEBABE),
                        "FFFF4259 00000002 12345678 CAFEBABE"),
                Arguments.of(new ClockSync(0xCAFEBABE, 1, 0x0102030405060708L, 42L, 0L),
                        "FFFF434B CAFEBABE 01000000 01020304 05060708 00000000 0000002A 00000000 00000000"),
                Arguments.of(new ReceiverFeedback(0xCAFEBABE, 0xBEEF),
                        "FFFF5253 CAFEBABE BEEF0000"));
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static EmbeddedChannel decoderChannel(PortRole port, RtpMidiCounters counters) {
        return new EmbeddedChannel(new SessionDatagramDecoder(port, counters));
    }

    @ParameterizedTest(name = "{0} is written as its golden bytes")
    @MethodSource("goldenMessages")
    void encodesGoldenBytes(AppleMidiMessage message, String golden) {
        EmbeddedChannel channel = new EmbeddedChannel(new SessionDatagramEncoder());
        channel.writeOutbound(new DefaultAddressedEnvelope<>(message, PEER));
        DatagramPacket packet = channel.readOutbound();
        assertEquals(PEER, packet.recipient());
        assertArrayEquals(bytes(golden), ByteBufUtil.getBytes(packet.content()));
        packet.release();
        assertNull(channel.readOutbound());
    }

    @ParameterizedTest(name = "its golden bytes are read back as {0}")
    @MethodSource("goldenMessages")
    void decodesGoldenBytes(AppleMidiMessage message, String golden) {
        EmbeddedChannel channel = decoderChannel(PortRole.DATA, new RtpMidiCounters());
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bytes(golden)), US, PEER));
        SessionDatagram datagram = channel.readInbound();
        assertEquals(new SessionDatagram(PortRole.DATA, PEER, message), datagram);
    }

    @ParameterizedTest(name = "{0} survives encode then decode")
    @MethodSource("goldenMessages")
    void roundTrips(AppleMidiMessage message, String golden) {
        ByteBuf buf = Unpooled.buffer();
        AppleMidiCodec.encode(message, buf);
        assertEquals(message, AppleMidiCodec.decode(buf));
        assertEquals(0, buf.readableBytes());
    }

    static Stream<Arguments> corruptions() {
        String in = "FFFF494E 00000002 12345678 CAFEBABE 4E6F6465 00";
        String ck = "FFFF434B CAFEBABE 01000000 01020304 05060708 00000000 0000002A 00000000 00000000";
        return Stream.of(
                Arguments.of(in, 1, 0x7F, "AppleMIDI signature 0xFF7F (expected 0xFFFF)"),
                Arguments.of(in, 3, 0x58, "unknown AppleMIDI command 0x4958 (expected one of IN, OK, NO, BY, CK, RS)"),
                Arguments.of(in, 7, 0x03, "INVITATION protocol version 3 (expected 2)"),
                Arguments.of(in, 17, 0x0A, "INVITATION name has control character 0x0A at byte 17 (expected printable text)"),
                Arguments.of(in + "00", 21, 0x21,
                        "INVITATION has byte 0x21 at 21 after the name's NUL (expected only NUL padding)"),
                Arguments.of(ck, 8, 0x03, "CLOCK_SYNC count 3 (expected 0..2)"));
    }

    @ParameterizedTest(name = "byte {1} set to {2} gives \"{3}\"")
    @MethodSource("corruptions")
    void oneCorruptedByteGivesTheExactError(String golden, int index, int value, String error) {
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> AppleMidiCodec.decode(Unpooled.wrappedBuffer(bytesOf(golden, index, value))));
        assertEquals(error, e.getMessage());
    }

    private static byte[] bytesOf(String golden, int index, int value) {
        byte[] b = bytes(golden);
        if (index >= b.length) {
            byte[] longer = new byte[index + 1];
            System.arraycopy(b, 0, longer, 0, b.length);
            b = longer;
        }
        b[index] = (byte) value;
        return b;
    }

    @Test
    @DisplayName("a corrupted datagram in the channel is a counted drop with the exact reason, and the next one is read")
    void corruptedDatagramIsACountedDrop() {
        RtpMidiCounters counters = new RtpMidiCounters();
        SessionDatagramDecoder decoder = new SessionDatagramDecoder(PortRole.CONTROL, counters);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        byte[] bad = bytes("FFFF494E 00000003 12345678 CAFEBABE 00");
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bad), US, PEER));
        assertNull(channel.readInbound());
        assertEquals(1, counters.get(RtpMidiCounter.MALFORMED));
        assertEquals("INVITATION protocol version 3 (expected 2)", decoder.lastError());

        byte[] unknown = bytes("FFFF524C CAFEBABE 00000100");
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(unknown), US, PEER));
        assertNull(channel.readInbound());
        assertEquals(1, counters.get(RtpMidiCounter.UNKNOWN_COMMAND));

        byte[] good = bytes("FFFF4259 12345678 12345678 CAFEBABE".replaceFirst("12345678", "00000002"));
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(good), US, PEER));
        assertEquals(new EndSession(0x12345678, 0xCAFEBABE), ((SessionDatagram) channel.readInbound()).message());
        assertEquals(3, counters.get(RtpMidiCounter.DATAGRAMS_RECEIVED));
        assertEquals(0, counters.get(RtpMidiCounter.INTERNAL_ERRORS));
        assertEquals(true, channel.isActive());
    }

    @Test
    @DisplayName("a truncated CK names its length")
    void truncatedClockSync() {
        byte[] b = bytes("FFFF434B CAFEBABE 00000000 01020304 05060708 00000000 00000000 00000000 000000");
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> AppleMidiCodec.decode(Unpooled.wrappedBuffer(b)));
        assertEquals("CLOCK_SYNC of 35 bytes (expected 36)", e.getMessage());
    }

    @Test
    @DisplayName("the name may be missing its NUL or be followed by NUL padding, as peers send it")
    void namesAsPeersSendThem() {
        assertEquals(new EndSession(2, 0x12345678, 0xCAFEBABE, "Cadenza"), AppleMidiCodec.decode(
                Unpooled.wrappedBuffer(bytes("FFFF4259 00000002 12345678 CAFEBABE 43616465 6E7A6100 00"))));
        assertEquals(new Invitation(2, 0x12345678, 0xCAFEBABE, "Node"), AppleMidiCodec.decode(
                Unpooled.wrappedBuffer(bytes("FFFF494E 00000002 12345678 CAFEBABE 4E6F6465"))));
    }

    @Test
    @DisplayName("RTP on the control port is counted as misdirected, and a datagram over 4096 bytes as oversized")
    void misdirectedAndOversized() {
        RtpMidiCounters counters = new RtpMidiCounters();
        EmbeddedChannel channel = decoderChannel(PortRole.CONTROL, counters);
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(
                bytes("80610001 00002710 CAFEBABE 03903C64")), US, PEER));
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[4097]), US, PEER));
        assertNull(channel.readInbound());
        assertEquals(1, counters.get(RtpMidiCounter.MISDIRECTED));
        assertEquals(1, counters.get(RtpMidiCounter.OVERSIZED));
    }

    @Test
    @DisplayName("every command code is found by value and an unknown one is rejected by value")
    void commandTable() {
        for (AppleMidiCommand c : AppleMidiCommand.values()) {
            assertEquals(c, AppleMidiCommand.valueOf(c.code()));
        }
        UnknownCommandException e = assertThrows(UnknownCommandException.class, () -> AppleMidiCommand.valueOf(0x4943));
        assertEquals(0x4943, e.code());
    }
}
