package dev.cadenza.bridge.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.link.LinkWire.Discovery;
import dev.cadenza.bridge.link.LinkWire.Kind;
import dev.cadenza.bridge.link.LinkWire.Measurement;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Link's datagrams: read as Ableton's LinkHutSilent sent them (captured with tshark), written back, and refused when broken. */
class LinkWireTest {
    /** An alive message from LinkHutSilent at 120 BPM, stopped, on 10.77.0.1. */
    private static final String ALIVE = "5f617364705f76010105000026676a4a26686047746d6c6e00000018000000000007a120"
            + "00000000000f35d00000000000000000736573730000000826676a4a26686047737473740000001100000000000000000000"
            + "000000000000006d657034000000060a4d0001896b";
    /** A pong from LinkHutSilent, answering a ping with a previous ghost time. */
    private static final String PONG = "5f6c696e6b5f760102736573730000000826676a4a266860475f5f6774000000080000000000"
            + "0f4e395f5f687400000008000000064079b6cf5f7067740000000800000000000f4e15";

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    @Test
    @DisplayName("an alive message from Ableton's peer: its node, session, 120 BPM timeline, start/stop and endpoint")
    void readsAbletonsAlive() {
        Discovery d = LinkWire.decodeDiscovery(bytes(ALIVE));
        assertEquals(Kind.ALIVE, d.kind());
        assertEquals(5, d.ttlSeconds());
        assertEquals("&gjJ&h`G", LinkWire.idText(d.nodeId()));
        assertEquals(d.nodeId(), d.sessionId());
        assertEquals(new Timeline(500_000, 996_816, 0), d.timeline());
        assertEquals(120.0, d.timeline().bpm(), 1e-9);
        assertEquals(StartStop.NONE, d.startStop());
        assertEquals(new InetSocketAddress("10.77.0.1", 0x896b), d.endpoint());
        assertArrayEquals(HexFormat.of().parseHex(ALIVE), LinkWire.encode(d), "written back byte for byte");
    }

    @Test
    @DisplayName("a pong from Ableton's peer: session, ghost time, the echoed host time and previous ghost time")
    void readsAbletonsPong() {
        ByteBuffer b = bytes(PONG);
        assertTrue(LinkWire.isMeasurement(b));
        Measurement m = LinkWire.decodeMeasurement(b);
        assertTrue(m.pong());
        assertEquals("&gjJ&h`G", LinkWire.idText(m.sessionId()));
        assertEquals(0x0f4e39, m.ghostMicros());
        assertEquals(0x064079b6cfL, m.hostMicros());
        assertEquals(0x0f4e15, m.previousGhostMicros());
        assertEquals(m, LinkWire.decodeMeasurement(ByteBuffer.wrap(LinkWire.encode(m))));
    }

    @Test
    @DisplayName("our own messages read back as written: alive, bye-bye, ping")
    void roundTrips() {
        Discovery alive = new Discovery(Kind.ALIVE, 5, LinkSession.newId(), 42, Timeline.at(96.5, 12.25, 3_000_000),
                new StartStop(true, 8_000_000, 2_900_000), new InetSocketAddress("192.168.1.20", 50123));
        assertEquals(alive, LinkWire.decodeDiscovery(ByteBuffer.wrap(LinkWire.encode(alive))));
        Discovery bye = new Discovery(Kind.BYEBYE, 0, 7, 0, null, StartStop.NONE, null);
        assertEquals(bye, LinkWire.decodeDiscovery(ByteBuffer.wrap(LinkWire.encode(bye))));
        Measurement ping = Measurement.ping(123_456, Long.MIN_VALUE);
        assertFalse(LinkWire.decodeMeasurement(ByteBuffer.wrap(LinkWire.encode(ping))).pong());
    }

    @Test
    @DisplayName("a malformed or foreign datagram is refused with what is wrong with it")
    void refusesBrokenDatagrams() {
        String header = ALIVE.substring(0, 40);
        assertRefused("not a Link discovery message", "48656c6c6f2c20776f726c64"); // "Hello, world"
        assertRefused("cut short", ALIVE.substring(0, 30));
        assertRefused("unknown Link discovery message type 9", "5f617364705f7601" + "09" + ALIVE.substring(18, 40));
        assertRefused("cut short: tmln entry of 24 bytes", ALIVE.substring(0, 80));
        assertRefused("tmln entry of 16 bytes (expected 24)", header + "746d6c6e00000010" + "00".repeat(16));
        assertRefused("a Link tempo of 0 microseconds a beat", header + "746d6c6e00000018" + "00".repeat(24));
        assertRefused("without a timeline", header + "7365737300000008" + "00".repeat(8));
        assertRefused("cut short", header + "746d6c6e7fffffff");
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> LinkWire.decodeMeasurement(bytes("5f6c696e6b5f760102")));
        assertTrue(e.getMessage().contains("pong without a host time"), e.getMessage());
    }

    @Test
    @DisplayName("entries it does not know are skipped")
    void skipsUnknownEntries() {
        String withExtra = ALIVE.substring(0, 40) + "7a7a7a7a00000003abcdef" + ALIVE.substring(40);
        assertEquals(new Timeline(500_000, 996_816, 0), LinkWire.decodeDiscovery(bytes(withExtra)).timeline());
    }

    private static void assertRefused(String expected, String hex) {
        Exception e = assertThrows(IllegalArgumentException.class, () -> LinkWire.decodeDiscovery(bytes(hex)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
