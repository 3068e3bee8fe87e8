package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCommand;
import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import dev.cadenza.bridge.rtpmidi.wire.EndSession;
import dev.cadenza.bridge.rtpmidi.wire.Invitation;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Who may join a session, and who may speak for a participant: spoofing, hijacking and flooding a
 * live session whose victim is the independent npm {@code rtpmidi} peer, which must keep its
 * stream, both ways, throughout. Needs node and
 * {@code npm ci --prefix bridge/src/test/resources/rtpmidi-peer}.
 */
class RtpMidiAdmissionTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int VICTIM = 0x5EED_0001;

    @BeforeAll
    static void peerIsInstalled() {
        NodePeer.assumeAvailable();
    }

    @Test
    @DisplayName("spoofed notes, BY, CK and IN, and a flood of invitations, leave the npm peer's stream whole and a place for a real player")
    void theVictimKeepsItsStream() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        RtpMidiConfig config = RtpMidiSessionTest.loopback("Cadenza").withMaxParticipants(4);
        InetAddress otherHost = InetAddress.getByName("127.0.0.2");
        InetAddress flooderHost = InetAddress.getByName("127.0.0.3");
        try (RtpMidiSession session = RtpMidiSession.start(config, received, received);
                NodePeer victim = NodePeer.start("Victim", VICTIM)) {
            victim.command("connect 127.0.0.1 " + session.port());
            received.awaitEvent("joined Victim", WAIT);
            victim.await(l -> l.startsWith("synced"), WAIT);
            List<String> played = new ArrayList<>();
            int key = 40;

            // spoofing: the victim's SSRC from other ports of its host, and from another host
            try (RawPeer impostor = new RawPeer(session.port(), VICTIM, 0xBAD);
                    RawPeer elsewhere = new RawPeer(otherHost, session.port(), VICTIM, 0xBAD)) {
                for (int i = 0; i < 4; i++) { // four: within a host's burst of invitations
                    key = play(victim, key, played);
                    impostor.sendData(RawPeer.encode(RtpMidiSessionTest.rtp(100 + i, VICTIM, "907F7F")));
                    impostor.sendControl(RawPeer.encode(new EndSession(0xBAD, VICTIM)));
                    impostor.sendData(RawPeer.encode(new EndSession(0xBAD, VICTIM)));
                    impostor.sendData(RawPeer.encode(new ClockSync(VICTIM, 0, 1, 0, 0)));
                    elsewhere.sendControl(RawPeer.encode(new Invitation(0xBAD + i, VICTIM, "Victim")));
                    RawPeer.expect(elsewhere.control, AppleMidiCommand.INVITATION_REJECTED);
                }
            }

            // flooding: one host invites from many ports without ever finishing
            List<RawPeer> flood = new ArrayList<>();
            long datagrams = session.counters().get(RtpMidiCounter.DATAGRAMS_RECEIVED);
            try {
                for (int port = 0; port < 20; port++) {
                    RawPeer f = new RawPeer(flooderHost, session.port(), 0xF100 + port, 0xF100 + port);
                    flood.add(f);
                    for (int i = 0; i < 10; i++) {
                        f.sendControl(RawPeer.encode(new Invitation(0xF100 + port, 0xF1000 + port * 10 + i, "Flood")));
                    }
                }
                key = play(victim, key, played);
                awaitAtLeast(session, RtpMidiCounter.DATAGRAMS_RECEIVED, datagrams + 200); // the flood has landed

                // a real player still gets in while the flood holds what it could
                try (RawPeer player = new RawPeer(session.port(), 0x9_1A7E, 0x9_1A7E)) {
                    player.join("Player");
                    received.awaitEvent("joined Player", WAIT);
                    player.sendData(RawPeer.encode(RtpMidiSessionTest.rtp(1, 0x9_1A7E, "913C40")));
                }
            } finally {
                flood.forEach(RawPeer::close);
            }
            assertTrue(session.counters().get(RtpMidiCounter.INVITATIONS_RATE_LIMITED) >= 150, session.counters().toString());
            key = play(victim, key, played);

            List<String> heard = received.awaitMessages(played.size() + 1, WAIT);
            List<String> fromVictim = new ArrayList<>(heard);
            assertTrue(fromVictim.remove("91 3C 40"), "the player's note: " + heard);
            assertEquals(played, fromVictim, "only the victim's own notes, every one, in order");
            // and the other way: the session still plays to the victim
            session.send(RtpMidiSessionTest.hex("92 30 30"));
            victim.await(l -> l.equals("midi 92 30 30"), WAIT);

            assertTrue(victim.lines(l -> l.startsWith("removed")).isEmpty(), "the victim was dropped");
            assertTrue(received.events().stream().noneMatch(e -> e.startsWith("left Victim")), received.events().toString());
            assertTrue(session.counters().get(RtpMidiCounter.IMPERSONATIONS) >= 20, session.counters().toString());
            long halfOpen = session.participants().stream().filter(p -> !p.connected()).count();
            assertTrue(halfOpen <= 2, "the flooding host holds " + halfOpen + " places");
        }
    }

    @Test
    @DisplayName("a session admits the ranges it is given, and by default this machine's networks; a bad range is named")
    void rangesAdmitWhatTheySay() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        RtpMidiConfig onlyTwo = RtpMidiSessionTest.loopback("Cadenza").withAllowed(HostRange.parse("127.0.0.2/31"));
        try (RtpMidiSession session = RtpMidiSession.start(onlyTwo, received, received);
                RawPeer one = new RawPeer(session.port(), 1, 1);
                RawPeer three = new RawPeer(InetAddress.getByName("127.0.0.3"), session.port(), 3, 3)) {
            one.sendControl(RawPeer.encode(new Invitation(1, 1, "One")));
            RawPeer.expect(one.control, AppleMidiCommand.INVITATION_REJECTED);
            three.join("Three");
            received.awaitEvent("joined Three", WAIT);
        }
        try (RtpMidiSession byDefault = RtpMidiSession.start(RtpMidiSessionTest.loopback("D"), received, received)) {
            assertTrue(byDefault.admitted().stream().anyMatch(r -> r.toString().equals("127.0.0.0/8")),
                    byDefault.admitted().toString());
            assertFalse(byDefault.admitted().stream().anyMatch(r -> r.prefix() == 0), "never the whole internet");
        }
        assertEquals(List.of("0.0.0.0/0", "0:0:0:0:0:0:0:0/0"), HostRange.parse("any").stream().map(Object::toString).toList());
        assertEquals("192.168.1.0/24", HostRange.parse("192.168.1.77/24").get(0).toString());
        assertTrue(HostRange.parse("10.0.0.0/8").get(0).contains(InetAddress.getByName("10.200.3.4")));
        assertFalse(HostRange.parse("10.0.0.0/8").get(0).contains(InetAddress.getByName("11.0.0.1")));
        assertFalse(HostRange.parse("any").get(1).contains(InetAddress.getByName("10.0.0.1")), "IPv4 is not in an IPv6 range");
        assertEquals("invalid prefix length /33 for 10.0.0.0 (expected 0..32)",
                assertThrows(BridgeException.class, () -> HostRange.parse("10.0.0.0/33")).getMessage());
        assertTrue(assertThrows(BridgeException.class, () -> HostRange.parse("10.0.0.0/x")).getMessage()
                .startsWith("invalid host range: 10.0.0.0/x (expected"));
    }

    /** The victim plays a note; returns the next key. */
    private static int play(NodePeer victim, int key, List<String> played) {
        String note = String.format("90 %02X 40", key);
        victim.command("send " + note);
        played.add(note);
        return key + 1;
    }

    private static void awaitAtLeast(RtpMidiSession session, RtpMidiCounter counter, long least)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (session.counters().get(counter) < least) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + counter + " >= " + least + " but have " + session.counters());
            }
            Thread.sleep(10);
        }
    }
}
