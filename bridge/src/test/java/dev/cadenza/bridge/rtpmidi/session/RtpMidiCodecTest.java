package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.rtpmidi.wire.MalformedPacketException;
import dev.cadenza.bridge.rtpmidi.wire.MidiBytes;
import dev.cadenza.bridge.rtpmidi.wire.MidiCommand;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiCodec;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiPacket;


import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 6295 payloads, byte for byte. */
class RtpMidiCodecTest {
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5005);
    static final InetSocketAddress US = new InetSocketAddress("127.0.0.1", 6005);
    static final String HEADER = "80610001 00002710 CAFEBABE ";

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static MidiCommand command(int delta, String hex) {
        return new MidiCommand(delta, bytes(hex));
    }

    static RtpMidiPacket packet(MidiCommand... commands) {
        return new RtpMidiPacket(1, 10_000, 0xCAFEBABE, List.of(commands));
    }

    static Stream<Arguments> goldenPackets() {
        List<MidiCommand> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(command(0, "903C64"));
        }
        return Stream.of(
                Arguments.of("one note", packet(command(0, "903C64")), HEADER + "03 903C64"),
                Arguments.of("two notes 200 ticks apart", packet(command(0, "903C64"), command(200, "803C00")),
                        HEADER + "08 903C64 8148 803C00"),
                Arguments.of("a first command with a delta time (Z)", packet(command(5, "903C64")),
                        HEADER + "24 05 903C64"),
                Arguments.of("a long command section (B)", new RtpMidiPacket(1, 10_000, 0xCAFEBABE, six),
                        HEADER + "8017 903C64 00903C64 00903C64 00903C64 00903C64 00903C64"),
                Arguments.of("a real-time byte and a SysEx", packet(command(0, "F8"), command(0, "F07E01F7")),
                        HEADER + "06 F8 00F07E01F7"),
                Arguments.of("a four-byte delta time", packet(command(0, "F8"), command(MidiCommand.MAX_DELTA_TICKS, "FC")),
                        HEADER + "06 F8 FFFFFF7F FC"),
                Arguments.of("no commands", packet(), HEADER + "00"));
    }

    @ParameterizedTest(name = "{0} is written as its golden bytes")
    @MethodSource("goldenPackets")
    void encodesGoldenBytes(String what, RtpMidiPacket packet, String golden) {
        EmbeddedChannel channel = new EmbeddedChannel(new SessionDatagramEncoder());
        channel.writeOutbound(new DefaultAddressedEnvelope<>(packet, PEER));
        DatagramPacket datagram = channel.readOutbound();
        assertArrayEquals(bytes(golden), ByteBufUtil.getBytes(datagram.content()));
        datagram.release();
    }

    @ParameterizedTest(name = "{0} is read back from its golden bytes")
    @MethodSource("goldenPackets")
    void decodesGoldenBytes(String what, RtpMidiPacket packet, String golden) {
        EmbeddedChannel channel = new EmbeddedChannel(new SessionDatagramDecoder(PortRole.DATA, new RtpMidiCounters()));
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bytes(golden)), US, PEER));
        SessionDatagram datagram = channel.readInbound();
        assertEquals(new SessionDatagram(PortRole.DATA, PEER, packet), datagram);
    }

    static Stream<Arguments> wireForms() {
        return Stream.of(
                Arguments.of("running status", "06 903C64 00 3E50", List.of("903C64", "903E50")),
                Arguments.of("a real-time byte keeps running status", "08 903C64 00 F8 00 3E50",
                        List.of("903C64", "F8", "903E50")),
                Arguments.of("a real-time byte inside a SysEx", "05 F07EF801F7", List.of("F8", "F07E01F7")),
                Arguments.of("a first SysEx segment", "04 F07E01F0", List.of("F07E01F0")),
                Arguments.of("a last SysEx segment", "04 F70102F7", List.of("F70102F7")),
                Arguments.of("a recovery journal, skipped",
                        "43 903C64 E0 0005 0004AABB 000508CCDD", List.of("903C64")),
                Arguments.of("a journal with nothing in it", "43 903C64 00 0005", List.of("903C64")));
    }

    @ParameterizedTest(name = "{0} is read")
    @MethodSource("wireForms")
    void decodesWireForms(String what, String section, List<String> expected) {
        RtpMidiPacket packet = RtpMidiCodec.decode(Unpooled.wrappedBuffer(bytes(HEADER + section)));
        assertEquals(expected, packet.commands().stream()
                .map(c -> HexFormat.of().withUpperCase().formatHex(c.bytes())).toList());
        assertEquals(section.startsWith("43"), packet.journalSkipped());
    }

    static Stream<Arguments> corruptions() {
        return Stream.of(
                Arguments.of(HEADER + "03903C64", 0, 0x40, "RTP version 1 (expected 2)"),
                Arguments.of(HEADER + "03903C64", 1, 0x60, "RTP payload type 96 (expected 97)"),
                Arguments.of(HEADER + "03903C64", 12, 0x04, "command section of 4 bytes (expected at most the 3 bytes left)"),
                Arguments.of(HEADER + "03903C64", 13, 0x3C, "data byte 0x3C at command section byte 0 with no running status"),
                Arguments.of(HEADER + "03903C64", 13, 0xF4, "undefined status 0xF4 at command section byte 0"),
                Arguments.of(HEADER + "03903C64", 14, 0xBC,
                        "status byte 0xBC at command section byte 1 where a data byte of 0x90 was expected"),
                Arguments.of(HEADER + "07903C64 00F6 00F8", 19, 0x3E,
                        "data byte 0x3E at command section byte 6 with no running status"),
                Arguments.of(HEADER + "04F07E01F7", 16, 0x90, "status byte 0x90 inside the SysEx at command section byte 0"),
                Arguments.of(HEADER + "43903C64 E00005 0004AABB 000508CCDD", 24, 0x09,
                        "channel journal 1 of 1 length 9 (expected 3..5)"),
                Arguments.of(HEADER + "06903C64 8148 F8", 17, 0xC8,
                        "delta time at command section byte 3 runs past its end"),
                Arguments.of(HEADER + "08903C64 818181 01 F8", 19, 0x81,
                        "delta time at command section byte 3 is longer than 4 bytes"));
    }

    @ParameterizedTest(name = "byte {1} set to {2} gives \"{3}\"")
    @MethodSource("corruptions")
    void oneCorruptedByteGivesTheExactError(String golden, int index, int value, String error) {
        byte[] b = bytes(golden);
        b[index] = (byte) value;
        MalformedPacketException e = assertThrows(MalformedPacketException.class,
                () -> RtpMidiCodec.decode(Unpooled.wrappedBuffer(b)));
        assertEquals(error, e.getMessage());
    }

    @Test
    @DisplayName("truncated packets name what is missing")
    void truncatedPackets() {
        assertEquals("RTP-MIDI packet of 12 bytes (expected at least 13)", assertThrows(MalformedPacketException.class,
                () -> RtpMidiCodec.decode(Unpooled.wrappedBuffer(bytes(HEADER)))).getMessage());
        assertEquals("command 0x90 at command section byte 0 needs 2 data bytes, 1 left",
                assertThrows(MalformedPacketException.class,
                        () -> RtpMidiCodec.decode(Unpooled.wrappedBuffer(bytes(HEADER + "02903C")))).getMessage());
        assertEquals("recovery journal header of 1 bytes (expected 3)", assertThrows(MalformedPacketException.class,
                () -> RtpMidiCodec.decode(Unpooled.wrappedBuffer(bytes(HEADER + "43903C64 E0")))).getMessage());
    }

    @Test
    @DisplayName("the send path writes complete messages, running status expanded, all at delta time 0")
    void encodesMessagesOnTheSendPath() {
        ByteBuf out = Unpooled.buffer();
        byte[] midi = bytes("903C64 3E50 F8 803C00");
        RtpMidiCodec.encodeMessages(1, 10_000, 0xCAFEBABE, midi, 0, midi.length, out);
        assertArrayEquals(bytes(HEADER + "0D 903C64 00903E50 00F8 00803C00"), ByteBufUtil.getBytes(out));
        assertEquals(13, RtpMidiCodec.commandSectionBytes(midi, 0, midi.length));
    }

    static Stream<Arguments> badSends() {
        byte[] tooMany = new byte[1400 * 3];
        for (int i = 0; i < tooMany.length; i += 3) {
            tooMany[i] = (byte) 0x90;
            tooMany[i + 1] = 60;
            tooMany[i + 2] = 100;
        }
        return Stream.of(
                Arguments.of(bytes("3C64"), "data byte 0x3C at offset 0 with no status byte before it"),
                Arguments.of(bytes("903C"), "message 0x90 at offset 0 needs 2 data bytes, 1 given"),
                Arguments.of(bytes("903C90"), "status byte 0x90 at offset 2 where a data byte of message 0x90 was expected"),
                Arguments.of(bytes("F00102"), "SysEx at offset 0 has no F7 end (expected F0 ... F7)"),
                Arguments.of(bytes("F7"), "status byte 0xF7 at offset 0 cannot start a MIDI message"),
                Arguments.of(tooMany, "command section of 5599 bytes (expected at most 4095 per packet)"));
    }

    @ParameterizedTest(name = "sending {1}")
    @MethodSource("badSends")
    void badSendsNameTheByte(byte[] midi, String error) {
        ByteBuf out = Unpooled.buffer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RtpMidiCodec.encodeMessages(1, 0, 1, midi, 0, midi.length, out));
        assertEquals(error, e.getMessage());
        assertEquals(0, out.readableBytes(), "nothing is written when the input is bad");
    }

    @Test
    @DisplayName("two thousand random packets survive encode then decode unchanged")
    void randomRoundTrips() {
        Random random = new Random(6295);
        for (int n = 0; n < 2000; n++) {
            List<MidiCommand> commands = new ArrayList<>();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                int delta = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(0x80);
                    case 2 -> random.nextInt(0x20_0000);
                    default -> random.nextInt(MidiCommand.MAX_DELTA_TICKS + 1);
                };
                commands.add(new MidiCommand(delta, randomMessage(random)));
            }
            RtpMidiPacket packet = new RtpMidiPacket(random.nextInt(0x10000),
                    random.nextLong() & 0xFFFF_FFFFL, random.nextInt(), commands);
            ByteBuf buf = Unpooled.buffer();
            RtpMidiCodec.encode(packet, buf);
            assertEquals(packet, RtpMidiCodec.decode(buf));
            assertTrue(buf.readableBytes() == 0);
        }
    }

    static byte[] randomMessage(Random random) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return new byte[] {(byte) (0xF8 + random.nextInt(8))};
        }
        if (kind == 1) {
            byte[] sysex = new byte[2 + random.nextInt(20)];
            sysex[0] = (byte) 0xF0;
            for (int i = 1; i < sysex.length - 1; i++) {
                sysex[i] = (byte) random.nextInt(0x80);
            }
            sysex[sysex.length - 1] = (byte) 0xF7;
            return sysex;
        }
        int status = 0x80 + random.nextInt(0x70);
        byte[] m = new byte[1 + MidiBytes.dataBytes(status)];
        m[0] = (byte) status;
        for (int i = 1; i < m.length; i++) {
            m[i] = (byte) random.nextInt(0x80);
        }
        return m;
    }
}
