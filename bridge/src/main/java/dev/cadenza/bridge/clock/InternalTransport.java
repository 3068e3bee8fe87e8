package dev.cadenza.bridge.clock;

import dev.cadenza.bridge.BridgeException;

/**
 * The internal clock: a fixed tempo from a start time, step 0 at {@link #start}. Cadenza is the
 * master; the engine may also send MIDI clock from it.
 *
 * <p>Thread contract: {@link #start} and {@link #stop} on the control thread; the rest is
 * real-time safe and may be read from any thread.
 */
public final class InternalTransport implements Transport {
    private final NanoClock clock;
    private final double bpm;
    private final double nanosPerQuarter;
    private volatile long originNanos;
    private volatile boolean running;
    private volatile int epoch;

    public InternalTransport(NanoClock clock, double bpm) {
        if (!(bpm >= 20 && bpm <= 400)) {
            throw new BridgeException("invalid tempo: " + bpm + " BPM (expected 20..400)");
        }
        this.clock = clock;
        this.bpm = bpm;
        this.nanosPerQuarter = 60e9 / bpm;
    }

    /** Starts the song at step 0, {@code delayNanos} from now (time for the first steps to be generated). */
    public void start(long delayNanos) {
        originNanos = clock.nanos() + delayNanos;
        running = true;
        epoch++;
    }

    public void stop() {
        running = false;
        epoch++;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public boolean running() {
        return running;
    }

    @Override
    public long firstStep(int stepsPerQuarter, long nowNanos) {
        double stepNanos = nanosPerQuarter / stepsPerQuarter;
        long elapsed = nowNanos - originNanos;
        return elapsed <= 0 ? 0 : (long) Math.ceil(elapsed / stepNanos);
    }

    @Override
    public long stepNanos(long step, int stepsPerQuarter) {
        return originNanos + Math.round(step * nanosPerQuarter / stepsPerQuarter);
    }

    @Override
    public double bpm() {
        return bpm;
    }
}
