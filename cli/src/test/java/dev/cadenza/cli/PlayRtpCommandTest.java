package dev.cadenza.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.rtpmidi.session.NodePeer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code cadenza play} on an RTP-MIDI network session, against the independent Node peer (the
 * npm package {@code rtpmidi}): it serves a session the peer joins and hears, joins the peer's
 * session, and takes a keyboard on the session into a keyboard mode. Nothing is advertised
 * ({@code --no-advertise}): the tests send no multicast.
 */
class PlayRtpCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Bars of the streams that must hold an exchange with the peer. {@code play} cannot be stopped
     * from a test once what it waits for has happened (q stops it only on a terminal, and these
     * runs have none), so the stream is made long enough for the slowest exchange this test
     * tolerates: the peer's join, its clock sync, a call and the answer take 2 to 4 s here, and 30
     * bars at 240 BPM are 30 s, as long as one {@link #WAIT}.
     */
    private static final String EXCHANGE_BARS = "30";
    /** The stream's 30 s, its start (the model is loaded first) and its end, with room to spare. */
    private static final long RUN_SECONDS = 120;

    @BeforeAll
    static void peerIsInstalled() {
        NodePeer.assumeAvailable();
    }

    private static CompletableFuture<CommandRun> play(String... args) {
        return CompletableFuture.supplyAsync(() -> CommandRun.of(args));
    }

    /** Connects the peer to Cadenza's session, trying again while the session is still starting. */
    private static void join(NodePeer peer, int port) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (peer.lines(l -> l.startsWith("connected Cadenza")).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the Node peer did not join; it said: " + peer.lines(l -> true));
            }
            peer.command("connect 127.0.0.1 " + port);
            try {
                peer.await(l -> l.startsWith("connected Cadenza"), Duration.ofSeconds(3));
            } catch (AssertionError notYet) {
                // the session may not be up yet: invite again
            }
        }
    }

    private static List<String> noteOns(NodePeer peer) {
        return peer.lines(l -> l.matches("midi 9[0-9A-F] [0-9A-F]{2} [0-9A-F]{2}") && !l.endsWith(" 00"));
    }

    @Test
    @DisplayName("play --rtp serves a session that the Node peer joins and hears")
    void peerJoinsAndHearsTheStream() throws Exception {
        int port = NodePeer.freeEvenPortPair();
        try (NodePeer peer = NodePeer.start("Node peer", 0x2468_ACE0)) {
            CompletableFuture<CommandRun> run = play("play", "--rtp", "Cadenza:" + port, "--no-advertise",
                    "--bars", EXCHANGE_BARS, "--bpm", "240", "--no-record", "--no-keys", "--seed", "3");
            join(peer, port);
            peer.awaitCount(l -> noteOns(peer).contains(l), 4, WAIT);
            CommandRun r = run.get(RUN_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("RTP-MIDI session 'Cadenza' on UDP " + port), r.out());
            // every note the peer heard was ended
            peer.await(l -> l.startsWith("removed Cadenza"), WAIT);
            assertTrue(peer.lines(l -> l.startsWith("midi 8") || l.matches("midi 9. .. 00")).size() >= noteOns(peer).size(),
                    "a note-off for every note-on: " + peer.lines(l -> l.startsWith("midi")));
        }
    }

    @Test
    @DisplayName("play --rtp-invite joins the Node peer's session and plays into it")
    void cadenzaJoinsThePeer() throws Exception {
        try (NodePeer peer = NodePeer.start("Node session", 0x1357_9BDF)) {
            CommandRun r = play("play", "--rtp-invite", "127.0.0.1:" + peer.port(), "--bars", "6", "--bpm", "240",
                    "--no-record", "--no-keys", "--seed", "5").get(60, TimeUnit.SECONDS);
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("joined the RTP-MIDI session at 127.0.0.1:" + peer.port()), r.out());
            assertTrue(noteOns(peer).size() >= 4, "the peer heard the stream: " + peer.lines(l -> true));
        }
    }

    @Test
    @DisplayName("a keyboard on the session drives call-and-response: the peer plays a call and hears the answer")
    void keyboardOnTheSessionDrivesCallResponse() throws Exception {
        int port = NodePeer.freeEvenPortPair();
        try (NodePeer peer = NodePeer.start("Node keyboard", 0x0F0F_1234)) {
            CompletableFuture<CommandRun> run = play("play", "--mode", "call-response", "--silence-beats", "1",
                    "--rtp", "Cadenza:" + port, "--no-advertise", "--bars", EXCHANGE_BARS, "--bpm", "240",
                    "--no-record", "--no-keys", "--seed", "7");
            join(peer, port);
            peer.await(l -> l.startsWith("synced"), WAIT); // the peer sends only once its clock is synchronised
            assertTrue(noteOns(peer).isEmpty(), "call-response listens first: " + noteOns(peer));
            int[][] call = {{60, 64, 67}, {62, 65, 69}, {64, 67, 72}};
            for (int[] chord : call) {
                peer.command("send " + chord("90", chord, "50")); // one packet per chord
                Thread.sleep(240);
                peer.command("send " + chord("80", chord, "00"));
            }
            peer.awaitCount(l -> noteOns(peer).contains(l), 2, WAIT);
            CommandRun r = run.get(RUN_SECONDS, TimeUnit.SECONDS);
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains("call-response, listening to RTP-MIDI session 'Cadenza'"), r.out());
            assertTrue(r.out().matches("(?s).*cadenza: [1-9]\\d* answers; end of call to the answer's first note.*"),
                    r.out());
        }
    }

    private static String chord(String status, int[] pitches, String velocity) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pitches.length; i++) {
            s.append(i == 0 ? "" : ";").append(status).append(' ')
                    .append(String.format("%02X", pitches[i])).append(' ').append(velocity);
        }
        return s.toString();
    }
}
