package dev.cadenza.bridge.clock;

import dev.cadenza.bridge.BridgeException;
import java.util.concurrent.locks.StampedLock;

/**
 * Follows an external MIDI clock (the DAW as master): 24 pulses (0xF8) per quarter note, Start
 * (0xFA), Continue (0xFB), Stop (0xFC) and Song Position Pointer (0xF2, in sixteenth notes).
 *
 * <p>Tempo and phase come from a least-squares line through the arrival times of recent pulses
 * against their pulse numbers: its slope is the pulse period, and the line, not the last raw pulse,
 * predicts when a future pulse falls, so jitter is averaged away. While the tempo holds the line
 * spans {@link #DEFAULT_WINDOW_PULSES} pulses (four beats). When the newest
 * {@value #BIAS_PULSES} pulses sit off the line on one side by more than jitter explains (four
 * standard errors of the jitter measured over the last beat), the tempo has changed: the fit
 * restarts from the last beat ({@link #CHANGE_WINDOW_PULSES} pulses), so a change is wholly taken
 * in within one beat, and the window grows back as the new tempo holds. A gap of more than
 * {@link #GAP_PERIODS} periods (a DAW that pauses its clock) restarts the fit. The pulses keep
 * coming while the DAW is stopped on most hosts and keep the estimate fresh; the song position
 * only moves while running. Measured errors are stated in {@code ClockFollowerTest}.
 *
 * <p>Steps land on the DAW's grid: step {@code s} at {@code stepsPerQuarter} is song pulse
 * {@code s·24/stepsPerQuarter}.
 *
 * <p>Thread contract: {@link #onMessage} and {@link #onSongPosition} on the MIDI input thread only
 * (one writer); the {@link Transport} methods from any thread, lock-free (an optimistic read that
 * retries if a pulse landed meanwhile) and allocation-free.
 */
public final class ClockFollower implements Transport {
    public static final int PULSES_PER_QUARTER = 24;
    /** The longest fit: four beats of pulses while the tempo holds. */
    public static final int DEFAULT_WINDOW_PULSES = 96;
    /** The fit after a detected tempo change: the last beat. */
    public static final int CHANGE_WINDOW_PULSES = 24;
    /** The newest pulses whose mean residual tells a tempo change from jitter. */
    private static final int BIAS_PULSES = 12;
    private static final double BIAS_SIGMAS = 4.0;
    private static final double MIN_BIAS_NANOS = 150_000;
    /** A pause longer than this many pulse periods restarts the tempo fit. */
    public static final double GAP_PERIODS = 4.0;

    public static final int TIMING_CLOCK = 0xF8;
    public static final int START = 0xFA;
    public static final int CONTINUE = 0xFB;
    public static final int STOP = 0xFC;
    public static final int SONG_POSITION = 0xF2;

    // writer-only state (MIDI input thread)
    private final long[] windowNanos;
    private final long[] windowTicks;
    private int windowCount;
    private int windowNext;
    private long tick = -1;
    private long lastPulseNanos;
    /** Song pulse that the next received pulse will carry once armed by Start/Continue. */
    private long pendingPosition;
    private boolean armed;
    private long lastTick = -1;
    private double fitMeanTick;
    private double fitMeanNanos;
    private double fitSlope;
    private int changesDetected;

    // published state, written under the write lock, read optimistically
    private final StampedLock lock = new StampedLock();
    private double refTick;
    private double refNanos;
    private double periodNanos;
    private long startTick;
    private long startPosition;
    private boolean runningNow;
    private volatile int epoch;

    public ClockFollower() {
        this(DEFAULT_WINDOW_PULSES);
    }

    public ClockFollower(int windowPulses) {
        if (windowPulses < CHANGE_WINDOW_PULSES || windowPulses > 384) {
            throw new BridgeException("invalid clock window: " + windowPulses + " pulses (expected "
                    + CHANGE_WINDOW_PULSES + "..384)");
        }
        windowNanos = new long[windowPulses];
        windowTicks = new long[windowPulses];
    }

