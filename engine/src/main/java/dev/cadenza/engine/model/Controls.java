package dev.cadenza.engine.model;

import dev.cadenza.engine.roll.PitchRange;
import java.util.Arrays;

/**
 * The knobs of one sampling step, shared by every model. Each knob has one range, defined here and
 * used everywhere (the command line, a preset's defaults, terminal keys and MIDI knobs): a value
 * outside it is refused with the range, never clamped silently. Allocated once per stream; the setters
 * validate and are meant for the thread that owns the model (live controls are handed over to that
 * thread before a step, so a change takes effect at the next step).
 *
 * <ul>
 *   <li>temperature: scales the models' log-odds (energies) by {@code 1/temperature}; 1 is the
 *       trained distribution, lower is more conservative, higher wilder.
 *   <li>gibbsSteps: sampling iterations for RBM-based models (default 25); ignored by others.
 *   <li>likelyFrame: whether an RBM-based model's chain ends with the likely notes given its last
 *       hidden draw (each note more probable than not) instead of a draw of each note, which
 *       leaves out the stray notes that independent draws of every note add (default off);
 *       ignored by others.
 *   <li>densityBias: added to every note's log-odds of sounding; positive gives more notes.
 *   <li>allowed: pitches that may sound; others are forced silent.
 *   <li>clamped: pitches that must sound in this step; the rest are sampled conditionally on them.
 * </ul>
 */
public final class Controls {
    public static final int DEFAULT_GIBBS_STEPS = 25;
    public static final double MIN_TEMPERATURE = 0.25;
    public static final double MAX_TEMPERATURE = 4;
    public static final double MIN_DENSITY = -4;
    public static final double MAX_DENSITY = 4;
    public static final int MIN_GIBBS_STEPS = 1;
    public static final int MAX_GIBBS_STEPS = 400;

    private final PitchRange range;
    private double temperature = 1.0;
    private int gibbsSteps = DEFAULT_GIBBS_STEPS;
    private boolean likelyFrame;
    private double densityBias;
    private final boolean[] allowed;
    private final boolean[] clamped;
    private int clampedCount;

    public Controls(PitchRange range) {
        this.range = range;
        this.allowed = new boolean[range.size()];
        this.clamped = new boolean[range.size()];
        Arrays.fill(allowed, true);
    }

    public PitchRange range() {
        return range;
    }

    public double temperature() {
        return temperature;
    }

    public Controls temperature(double value) {
        temperature = checkTemperature(value);
        return this;
    }

    /** {@code value} if it is a valid temperature (0.25..4), else an exception naming it. */
    public static double checkTemperature(double value) {
        if (!(value >= MIN_TEMPERATURE && value <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("invalid temperature: " + value + " (expected " + MIN_TEMPERATURE + ".."
                    + MAX_TEMPERATURE + ")");
        }
        return value;
    }

    /** {@code value} if it is a valid number of Gibbs steps (1..400), else an exception naming it. */
    public static int checkGibbsSteps(int value) {
        if (value < MIN_GIBBS_STEPS || value > MAX_GIBBS_STEPS) {
            throw new IllegalArgumentException("invalid Gibbs steps: " + value + " (expected " + MIN_GIBBS_STEPS + ".."
                    + MAX_GIBBS_STEPS + ")");
        }
        return value;
    }

    /** {@code value} if it is a valid density bias (-4..4), else an exception naming it. */
    public static double checkDensity(double value) {
        if (!(value >= MIN_DENSITY && value <= MAX_DENSITY)) {
            throw new IllegalArgumentException("invalid density: " + value + " (expected " + MIN_DENSITY + ".."
                    + MAX_DENSITY + ")");
        }
        return value;
    }

    public int gibbsSteps() {
        return gibbsSteps;
    }

    public Controls gibbsSteps(int value) {
        checkGibbsSteps(value);
        gibbsSteps = value;
        return this;
    }

    public boolean likelyFrame() {
        return likelyFrame;
    }

    public Controls likelyFrame(boolean value) {
        likelyFrame = value;
        return this;
    }

    public double densityBias() {
        return densityBias;
    }

    public Controls densityBias(double value) {
        densityBias = checkDensity(value);
        return this;
    }

    /** Whether the pitch at {@code index} of the range may sound. Real-time safe. */
    public boolean allowed(int index) {
        return allowed[index];
    }

    /** Whether the pitch at {@code index} must sound. Real-time safe. */
    public boolean clamped(int index) {
        return clamped[index];
    }

    public boolean anyClamped() {
        return clampedCount > 0;
    }

    /** Allows every pitch (the default). */
    public Controls allowAll() {
        Arrays.fill(allowed, true);
        return this;
    }

    /** Allows only the given pitch classes (0 = C .. 11 = B), e.g. a scale. */
    public Controls allowPitchClasses(int... pitchClasses) {
        int mask = 0;
        for (int pc : pitchClasses) {
            if (pc < 0 || pc > 11) {
                throw new IllegalArgumentException("invalid pitch class: " + pc + " (expected 0..11)");
            }
            mask |= 1 << pc;
        }
        return allowPitchClassMask(mask);
    }

    /**
     * Allows only the pitch classes whose bits are set in {@code mask} (bit 0 = C .. bit 11 = B;
     * {@link Scale#mask}). Real-time safe.
     */
    public Controls allowPitchClassMask(int mask) {
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = (mask >>> (range.pitch(i) % 12) & 1) != 0;
        }
        return this;
    }

    public Controls allow(int pitch, boolean value) {
        allowed[checkedIndex(pitch)] = value;
        return this;
    }

    /** Clamps (or releases) a MIDI pitch. Real-time safe. */
    public Controls clamp(int pitch, boolean value) {
        int i = checkedIndex(pitch);
        if (clamped[i] != value) {
            clamped[i] = value;
            clampedCount += value ? 1 : -1;
        }
        return this;
    }

    /** Releases every clamped pitch. Real-time safe. */
    public Controls clearClamped() {
        Arrays.fill(clamped, false);
        clampedCount = 0;
        return this;
    }

    /** Copies every setting from {@code other} (same range). Real-time safe. */
    public void copyFrom(Controls other) {
        if (!other.range.equals(range)) {
            throw new IllegalArgumentException("controls range " + other.range + " differs from " + range);
        }
        temperature = other.temperature;
        gibbsSteps = other.gibbsSteps;
        densityBias = other.densityBias;
        System.arraycopy(other.allowed, 0, allowed, 0, allowed.length);
        System.arraycopy(other.clamped, 0, clamped, 0, clamped.length);
        clampedCount = other.clampedCount;
    }

    private int checkedIndex(int pitch) {
        if (!range.contains(pitch)) {
            throw new IllegalArgumentException("pitch " + pitch + " outside the model's range " + range);
        }
        return range.index(pitch);
    }
}
