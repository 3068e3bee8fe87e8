package dev.cadenza.engine.roll;

import java.util.Arrays;

/**
 * One step of a piano roll: a {@link Cell} code and a velocity (0 = unspecified) per pitch of a
 * range. Frames are allocated once and reused: everything but the constructor and
 * {@link #toString()} is real-time safe.
 */
public final class Frame {
    private final PitchRange range;
    private final byte[] cells;
    private final byte[] velocities;

    public Frame(PitchRange range) {
        this.range = range;
        this.cells = new byte[range.size()];
        this.velocities = new byte[range.size()];
    }

    public PitchRange range() {
        return range;
    }

    public int size() {
        return cells.length;
    }

    /** Cell code at pitch index {@code i} (see {@link Cell#code()}). */
    public byte cell(int i) {
        return cells[i];
    }

    /** Whether the pitch at index {@code i} sounds (held or struck). */
    public boolean sounding(int i) {
        return cells[i] != Cell.SILENT_CODE;
    }

    public boolean struck(int i) {
        return cells[i] == Cell.STRUCK_CODE;
    }

    /** Velocity at index {@code i}, 1..127, or 0 when the source had none. */
    public int velocity(int i) {
        return velocities[i];
    }

    public void set(int i, Cell cell) {
        cells[i] = cell.code();
    }

    public void setCode(int i, byte code) {
        cells[i] = code;
    }

    public void setVelocity(int i, int velocity) {
        velocities[i] = (byte) velocity;
    }

    /** Number of sounding pitches. */
    public int countSounding() {
        int n = 0;
        for (byte c : cells) {
            if (c != Cell.SILENT_CODE) {
                n++;
            }
        }
        return n;
    }

    public void clear() {
        Arrays.fill(cells, Cell.SILENT_CODE);
        Arrays.fill(velocities, (byte) 0);
    }

    /** Copies cells and velocities from a frame of the same range. */
    public void copyFrom(Frame other) {
        if (!other.range.equals(range)) {
            throw new IllegalArgumentException("frame range " + other.range + " differs from " + range);
        }
        copyTransposed(other);
    }

    /**
     * Copies cells and velocities index by index from a frame of as many pitches whose range may lie
     * higher or lower: what sounds at {@code other}'s i-th pitch sounds at this frame's i-th.
     */
    public void copyTransposed(Frame other) {
        if (other.cells.length != cells.length) {
            throw new IllegalArgumentException("frame range " + other.range + " has " + other.cells.length
                    + " pitches, " + range + " has " + cells.length);
        }
        System.arraycopy(other.cells, 0, cells, 0, cells.length);
        System.arraycopy(other.velocities, 0, velocities, 0, velocities.length);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(cells.length);
        for (byte c : cells) {
            s.append(c == Cell.SILENT_CODE ? '.' : c == Cell.HELD_CODE ? '-' : '|');
        }
        return s.toString();
    }
}
