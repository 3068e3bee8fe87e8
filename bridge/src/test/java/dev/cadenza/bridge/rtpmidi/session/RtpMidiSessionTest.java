package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.port.MidiReceiver;
import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCommand;
import dev.cadenza.bridge.rtpmidi.wire.EndSession;
import dev.cadenza.bridge.rtpmidi.wire.Invitation;
import dev.cadenza.bridge.rtpmidi.wire.MidiCommand;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiPacket;
import dev.cadenza.bridge.testing.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Cadenza's session against itself and against a hand-driven peer, on the loopback. */
class RtpMidiSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** How long an invitation on the control port alone holds a place ({@link Admission#HALF_OPEN_NANOS}). */
    private static final Duration HALF_OPEN = Duration.ofSeconds(5);
    /** The half-open time, then as long again as {@link #WAIT} for the tick that frees the place. */
    private static final Duration HALF_OPEN_WAIT = HALF_OPEN.plus(WAIT);

    static RtpMidiConfig loopback(String name) {
        return RtpMidiConfig.named(name).withPort(0)
                .withBindAddress(InetAddress.getLoopbackAddress()).withAdvertise(false);
    }

    static byte[] hex(String hex) {
        return RtpMidiNodePeerTest.hex(hex);
    }

    static RtpMidiPacket rtp(int sequence, int ssrc, String... commands) {
        return new RtpMidiPacket(sequence, 0, ssrc,
                java.util.Arrays.stream(commands).map(c -> new MidiCommand(0, RtpMidiCodecTest.bytes(c))).toList());
    }

    static void awaitCounters(RtpMidiSession session, Map<RtpMidiCounter, Long> expected) throws InterruptedException {
        awaitCounters(session, expected, WAIT);
    }

    static void awaitCounters(RtpMidiSession session, Map<RtpMidiCounter, Long> expected, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            boolean all = expected.entrySet().stream()
                    .allMatch(e -> session.counters().get(e.getKey()) == e.getValue());
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected counters " + expected + " but have " + session.counters());
            }
            Thread.sleep(10);
        }
    }

    @Test
    @DisplayName("lost, out-of-order, duplicate, journalled, truncated, unknown, stray and oversized packets are counted and the session goes on")
    void troubleIsCountedAndTheSessionGoesOn() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        try (RtpMidiSession session = RtpMidiSession.start(loopback("Cadenza"), received, received);
                RawPeer raw = new RawPeer(session.port(), 0x5EED, 0x70C3)) {
            raw.join("Raw");
            received.awaitEvent("joined Raw", WAIT);

            raw.sendControl(RawPeer.encode(rtp(1, 0x5EED, "903C64"))); // RTP on the control port
            raw.sendData(RawPeer.encode(rtp(10, 0x5EED, "903C64")));
            raw.sendData(RawPeer.encode(rtp(12, 0x5EED, "903E64"))); // 11 is lost...
            raw.sendData(RawPeer.encode(rtp(11, 0x5EED, "904064"))); // ...and comes late: dropped
            raw.sendData(RawPeer.encode(rtp(12, 0x5EED, "903E64"))); // a duplicate: dropped
            raw.sendData(RtpMidiCodecTest.bytes("8061000D 00000000 00005EED 43803C00 E00005 0004AABB 000508CCDD"));
            byte[] whole = RawPeer.encode(rtp(14, 0x5EED, "903C64"));
            raw.sendData(java.util.Arrays.copyOf(whole, 14)); // truncated
            raw.sendData(RtpMidiCodecTest.bytes("FFFF5A5A 00005EED")); // unknown command ZZ
            raw.sendData(RawPeer.encode(rtp(1, 0x0BAD, "903C64"))); // a stranger
            raw.sendData(new byte[5000]); // oversized
            raw.sendData(RawPeer.encode(rtp(14, 0x5EED, "F07E01F0"))); // a SysEx segment
            raw.sendData(RawPeer.encode(rtp(15, 0x5EED, "B00764")));

            assertEquals(List.of("90 3C 64", "90 3E 64", "80 3C 00", "B0 07 64"), received.awaitMessages(4, WAIT));
            awaitCounters(session, Map.of(
                    RtpMidiCounter.MISDIRECTED, 1L,
                    RtpMidiCounter.LOST, 1L,
                    RtpMidiCounter.OUT_OF_ORDER, 2L,
                    RtpMidiCounter.JOURNALS_SKIPPED, 1L,
                    RtpMidiCounter.MALFORMED, 1L,
                    RtpMidiCounter.UNKNOWN_COMMAND, 1L,
                    RtpMidiCounter.UNEXPECTED_SENDER, 1L,
                    RtpMidiCounter.OVERSIZED, 1L,
                    RtpMidiCounter.SYSEX_SEGMENTS_DROPPED, 1L));

            raw.sendControl(RawPeer.encode(new EndSession(0x70C3, 0x5EED)));
            assertEquals("left Raw ENDED_BY_PEER", received.awaitEvent("left Raw", WAIT));
            assertEquals("80 3E 00", received.hex().get(4), "the note it held is released");
            assertEquals(0, session.counters().get(RtpMidiCounter.INTERNAL_ERRORS));
            assertEquals(List.of(), session.participants());
        }
    }

    @Test
    @DisplayName("sending allocates nothing on the sending thread, and a burst of sends arrives whole and in order")
    void sendingAllocatesNothing() throws Exception {
        RecordingReceiver atB = new RecordingReceiver();
        try (RtpMidiSession sessionA = RtpMidiSession.start(loopback("A"), MidiReceiver.NONE, ParticipantListener.NONE);
                RtpMidiSession sessionB = RtpMidiSession.start(loopback("B"), atB, atB)) {
            sessionA.invite("127.0.0.1", sessionB.port()).get(10, TimeUnit.SECONDS);
            atB.awaitEvent("joined A", WAIT);
            byte[] on = {(byte) 0x90, 60, 100};
            byte[] off = {(byte) 0x80, 60, 0};
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long fewest = Long.MAX_VALUE;
            int sends = 2_000;
            for (int run = 0; run < 12; run++) { // the first runs warm the code up (the JIT removes what it can)
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < sends / 2; i++) {
                    on[1] = (byte) (36 + i % 48);
                    off[1] = on[1];
                    sessionA.send(on);
                    sessionA.send(off);
                    if (i % 4 == 3) {
                        Thread.sleep(1); // about 7,000 messages a second: a pace the receiving session keeps up with
                    }
                }
                fewest = Math.min(fewest, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertEquals(0, fewest, "bytes allocated by " + sends + " sends, in the run that allocated the fewest");
            List<String> heard = atB.awaitMessages(12 * sends, Duration.ofSeconds(30));
            assertEquals(12 * sends, heard.size());
            assertEquals("90 24 64", heard.get(0));
            assertEquals("80 24 00", heard.get(1));
            assertEquals(0, sessionA.counters().get(RtpMidiCounter.SENDS_DROPPED));
        }
    }

    @Test
    @DisplayName("two Cadenza sessions play to each other, and the idle guard silences channels only once no note is held")
    void twoSessionsAndTheIdleGuard() throws Exception {
        RecordingReceiver atA = new RecordingReceiver();
        RecordingReceiver atB = new RecordingReceiver();
        // A's time moves only when the test moves it; its housekeeping still runs every tick of real time and reads
        // that clock. A clock sync falls due in the same tick as the guard's delay: a completed sync then shows that
        // a tick ran after the delay, and so that the guard had its chance to fire.
        Duration idle = Duration.ofMillis(300);
        ManualClock clockA = new ManualClock(1_000_000_000L);
        RtpMidiConfig a = loopback("A").withIdleGuardAfter(idle).withSyncInterval(idle).withClock(clockA);
        // B, the invited side, would probe a quiet A with a sync of its own after a third of its time-out, which
        // would count at A too: with this time-out, never during the test
        RtpMidiConfig b = loopback("B").withParticipantTimeout(Duration.ofMinutes(10));
        try (RtpMidiSession sessionA = RtpMidiSession.start(a, atA, atA);
                RtpMidiSession sessionB = RtpMidiSession.start(b, atB, atB)) {
            ParticipantInfo joined = sessionA.invite("127.0.0.1", sessionB.port()).get(10, TimeUnit.SECONDS);
            assertEquals("B", joined.name());
            atB.awaitEvent("joined A", WAIT);
            // the sync that joining starts; the next falls due only once A's clock has moved by the sync interval
            awaitCounters(sessionA, Map.of(RtpMidiCounter.CLOCK_SYNCS, 1L));

            sessionA.send(hex("90 3C 64"));
            assertEquals(List.of("90 3C 64"), atB.awaitMessages(1, WAIT));
            clockA.advance(idle.toNanos()); // past the idle delay, but a note is held; and the second sync is due
            // the tick that starts the sync checks the guard at the same time, and the sync completes after that tick
            awaitCounters(sessionA, Map.of(RtpMidiCounter.CLOCK_SYNCS, 2L));
            assertEquals(0, sessionA.counters().get(RtpMidiCounter.IDLE_GUARDS_SENT), "the guard must not cut a held note");
            assertEquals(List.of("90 3C 64"), atB.hex(), "the guard must not cut a held note");

            sessionA.send(hex("80 3C 00"));
            clockA.advance(idle.toNanos()); // past the idle delay, and no note is held
            assertEquals(List.of("90 3C 64", "80 3C 00", "B0 7B 00"), atB.awaitMessages(3, WAIT));
            assertEquals(1, sessionA.counters().get(RtpMidiCounter.IDLE_GUARDS_SENT));

            sessionB.send(hex("C3 11"));
            assertEquals(List.of("C3 11"), atA.awaitMessages(1, WAIT));
        }
    }

    @Test
    @DisplayName("a session is a MidiOut port for the streaming engine, and a closed one says it is gone")
    void sessionAsMidiOut() throws Exception {
        RecordingReceiver atB = new RecordingReceiver();
        RtpMidiSession a = RtpMidiSession.start(loopback("A"), MidiReceiver.NONE, ParticipantListener.NONE);
        try (RtpMidiSession b = RtpMidiSession.start(loopback("B"), atB, atB);
                RtpMidiOut out = new RtpMidiOut(a, true)) {
            a.invite("127.0.0.1", b.port()).get(10, TimeUnit.SECONDS);
            assertTrue(out.send(0x90, 60, 100));
            assertTrue(out.send(0xF8, 0, 0));
            assertTrue(out.send(0xC0, 5, 0));
            assertEquals(List.of("90 3C 64", "F8", "C0 05"), atB.awaitMessages(3, WAIT));
            a.close();
            assertFalse(out.send(0x80, 60, 0));
            assertEquals("left A ENDED_BY_PEER",
                    atB.awaitEvent("left A", WAIT));
        }
    }

    @Test
    @DisplayName("nobody can play as a participant, end its session or take its place from another address")
    void impostorsAreIgnored() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        try (RtpMidiSession session = RtpMidiSession.start(loopback("Cadenza"), received, received);
                RawPeer player = new RawPeer(session.port(), 0x5EED, 0x70C3);
                RawPeer impostor = new RawPeer(session.port(), 0xBAD, 0xBAD);
                RawPeer elsewhere = new RawPeer(InetAddress.getByName("127.0.0.2"), session.port(), 0xBAD, 0xBAD)) {
            player.join("Player");
            received.awaitEvent("joined Player", WAIT);

            impostor.sendData(RawPeer.encode(rtp(1, 0x5EED, "903C64"))); // plays as the player, from its own port
            impostor.sendControl(RawPeer.encode(new EndSession(0x70C3, 0x5EED))); // ends the player's session
            impostor.sendData(RawPeer.encode(new EndSession(0x70C3, 0x5EED)));
            elsewhere.sendControl(RawPeer.encode(new Invitation(0x70C3, 0x5EED, "Player"))); // takes its place
            RawPeer.expect(elsewhere.control, AppleMidiCommand.INVITATION_REJECTED);
            awaitCounters(session, Map.of(RtpMidiCounter.IMPERSONATIONS, 4L));

            player.sendData(RawPeer.encode(rtp(1, 0x5EED, "903E64")));
            assertEquals(List.of("90 3E 64"), received.awaitMessages(1, WAIT), "only the player's own note plays");
            assertEquals(1, session.participants().size());
            assertEquals("Player", session.participants().get(0).name());
            assertTrue(received.events().stream().noneMatch(e -> e.startsWith("left")), received.events().toString());
        }
    }

    @Test
    @DisplayName("a session that allows some hosts refuses the others' invitations, and a half-open one frees its place")
    void onlyAllowedHostsJoin() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        InetAddress other = InetAddress.getByName("127.0.0.2");
        RtpMidiConfig config = loopback("Cadenza").withMaxParticipants(1)
                .withAllowed(HostRange.parse("127.0.0.1"));
        try (RtpMidiSession session = RtpMidiSession.start(config, received, received);
                RawPeer stranger = new RawPeer(other, session.port(), 0xBAD, 0xBAD);
                RawPeer halfOpen = new RawPeer(session.port(), 0x0AF, 0x0AF);
                RawPeer player = new RawPeer(session.port(), 0x5EED, 0x70C3)) {
            stranger.sendControl(RawPeer.encode(new Invitation(0xBAD, 0xBAD, "Stranger")));
            RawPeer.expect(stranger.control, AppleMidiCommand.INVITATION_REJECTED);
            // an invitation on the control port alone takes the one place, for five seconds at most
            long halfOpenSince = System.nanoTime(); // before the session sees it (both read System.nanoTime())
            halfOpen.sendControl(RawPeer.encode(new Invitation(0x0AF, 0x0AF, "Half")));
            RawPeer.expect(halfOpen.control, AppleMidiCommand.INVITATION_ACCEPTED);
            player.sendControl(RawPeer.encode(new Invitation(0x70C3, 0x5EED, "Player")));
            RawPeer.expect(player.control, AppleMidiCommand.INVITATION_REJECTED);
            // the place is freed by the tick that times the half-open invitation out, not after a fixed sleep
            awaitCounters(session, Map.of(RtpMidiCounter.PARTICIPANTS_TIMED_OUT, 1L), HALF_OPEN_WAIT);
            assertTrue(System.nanoTime() - halfOpenSince > HALF_OPEN.toNanos(),
                    "the half-open invitation held its place for its five seconds");
            player.join("Player");
            assertEquals("joined Player", received.awaitEvent("joined Player", WAIT));
            assertEquals(List.of("Player"), session.participants().stream().map(ParticipantInfo::name).toList());
            assertEquals(2, session.counters().get(RtpMidiCounter.INVITATIONS_REFUSED));
        }
    }

    @Test
    @DisplayName("a peer that restarts with the same SSRC and invites again replaces its old self, whose notes are released")
    void restartedPeerReplacesItself() throws Exception {
        RecordingReceiver received = new RecordingReceiver();
        try (RtpMidiSession session = RtpMidiSession.start(loopback("Cadenza"), received, received)) {
            try (RawPeer before = new RawPeer(session.port(), 0xF1BED, 1)) {
                before.join("Device");
                before.sendData(RawPeer.encode(rtp(1, 0xF1BED, "9F2A7F")));
                received.awaitMessages(1, WAIT);
            }
            try (RawPeer after = new RawPeer(session.port(), 0xF1BED, 2)) {
                after.join("Device");
                assertEquals("left Device ENDED_BY_PEER", received.awaitEvent("left Device", WAIT));
                assertEquals(List.of("9F 2A 7F", "8F 2A 00"), received.hex());
                after.sendData(RawPeer.encode(rtp(7, 0xF1BED, "8F2A00")));
                assertEquals(List.of("9F 2A 7F", "8F 2A 00", "8F 2A 00"), received.awaitMessages(3, WAIT));
                assertEquals(1, session.participants().size());
            }
        }
    }

    @Test
    @DisplayName("a full session refuses another participant, and an invitation nobody answers fails")
    void refusedAndUnansweredInvitations() throws Exception {
        RtpMidiConfig small = loopback("Small").withMaxParticipants(1);
        // the refusal is an answer, so the second session waits for it as long as any session would (the default
        // retries: 12 invitations a second apart); only an invitation that nobody can answer is given up quickly
        RtpMidiConfig impatient = loopback("Impatient").withInvitations(Duration.ofMillis(100), 3);
        try (RtpMidiSession full = RtpMidiSession.start(small, MidiReceiver.NONE, ParticipantListener.NONE);
                RtpMidiSession first = RtpMidiSession.start(loopback("First"), MidiReceiver.NONE, ParticipantListener.NONE);
                RtpMidiSession second = RtpMidiSession.start(loopback("Second"), MidiReceiver.NONE,
                        ParticipantListener.NONE);
                RtpMidiSession third = RtpMidiSession.start(impatient, MidiReceiver.NONE, ParticipantListener.NONE)) {
            first.invite("127.0.0.1", full.port()).get(10, TimeUnit.SECONDS);
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> second.invite("127.0.0.1", full.port()).get(10, TimeUnit.SECONDS));
            assertInstanceOf(BridgeException.class, refused.getCause());
            assertTrue(refused.getCause().getMessage().endsWith("failed: rejected"), refused.getCause().getMessage());
            assertEquals(1, full.counters().get(RtpMidiCounter.INVITATIONS_REFUSED));
            assertEquals(1, second.counters().get(RtpMidiCounter.INVITATIONS_FAILED));

            int nobody = NodePeer.freeEvenPortPair();
            ExecutionException unanswered = assertThrows(ExecutionException.class,
                    () -> third.invite("127.0.0.1", nobody).get(10, TimeUnit.SECONDS));
            assertTrue(unanswered.getCause().getMessage().endsWith("failed: unanswered"),
                    unanswered.getCause().getMessage());
            assertEquals(1, third.counters().get(RtpMidiCounter.INVITATIONS_FAILED));
            assertFalse(second.participants().stream().anyMatch(ParticipantInfo::connected));
            assertEquals(List.of(), third.participants());
        }
    }

    @Test
    @DisplayName("bad configuration names the bad value")
    void badConfiguration() {
        assertEquals("invalid RTP-MIDI port: 65535 (expected 0..65534: the control port, with the data port one above it)",
                assertThrows(BridgeException.class, () -> RtpMidiConfig.named("x").withPort(65535)).getMessage());
        assertEquals("invalid maximum of participants: 0 (expected 1..256)",
                assertThrows(BridgeException.class, () -> RtpMidiConfig.named("x").withMaxParticipants(0)).getMessage());
    }

    @Test
    @DisplayName("a session names the operating-system thread it sends and receives on, for play to raise its priority")
    void namesItsThread() throws Exception {
        Assumptions.assumeTrue(java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/task")),
                "no /proc here: threads have no id to read (not Linux)");
        try (RtpMidiSession session = RtpMidiSession.start(loopback("T"), MidiReceiver.NONE, ParticipantListener.NONE)) {
            String tid = session.threadId();
            String comm = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/task", tid, "comm")).strip();
            assertTrue(comm.startsWith("cadenza-rtpmid"), "thread " + tid + " is " + comm);
        }
    }
}
