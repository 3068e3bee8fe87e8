package dev.cadenza.engine.roll;

/**
 * An inclusive range of MIDI pitches, {@code low..high}; index 0 is {@code low}.
 *
 * @param low lowest MIDI pitch, 0..127
 * @param high highest MIDI pitch, low..127
 */
public record PitchRange(int low, int high) {

    /** The 88 keys of a piano, A0 (21) to C8 (108): the range of the benchmark datasets. */
    public static final PitchRange PIANO = new PitchRange(21, 108);

    public PitchRange {
        if (low < 0 || low > 127) {
            throw new IllegalArgumentException("invalid low pitch: " + low + " (expected 0..127)");
        }
        if (high < low || high > 127) {
            throw new IllegalArgumentException("invalid high pitch: " + high + " (expected " + low + "..127)");
        }
    }

    /** Number of pitches in the range. */
    public int size() {
        return high - low + 1;
    }

    public boolean contains(int pitch) {
        return pitch >= low && pitch <= high;
    }

    /** Index of {@code pitch} in this range; the caller checks {@link #contains}. */
    public int index(int pitch) {
        return pitch - low;
    }

    /** MIDI pitch at {@code index}. */
    public int pitch(int index) {
        return low + index;
    }

    @Override
    public String toString() {
        return low + ".." + high;
    }
}
