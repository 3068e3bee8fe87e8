package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The CK exchange's arithmetic, worked by hand: ticks of 100 µs, answers, offsets and round trips. */
class ClockExchangeTest {
    private static final long EPOCH_NANOS = 5_000_000_000L;
    private static final long TICK_NANOS = 100_000L;
    private static final int US = 0xC0FFEE;
    private static final int PEER = 0xBEEF;

    private final RtpMidiCounters counters = new RtpMidiCounters();
    private final ClockExchange clocks = new ClockExchange(US, EPOCH_NANOS, 10_000_000_000L, counters);
    private final Participant peer = new Participant(true, 1, Participant.State.CONNECTED,
            new InetSocketAddress("127.0.0.1", 5004), EPOCH_NANOS, 0, null);

    /** The session's clock {@code ticks} ticks after it started. */
    private static long at(long ticks) {
        return EPOCH_NANOS + ticks * TICK_NANOS;
    }

    @Test
    @DisplayName("the session's clock counts whole ticks of 100 µs from its start")
    void ticksOfAHundredMicroseconds() {
        assertEquals(0, clocks.ticks(EPOCH_NANOS));
        assertEquals(2, clocks.ticks(EPOCH_NANOS + 250_000), "two and a half ticks are two");
        assertEquals(10_000, clocks.ticks(EPOCH_NANOS + 1_000_000_000L));
    }

    @Test
    @DisplayName("a CK is answered with the next count, our time added, and the last one is not answered")
    void answers() {
        assertEquals(new ClockSync(US, 1, 777, 10_000, 0), clocks.answer(new ClockSync(PEER, 0, 777, 0, 0), at(10_000)));
        assertEquals(new ClockSync(US, 2, 100, 5150, 300), clocks.answer(new ClockSync(PEER, 1, 100, 5150, 0), at(300)));
        assertNull(clocks.answer(new ClockSync(PEER, 2, 1000, 600, 1100), at(2000)));
    }

    @Test
    @DisplayName("our exchange: sent at tick 100, their clock read 5150, back at 300: they are 4950 ticks ahead, 200 away")
    void ourExchange() {
        clocks.record(peer, new ClockSync(PEER, 1, 100, 5150, 0), at(300));
        assertEquals(List.of(new ClockSample(495_000_000L, 20_000_000L)), List.copyOf(peer.clockSamples));
        assertEquals(1, counters.get(RtpMidiCounter.CLOCK_SYNCS));
    }

    @Test
    @DisplayName("their exchange: sent at their 1000, our clock read 600, back at their 1100: they are 450 ticks ahead, 100 away")
    void theirExchange() {
        clocks.record(peer, new ClockSync(PEER, 2, 1000, 600, 1100), at(5000));
        assertEquals(List.of(new ClockSample(45_000_000L, 10_000_000L)), List.copyOf(peer.clockSamples));
    }

    @Test
    @DisplayName("an offset of half a tick is kept, not rounded away")
    void halfATick() {
        clocks.record(peer, new ClockSync(PEER, 1, 0, 1, 0), at(1));
        assertEquals(new ClockSample(50_000L, 100_000L), peer.clockSamples.getFirst());
    }

    @Test
    @DisplayName("a CK whose timestamps run backwards is counted as malformed, and a CK that starts an exchange completes none")
    void noSample() {
        clocks.record(peer, new ClockSync(PEER, 2, 1100, 600, 1000), at(5000));
        clocks.record(peer, new ClockSync(PEER, 1, 300, 200, 0), at(100));
        clocks.record(peer, new ClockSync(PEER, 0, 100, 0, 0), at(5000));
        assertEquals(List.of(), List.copyOf(peer.clockSamples));
        assertEquals(2, counters.get(RtpMidiCounter.MALFORMED));
        assertEquals(0, counters.get(RtpMidiCounter.CLOCK_SYNCS));
    }

    @Test
    @DisplayName("the first two exchanges come a second apart, then one each sync interval")
    void quickSyncsThenTheInterval() {
        assertEquals(new ClockSync(US, 0, 10, 0, 0), clocks.start(peer, at(10)));
        assertEquals(at(10) + 1_000_000_000L, peer.nextSyncNanos);
        clocks.start(peer, at(20));
        assertEquals(at(20) + 1_000_000_000L, peer.nextSyncNanos);
        clocks.start(peer, at(30));
        assertEquals(at(30) + 10_000_000_000L, peer.nextSyncNanos);
        assertEquals(3, peer.syncsStarted);
    }

    @Test
    @DisplayName("a sync interval under a second is also the quick one, and a probe schedules nothing")
    void shortIntervalAndProbe() {
        ClockExchange often = new ClockExchange(US, EPOCH_NANOS, 300_000_000L, counters);
        often.start(peer, at(0));
        assertEquals(at(0) + 300_000_000L, peer.nextSyncNanos);
        assertEquals(new ClockSync(US, 0, 42, 0, 0), often.probe(at(42)));
        assertEquals(at(0) + 300_000_000L, peer.nextSyncNanos);
        assertEquals(1, peer.syncsStarted);
    }
}