    /**
     * One system real-time message (0xF8, 0xFA, 0xFB, 0xFC; others are ignored) that arrived at
     * {@code nanos} on the stream's clock. MIDI input thread only; allocation-free.
     */
    public void onMessage(int status, long nanos) {
        switch (status) {
            case TIMING_CLOCK -> pulse(nanos);
            case START -> transport(0L, true, nanos);
            case CONTINUE -> transport(-1L, true, nanos);
            case STOP -> transport(-1L, false, nanos);
            default -> {
                // other messages are not the clock's business
            }
        }
    }

    /**
     * Song Position Pointer: the position in sixteenth notes (0..16383), where the next Continue
     * resumes (or, sent while running, where the next pulse lands). MIDI input thread only.
     */
    public void onSongPosition(int sixteenths) {
        if (sixteenths < 0 || sixteenths > 16383) {
            throw new BridgeException("invalid song position: " + sixteenths + " sixteenths (expected 0..16383)");
        }
        long stamp = lock.writeLock();
        try {
            pendingPosition = sixteenths * 6L;
            if (runningNow) {
                armed = true;
                runningNow = false;
            }
            epoch++;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /**
     * Start ({@code position} 0), Continue (-1: from where it stopped) or Stop, at {@code nanos}.
     * When the clock has been running up to now (most DAWs send it while stopped), the next pulse
     * is already predicted, so the song runs at once and its first step can be generated ahead of
     * that pulse; otherwise it runs from the first pulse that arrives.
     */
    private void transport(long position, boolean run, long nanos) {
        long stamp = lock.writeLock();
        try {
            if (runningNow) {
                pendingPosition = startPosition + (lastTick - startTick) + 1;
            }
            if (position >= 0) {
                pendingPosition = position;
            }
            boolean fresh = periodNanos > 0 && tick >= 0 && nanos - lastPulseNanos < 2 * periodNanos;
            if (run && fresh) {
                startTick = lastTick + 1;
                startPosition = pendingPosition;
                armed = false;
                runningNow = true;
            } else {
                armed = run;
                runningNow = false; // until the first pulse after Start/Continue
            }
            epoch++;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    private void pulse(long nanos) {
        if (tick >= 0 && periodNanos > 0 && nanos - lastPulseNanos > GAP_PERIODS * periodNanos) {
            windowCount = 0; // a pause: the old line no longer holds
        }
        tick++;
        lastPulseNanos = nanos;
        windowNanos[windowNext] = nanos;
        windowTicks[windowNext] = tick;
        windowNext = (windowNext + 1) % windowNanos.length;
        if (windowCount < windowNanos.length) {
            windowCount++;
        }
        fit(windowCount, nanos);
        if (windowCount > CHANGE_WINDOW_PULSES) {
            // has the tempo changed? the newest pulses then sit off the long line, all on one side
            double bias = meanResidual(BIAS_PULSES, nanos);
            fit(CHANGE_WINDOW_PULSES, nanos);
            double noise = rmsResidual(CHANGE_WINDOW_PULSES, nanos);
            if (Math.abs(bias) > Math.max(MIN_BIAS_NANOS, BIAS_SIGMAS * noise / Math.sqrt(BIAS_PULSES))) {
                windowCount = CHANGE_WINDOW_PULSES; // start again from the last beat
                changesDetected++;
            } else {
                fit(windowCount, nanos);
            }
        }
        long stamp = lock.writeLock();
        try {
            if (windowCount >= 2) {
                periodNanos = fitSlope;
            }
            // with one pulse after a pause, the line goes through it at the last known slope
            refTick = tick + fitMeanTick;
            refNanos = nanos + fitMeanNanos;
            lastTick = tick;
            if (armed) {
                armed = false;
                startTick = tick;
                startPosition = pendingPosition;
                runningNow = true;
                epoch++;
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Least squares of nanos against tick over the newest {@code n} pulses, centred for precision. */
    private void fit(int n, long nanos) {
        double meanTick = 0;
        double meanNanos = 0;
        for (int k = 0; k < n; k++) {
            int i = Math.floorMod(windowNext - 1 - k, windowNanos.length);
            meanTick += windowTicks[i] - tick;
            meanNanos += windowNanos[i] - nanos;
        }
        meanTick /= n;
        meanNanos /= n;
        double slope = periodNanos;
        if (n >= 2) {
            double sxy = 0;
            double sxx = 0;
            for (int k = 0; k < n; k++) {
                int i = Math.floorMod(windowNext - 1 - k, windowNanos.length);
                double dx = windowTicks[i] - tick - meanTick;
                sxy += dx * (windowNanos[i] - nanos - meanNanos);
                sxx += dx * dx;
            }
            slope = sxy / sxx;
        }
        fitMeanTick = meanTick;
        fitMeanNanos = meanNanos;
        fitSlope = slope;
    }

    private double residual(int k, long nanos) {
        int i = Math.floorMod(windowNext - 1 - k, windowNanos.length);
        double predicted = fitMeanNanos + (windowTicks[i] - tick - fitMeanTick) * fitSlope;
        return windowNanos[i] - nanos - predicted;
    }

    private double meanResidual(int n, long nanos) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += residual(k, nanos);
        }
        return sum / n;
    }

    private double rmsResidual(int n, long nanos) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double r = residual(k, nanos);
            sum += r * r;
        }
        return Math.sqrt(sum / Math.max(1, n - 2));
    }

    /** Tempo changes detected so far (each restarts the fit from the last beat). */
    public int changesDetected() {
        return changesDetected;
    }

    @Override
    public int epoch() {
        return epoch;
    }

    /** Running, with a tempo estimate to predict from. */
    @Override
    public boolean running() {
        long stamp = lock.tryOptimisticRead();
        boolean result = runningNow && periodNanos > 0;
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                result = runningNow && periodNanos > 0;
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return result;
    }

    @Override
    public long firstStep(int stepsPerQuarter, long nowNanos) {
        int pulsesPerStep = pulsesPerStep(stepsPerQuarter);
        long step;
        long position;
        while (true) {
            long stamp = lock.tryOptimisticRead();
            position = startPosition + (lastTick - startTick);
            if (lock.validate(stamp)) {
                break;
            }
        }
        step = Math.floorDiv(position + pulsesPerStep - 1, pulsesPerStep);
        while (stepNanos(step, stepsPerQuarter) <= nowNanos) {
            step++;
        }
        return step;
    }

    @Override
    public long stepNanos(long step, int stepsPerQuarter) {
        return songPulseNanos(step * pulsesPerStep(stepsPerQuarter));
    }

    /** Predicted arrival of song pulse {@code position} on the stream's clock. */
    public long songPulseNanos(long position) {
        while (true) {
            long stamp = lock.tryOptimisticRead();
            double t = refNanos + (startTick + (position - startPosition) - refTick) * periodNanos;
            if (lock.validate(stamp)) {
                return Math.round(t);
            }
        }
    }

    /** Estimated pulse period in nanoseconds (0 before two pulses). */
    public double periodNanos() {
        while (true) {
            long stamp = lock.tryOptimisticRead();
            double p = periodNanos;
            if (lock.validate(stamp)) {
                return p;
            }
        }
    }

    @Override
    public double bpm() {
        double p = periodNanos();
        return p > 0 ? 60e9 / (p * PULSES_PER_QUARTER) : 0;
    }

    private static int pulsesPerStep(int stepsPerQuarter) {
        if (stepsPerQuarter < 1 || PULSES_PER_QUARTER % stepsPerQuarter != 0) {
            throw new BridgeException("invalid grid for MIDI clock: " + stepsPerQuarter
                    + " steps per quarter (expected a divisor of 24: 1, 2, 3, 4, 6, 8, 12 or 24)");
        }
        return PULSES_PER_QUARTER / stepsPerQuarter;
    }
}
