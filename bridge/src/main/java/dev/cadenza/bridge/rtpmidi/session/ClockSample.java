package dev.cadenza.bridge.rtpmidi.session;

/**
 * One completed CK exchange with a participant. The remote clock read {@code
 * remoteMinusLocalNanos} more than ours at the same instant, give or take half the round trip.
 *
 * @param remoteMinusLocalNanos the remote clock minus the local clock, in nanoseconds
 * @param roundTripNanos the exchange's round trip, in nanoseconds
 */
public record ClockSample(long remoteMinusLocalNanos, long roundTripNanos) {
}
