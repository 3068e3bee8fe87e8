package dev.cadenza.bridge.link;

/**
 * A Link session's start/stop state, as peers that sync start and stop exchange it.
 *
 * @param playing whether the session plays
 * @param beats the beat, in microbeats, at which it started or stopped
 * @param timestamp when that was decided, in session time (microseconds); 0 for never
 */
public record StartStop(boolean playing, long beats, long timestamp) {
    /** What a peer that never started or stopped sends. */
    public static final StartStop NONE = new StartStop(false, 0, 0);
}
