package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.BridgeException;

/**
 * How a stream sounds and behaves. Build from {@link #defaults()} with the {@code with...} methods.
 *
 * @param channel MIDI channel, 0..15 (shown to people as 1..16)
 * @param program program change sent at the start, 0..127, or -1 for none
 * @param velocity how notes are struck
 * @param swing delay of every odd step as a fraction of a step, 0 (straight) .. 0.5
 * @param latencyNanos sends everything this much earlier than the grid, to compensate a known
 *     downstream delay (negative delays instead); at most {@link #MAX_LATENCY_MILLIS} either way
 * @param lookaheadSteps how many steps the model runs ahead of the clock, at least 1
 * @param lateDropNanos a note-on whose time passed by more than this is dropped, never sent late in
 *     a burst (note-offs are always sent)
 * @param guardNanos a step whose frame is ready later than this before its time is a missed step
 * @param sendClock send MIDI clock (0xF8, Start, Stop) as master; internal transport only
 * @param steps steps to play before stopping by itself, or -1 for endless
 * @param seed the model's and the humaniser's seed
 */
public record StreamOptions(
        int channel,
        int program,
        Velocity velocity,
        double swing,
        long latencyNanos,
        int lookaheadSteps,
        long lateDropNanos,
        long guardNanos,
        boolean sendClock,
        long steps,
        long seed) {

    public static final long ENDLESS = -1;
    /** The most {@code --latency-ms} may make up for: far beyond any sound card's or network's delay. */
    public static final int MAX_LATENCY_MILLIS = 1000;

    public StreamOptions {
        if (channel < 0 || channel > 15) {
            throw new BridgeException("invalid channel: " + (channel + 1) + " (expected 1..16)");
        }
        if (program < -1 || program > 127) {
            throw new BridgeException("invalid program: " + program + " (expected 0..127, or none)");
        }
        if (velocity == null) {
            throw new BridgeException("missing velocity (expected a fixed value, a range or 'model')");
        }
        if (!(swing >= 0 && swing <= 0.5)) {
            throw new BridgeException("invalid swing: " + swing + " (expected 0..0.5 of a step)");
        }
        if (Math.abs(latencyNanos) > MAX_LATENCY_MILLIS * 1_000_000L) {
            throw invalidLatency(latencyNanos / 1e6);
        }
        if (lookaheadSteps < 1 || lookaheadSteps > 64) {
            throw new BridgeException("invalid look-ahead: " + lookaheadSteps + " steps (expected 1..64)");
        }
        if (lateDropNanos < 0 || guardNanos < 0) {
            throw new BridgeException("invalid tolerance: late-drop " + lateDropNanos + " ns, guard " + guardNanos
                    + " ns (expected 0 or more)");
        }
        if (steps < ENDLESS) {
            throw new BridgeException("invalid length: " + steps + " steps (expected 0 or more, or endless)");
        }
    }

    public static StreamOptions defaults() {
        return new StreamOptions(0, -1, Velocity.DEFAULT, 0, 0, 2, 5_000_000, 1_000_000, false, ENDLESS, 1);
    }

    public StreamOptions withChannel(int value) {
        return new StreamOptions(value, program, velocity, swing, latencyNanos, lookaheadSteps, lateDropNanos,
                guardNanos, sendClock, steps, seed);
    }

    public StreamOptions withProgram(int value) {
        return new StreamOptions(channel, value, velocity, swing, latencyNanos, lookaheadSteps, lateDropNanos,
                guardNanos, sendClock, steps, seed);
    }

    public StreamOptions withVelocity(Velocity value) {
        return new StreamOptions(channel, program, value, swing, latencyNanos, lookaheadSteps, lateDropNanos,
                guardNanos, sendClock, steps, seed);
    }

    public StreamOptions withSwing(double value) {
        return new StreamOptions(channel, program, velocity, value, latencyNanos, lookaheadSteps, lateDropNanos,
                guardNanos, sendClock, steps, seed);
    }

    /** {@link #latencyNanos} from milliseconds, refusing what is not a number or out of range. */
    public StreamOptions withLatencyMillis(double millis) {
        if (!(Math.abs(millis) <= MAX_LATENCY_MILLIS)) {
            throw invalidLatency(millis);
        }
        return withLatencyNanos(Math.round(millis * 1e6));
    }

    private static BridgeException invalidLatency(double millis) {
        return new BridgeException("invalid latency: " + millis + " ms (expected -" + MAX_LATENCY_MILLIS + ".."
                + MAX_LATENCY_MILLIS + ")");
    }

    public StreamOptions withLatencyNanos(long value) {
        return new StreamOptions(channel, program, velocity, swing, value, lookaheadSteps, lateDropNanos,
                guardNanos, sendClock, steps, seed);
    }

    public StreamOptions withLookaheadSteps(int value) {
        return new StreamOptions(channel, program, velocity, swing, latencyNanos, value, lateDropNanos,
                guardNanos, sendClock, steps, seed);
    }

    public StreamOptions withLateDropNanos(long value) {
        return new StreamOptions(channel, program, velocity, swing, latencyNanos, lookaheadSteps, value,
                guardNanos, sendClock, steps, seed);
    }

    public StreamOptions withGuardNanos(long value) {
        return new StreamOptions(channel, program, velocity, swing, latencyNanos, lookaheadSteps, lateDropNanos,
                value, sendClock, steps, seed);
    }

    public StreamOptions withSendClock(boolean value) {
        return new StreamOptions(channel, program, velocity, swing, latencyNanos, lookaheadSteps, lateDropNanos,
                guardNanos, value, steps, seed);
    }

    public StreamOptions withSteps(long value) {
        return new StreamOptions(channel, program, velocity, swing, latencyNanos, lookaheadSteps, lateDropNanos,
                guardNanos, sendClock, value, seed);
    }

    public StreamOptions withSeed(long value) {
        return new StreamOptions(channel, program, velocity, swing, latencyNanos, lookaheadSteps, lateDropNanos,
                guardNanos, sendClock, steps, value);
    }
}
