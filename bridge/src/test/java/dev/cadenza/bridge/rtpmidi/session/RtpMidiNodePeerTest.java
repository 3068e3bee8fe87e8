package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Cadenza's session against an independent implementation, the npm package rtpmidi 1.0.0, on the
 * loopback. Needs node and {@code npm ci --prefix bridge/src/test/resources/rtpmidi-peer}.
 */
class RtpMidiNodePeerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @BeforeAll
    static void peerIsInstalled() {
        NodePeer.assumeAvailable();
    }

    static RtpMidiConfig loopbackConfig() {
        return RtpMidiConfig.named("Cadenza test").withPort(0)
                .withBindAddress(InetAddress.getLoopbackAddress()).withAdvertise(false);
    }

    @Test
    @DisplayName("the peer invites Cadenza, and notes go both ways byte for byte and in order")
    void peerInvitesCadenza() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        try (RtpMidiSession session = RtpMidiSession.start(loopbackConfig(), received, received);
                NodePeer peer = NodePeer.start("Node peer", 0x1234_5678)) {
            peer.command("connect 127.0.0.1 " + session.port());
            assertEquals("joined Node peer", received.awaitEvent("joined", WAIT));
            // the peer keeps the NUL that ends our name in the OK: "Cadenza test\0 SSRC"
            String connected = peer.await(l -> l.startsWith("connected Cadenza test"), WAIT);
            assertTrue(connected.endsWith(" " + Integer.toUnsignedString(session.ssrc())), connected);
            // the peer only sends once it has synchronised its clock with us
            peer.await(l -> l.startsWith("synced"), WAIT);

            peer.command("send 90 3C 64;90 3E 50"); // one packet, running status on the wire
            peer.command("send 80 3C 00");
            peer.command("send B0 40 7F;C0 05;E0 00 40");
            List<String> in = received.awaitMessages(6, WAIT);
            assertEquals(List.of("90 3C 64", "90 3E 50", "80 3C 00", "B0 40 7F", "C0 05", "E0 00 40"), in);

            session.send(hex("90 40 7F"));
            session.send(hex("90 43 60 43 61 80 40 00")); // running status in, three commands out
            session.send(hex("D2 33 B1 07 64"));
            List<String> out = peer.awaitCount(l -> l.startsWith("midi "), 6, WAIT);
            assertEquals(List.of("midi 90 40 7F", "midi 90 43 60", "midi 90 43 61", "midi 80 40 00",
                    "midi D2 33", "midi B1 07 64"), out);
            assertEquals(0, session.counters().get(RtpMidiCounter.MALFORMED), session.counters().toString());
        }
    }

    @Test
    @DisplayName("Cadenza invites the peer, the clocks converge, and the CK exchange stops")
    void cadenzaInvitesPeer() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        try (RtpMidiSession session = RtpMidiSession.start(loopbackConfig(), received, received);
                NodePeer peer = NodePeer.start("Node peer", 0x0BAD_CAFE)) {
            ParticipantInfo joined = session.invite("127.0.0.1", peer.port()).get(15, TimeUnit.SECONDS);
            assertEquals("Node peer", joined.name());
            assertEquals(0x0BAD_CAFE, joined.ssrc());
            peer.await(l -> l.startsWith("connected Cadenza test"), WAIT);
            peer.await(l -> l.startsWith("synced"), WAIT);

            List<ClockSample> samples = awaitClockSamples(session, 3);
            // Each sample bounds the true offset within half its round trip; they must agree.
            for (ClockSample a : samples) {
                assertTrue(a.roundTripNanos() >= 0, a.toString());
                for (ClockSample b : samples) {
                    long slack = (a.roundTripNanos() + b.roundTripNanos()) / 2 + 2 * ClockSync.NANOS_PER_TICK;
                    assertTrue(Math.abs(a.remoteMinusLocalNanos() - b.remoteMinusLocalNanos()) <= slack,
                            "clock samples disagree: " + a + " vs " + b);
                }
            }

            peer.command("send 91 24 7F");
            assertEquals(List.of("91 24 7F"), received.awaitMessages(1, WAIT));
            session.send(hex("81 24 00"));
            assertEquals("midi 81 24 00", peer.await(l -> l.startsWith("midi"), WAIT));

            // two peers that answered each other's CK2 would exchange CKs without end
            int ckNow = peer.lines(l -> l.startsWith("ck ")).size();
            Thread.sleep(1_500);
            int ckLater = peer.lines(l -> l.startsWith("ck ")).size();
            assertTrue(ckLater - ckNow <= 6, "CK messages keep flowing: " + ckNow + " then " + ckLater);
        }
    }

    @Test
    @DisplayName("BY from the peer ends its part of the session, and BY from Cadenza ends the peer's")
    void byEndsTheSession() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        try (RtpMidiSession session = RtpMidiSession.start(loopbackConfig(), received, received);
                NodePeer first = NodePeer.start("First", 0x1111_1111);
                NodePeer second = NodePeer.start("Second", 0x2222_2222)) {
            first.command("connect 127.0.0.1 " + session.port());
            session.invite("127.0.0.1", second.port()).get(15, TimeUnit.SECONDS);
            received.awaitEvent("joined First", WAIT);
            assertEquals(2, session.connectedParticipants().size());

            first.command("end");
            assertEquals("left First ENDED_BY_PEER", received.awaitEvent("left First", WAIT));
            assertEquals(List.of("Second"), session.participants().stream().map(ParticipantInfo::name).toList());

            session.end(0x2222_2222);
            second.await(l -> l.startsWith("removed Cadenza test"), WAIT);
            assertEquals(List.of(), session.participants());
        }
    }

    @Test
    @DisplayName("a peer that vanishes is timed out, its held notes are released, and the session goes on")
    void vanishedPeerTimesOut() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        RtpMidiConfig config = loopbackConfig().withParticipantTimeout(Duration.ofMillis(1500));
        try (RtpMidiSession session = RtpMidiSession.start(config, received, received)) {
            try (NodePeer doomed = NodePeer.start("Doomed", 0x3333_3333)) {
                doomed.command("connect 127.0.0.1 " + session.port());
                doomed.await(l -> l.startsWith("synced"), WAIT);
                doomed.command("send 92 30 70;92 34 70;82 30 00");
                received.awaitMessages(3, WAIT);
                doomed.kill();
            }
            assertEquals("left Doomed TIMED_OUT", received.awaitEvent("left Doomed", WAIT));
            assertEquals(List.of("92 30 70", "92 34 70", "82 30 00", "82 34 00"), received.hex());
            assertEquals(1, session.counters().get(RtpMidiCounter.PARTICIPANTS_TIMED_OUT));
            assertEquals(1, session.counters().get(RtpMidiCounter.NOTES_RELEASED));

            try (NodePeer next = NodePeer.start("Next", 0x4444_4444)) {
                session.invite("127.0.0.1", next.port()).get(15, TimeUnit.SECONDS);
                session.send(hex("90 3C 40"));
                assertEquals("midi 90 3C 40", next.await(l -> l.startsWith("midi"), WAIT));
            }
        }
    }

    private static List<ClockSample> awaitClockSamples(RtpMidiSession session, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<ClockSample> samples = session.connectedParticipants().get(0).clockSamples();
            if (samples.size() >= count) {
                return samples;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + samples.size() + " clock samples within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    static byte[] hex(String hex) {
        return java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
    }
}
