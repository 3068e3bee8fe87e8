package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.rtpmidi.wire.ClockSync;

/**
 * Clock synchronisation with participants, Apple's three-way {@code CK} exchange: the session's
 * clock in ticks of 100 µs, the CK that starts an exchange and when the next falls due, the CK that
 * answers each one, and the offset and round trip that a completed exchange gives. Sends nothing
 * itself: the session sends what it returns. Event loop only, but {@link #ticks}, which is
 * real-time safe.
 */
final class ClockExchange {
    /** Exchanges started at the quick interval when a participant joins, so that its offset is soon known. */
    static final int QUICK_SYNCS = 3;
    static final long QUICK_SYNC_INTERVAL_NANOS = 1_000_000_000L;

    private final int ssrc;
    private final long epochNanos;
    private final long syncIntervalNanos;
    private final RtpMidiCounters counters;

    /**
     * @param ssrc this session's synchronisation source, which its CKs carry
     * @param epochNanos when the session's clock reads tick 0
     * @param syncIntervalNanos how often the inviting side synchronises once settled
     */
    ClockExchange(int ssrc, long epochNanos, long syncIntervalNanos, RtpMidiCounters counters) {
        this.ssrc = ssrc;
        this.epochNanos = epochNanos;
        this.syncIntervalNanos = syncIntervalNanos;
        this.counters = counters;
    }

    /** Ticks of 100 µs since the session started: the CK and RTP clock. Any thread; real-time safe. */
    long ticks(long nanos) {
        return (nanos - epochNanos) / ClockSync.NANOS_PER_TICK;
    }

    /**
     * Starts an exchange with {@code p} (a participant we invited, so we sync): returns the CK to
     * send it, and sets when the next falls due, at the quick interval for the first few.
     */
    ClockSync start(Participant p, long nowNanos) {
        p.syncsStarted++;
        p.nextSyncNanos = nowNanos + (p.syncsStarted < QUICK_SYNCS
                ? Math.min(QUICK_SYNC_INTERVAL_NANOS, syncIntervalNanos)
                : syncIntervalNanos);
        return probe(nowNanos);
    }

    /** A CK that starts an exchange without scheduling the next: asks a quiet participant to answer. */
    ClockSync probe(long nowNanos) {
        return new ClockSync(ssrc, 0, ticks(nowNanos), 0, 0);
    }

    /** The CK that answers {@code ck} now (count 0 gets 1, count 1 gets 2), or null after count 2, the last. */
    ClockSync answer(ClockSync ck, long nowNanos) {
        return switch (ck.count()) {
            case 0 -> new ClockSync(ssrc, 1, ck.timestamp1Ticks(), ticks(nowNanos), 0);
            case 1 -> new ClockSync(ssrc, 2, ck.timestamp1Ticks(), ck.timestamp2Ticks(), ticks(nowNanos));
            default -> null;
        };
    }

    /**
     * Records on {@code p} the exchange that {@code ck} completes, received now: count 1 completes
     * ours (our t1, their t2, our t3 is now), count 2 theirs (their t1, our t2, their t3); count 0
     * completes nothing. A CK whose timestamps run backwards is counted as malformed, not recorded.
     */
    void record(Participant p, ClockSync ck, long nowNanos) {
        long t1 = ck.timestamp1Ticks();
        switch (ck.count()) {
            case 0 -> { }
            case 1 -> {
                long t3 = ticks(nowNanos);
                record(p, ck.timestamp2Ticks() * 2 - t1 - t3, t3 - t1);
            }
            default -> {
                long t3 = ck.timestamp3Ticks();
                record(p, t1 + t3 - 2 * ck.timestamp2Ticks(), t3 - t1);
            }
        }
    }

    /** Records one exchange; {@code twiceOffsetTicks} avoids losing half a tick to division. */
    private void record(Participant p, long twiceOffsetTicks, long roundTripTicks) {
        if (roundTripTicks < 0) {
            counters.increment(RtpMidiCounter.MALFORMED);
            return;
        }
        p.addClockSample(new ClockSample(twiceOffsetTicks * ClockSync.NANOS_PER_TICK / 2,
                roundTripTicks * ClockSync.NANOS_PER_TICK));
        counters.increment(RtpMidiCounter.CLOCK_SYNCS);
    }
}
