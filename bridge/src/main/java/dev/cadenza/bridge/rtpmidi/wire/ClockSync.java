package dev.cadenza.bridge.rtpmidi.wire;

/**
 * {@code CK}: one step of the three-way clock synchronisation. The initiator sends count 0 with its
 * time in {@code timestamp1}; the other side answers count 1, adding its time in {@code
 * timestamp2}; the initiator ends with count 2, adding {@code timestamp3}. Each side then knows the
 * round trip and the offset between the two clocks. Timestamps are in units of 100 µs on each
 * sender's own clock.
 *
 * @param ssrc the sender's synchronisation source
 * @param count 0, 1 or 2: which of the three messages this is
 */
public record ClockSync(int ssrc, int count, long timestamp1Ticks, long timestamp2Ticks,
        long timestamp3Ticks) implements AppleMidiMessage {

    /** Nanoseconds in one tick of the CK timestamps and of the RTP timestamp (10 kHz). */
    public static final long NANOS_PER_TICK = 100_000;

    public ClockSync {
        if (count < 0 || count > 2) {
            throw new IllegalArgumentException("invalid CK count: " + count + " (expected 0..2)");
        }
    }

    @Override
    public AppleMidiCommand command() {
        return AppleMidiCommand.CLOCK_SYNC;
    }
}
