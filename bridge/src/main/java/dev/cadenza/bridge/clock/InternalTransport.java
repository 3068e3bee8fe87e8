package dev.cadenza.bridge.clock;

import dev.cadenza.bridge.BridgeException;

/**
 * The internal clock: step 0 at {@link #start}, then the tempo, which the live controls may change
 * while it runs ({@link #proposeTempo}): the beat reached at that moment is kept and the steps
 * after it come at the new tempo. Cadenza is the master; the engine may also send MIDI clock from it.
 *
 * <p>Thread contract: {@link #start}, {@link #stop} and {@link #proposeTempo} on control threads
 * (the terminal's, a MIDI input's, the live view's: they take turns on this object's lock); the rest
 * is real-time safe, lock-free, and may be read from any thread (one immutable grid, swapped whole).
 */
public final class InternalTransport implements Transport {
    private final NanoClock clock;
    private volatile Grid grid;
    private volatile boolean running;
    private volatile int epoch;

    /** Beat {@code anchorBeat} at {@code anchorNanos}, then {@code bpm} beats a minute. */
    private record Grid(long anchorNanos, double anchorBeat, double bpm) {
        double nanosPerQuarter() {
            return 60e9 / bpm;
        }

        double beatAt(long nanos) {
            return anchorBeat + (nanos - anchorNanos) / nanosPerQuarter();
        }
    }

    public InternalTransport(NanoClock clock, double bpm) {
        this.clock = clock;
        this.grid = new Grid(0, 0, checkTempo(bpm));
    }

    /** {@code bpm} when the internal clock can keep it, else an exception naming the range. */
    public static double checkTempo(double bpm) {
        if (!(bpm >= MIN_BPM && bpm <= MAX_BPM)) {
            throw new BridgeException("invalid tempo: " + bpm + " BPM (expected " + (int) MIN_BPM + ".."
                    + (int) MAX_BPM + ")");
        }
        return bpm;
    }

    /** Starts the song at step 0, {@code delayNanos} from now (time for the first steps to be generated). */
    public synchronized void start(long delayNanos) {
        grid = new Grid(clock.nanos() + delayNanos, 0, grid.bpm());
        running = true;
        epoch++;
    }

    public void stop() {
        running = false;
        epoch++;
    }

    @Override
    public boolean tempoAdjustable() {
        return true;
    }

    /**
     * From now on (or from the song's start, when it has not started yet) {@code bpm}, the beat
     * reached now kept. Steps generated ahead keep their times; the ones after them follow the new
     * grid.
     */
    @Override
    public synchronized void proposeTempo(double bpm) {
        checkTempo(bpm);
        Grid g = grid;
        long at = Math.max(clock.nanos(), g.anchorNanos());
        grid = new Grid(at, g.beatAt(at), bpm);
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
        Grid g = grid;
        long elapsed = nowNanos - g.anchorNanos();
        double steps = g.anchorBeat() * stepsPerQuarter + elapsed / (g.nanosPerQuarter() / stepsPerQuarter);
        return steps <= 0 ? 0 : (long) Math.ceil(steps);
    }

    @Override
    public long stepNanos(long step, int stepsPerQuarter) {
        Grid g = grid;
        return g.anchorNanos() + Math.round((step - g.anchorBeat() * stepsPerQuarter) * g.nanosPerQuarter()
                / stepsPerQuarter);
    }

    @Override
    public double bpm() {
        return grid.bpm();
    }
}
