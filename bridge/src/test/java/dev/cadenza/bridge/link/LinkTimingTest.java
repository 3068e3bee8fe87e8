package dev.cadenza.bridge.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.link.LinkSession.State;
import dev.cadenza.bridge.testing.ManualClock;
import java.net.InetAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The timeline's arithmetic, the clock measurement's choice of samples, and the stream's steps on a Link session's beats. */
class LinkTimingTest {

    @Test
    @DisplayName("a timeline maps beats to session time and back; a new tempo keeps the beat where it changes")
    void timelineArithmetic() {
        Timeline t = Timeline.at(120, 1.0, 1_000_000);
        assertEquals(3.0, t.beatsAt(2_000_000), 1e-12);
        assertEquals(2_000_000, t.ghostAt(3.0), 1e-6);
        Timeline faster = t.withTempo(150, 2_000_000);
        assertEquals(3.0, faster.beatsAt(2_000_000), 1e-6);
        assertEquals(5.5, faster.beatsAt(3_000_000), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Timeline.at(10, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Timeline(0, 0, 0));
    }

    @Test
    @DisplayName("the clock offset comes from the quickest round trips, not from the late ones")
    void offsetFromTheQuickestRoundTrips() {
        double[] offsets = new double[16];
        long[] trips = new long[16];
        for (int i = 0; i < 16; i++) {
            boolean late = i % 3 != 0;
            trips[i] = late ? 900 + i : 60 + i;
            offsets[i] = late ? 1_000 - 400 : 1_000 + (i % 2); // a late pong moves the half-way point
        }
        assertEquals(1_000.5, LinkSession.fastestOffset(offsets, trips), 0.5);
    }

    @Test
    void subnets() throws Exception {
        assertTrue(LinkSession.sameSubnet(InetAddress.getByName("10.77.0.1"), InetAddress.getByName("10.77.0.200"), 24));
        assertFalse(LinkSession.sameSubnet(InetAddress.getByName("10.77.0.1"), InetAddress.getByName("10.77.1.2"), 24));
        assertTrue(LinkSession.sameSubnet(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.3.2.1"), 8));
    }

    @Test
    @DisplayName("steps fall on the session's beats with bars on the quantum; a tempo change moves them, a new session restarts")
    void stepsOnTheSessionsBeats() {
        ManualClock clock = new ManualClock(5_000_000_000L);
        // session time = host time (µs) - 4 s; beat 0 at session time 0, 120 BPM: host 5 s is beat 2
        State s = new State(1, Timeline.at(120, 0, 0), -4_000_000, StartStop.NONE, 1);
        LinkTransport t = new LinkTransport(null, clock, s, 4, false);
        assertTrue(t.running());
        assertEquals(120, t.bpm(), 1e-9);
        long first = t.firstStep(4, clock.nanos());
        assertEquals(8, first, "half a bar into the bar that started at beat 0: step 8 of 16");
        assertEquals(5_000_000_000L, t.stepNanos(8, 4));
        assertEquals(125_000_000L, t.stepNanos(9, 4) - t.stepNanos(8, 4));
        assertEquals(4_000_000_000L, t.stepNanos(0, 4), "step 0 on the quantum: beat 0");
        int epoch = t.epoch();

        t.update(new State(1, s.timeline().withTempo(60, 1_000_000), -4_000_000, StartStop.NONE, 1));
        assertEquals(epoch, t.epoch(), "a tempo change keeps the beat: no restart");
        assertEquals(60, t.bpm(), 1e-9);
        assertEquals(5_000_000_000L, t.stepNanos(8, 4));
        assertEquals(250_000_000L, t.stepNanos(9, 4) - t.stepNanos(8, 4));

        t.update(new State(2, Timeline.at(90, 0.5, 0), -4_000_000, StartStop.NONE, 1));
        assertEquals(epoch + 1, t.epoch(), "a new session restarts on its grid");
        double barStart = t.stepNanos(0, 4);
        double beatsThen = (barStart / 1e3 - 4_000_000) / (60e6 / 90) + 0.5;
        assertEquals(0, Math.IEEEremainder(beatsThen, 4), 1e-6, "the new origin is on the new session's quantum");

        LinkTransport synced = new LinkTransport(null, clock, s, 4, true);
        assertFalse(synced.running(), "with start/stop sync, a session that never started is stopped");
        synced.update(new State(1, s.timeline(), -4_000_000, new StartStop(true, 2_000_000, 1_000_000), 1));
        assertTrue(synced.running());
        assertEquals(1, synced.epoch());
        assertThrows(BridgeException.class, () -> new LinkTransport(null, clock, s, 0, false));
    }
}
