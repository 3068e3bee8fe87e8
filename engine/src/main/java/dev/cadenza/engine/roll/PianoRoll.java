package dev.cadenza.engine.roll;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A grid of steps by a {@link PitchRange}, each cell SILENT, HELD or STRUCK, with an optional
 * velocity per cell, plus the tempo and time-signature changes that a MIDI file carries. Steps are
 * beat-based: {@link #stepsPerQuarter()} steps per quarter note (default 4: sixteenth notes), so
 * tempo changes move steps in real time, never on the grid.
 *
 * <p>The roll grows as frames are appended. Not thread safe.
 */
public final class PianoRoll {
    /** Default grid: one step per sixteenth note. */
    public static final int DEFAULT_STEPS_PER_QUARTER = 4;
    /** 120 BPM. */
    public static final int DEFAULT_MICROS_PER_QUARTER = 500_000;

    /** A tempo change at a step. */
    public record Tempo(int step, int microsPerQuarter) {
        public Tempo {
            if (microsPerQuarter <= 0 || microsPerQuarter > 0xFFFFFF) {
                throw new IllegalArgumentException(
                        "invalid tempo: " + microsPerQuarter + " µs per quarter (expected 1..16777215)");
            }
        }

        public double bpm() {
            return 60_000_000.0 / microsPerQuarter;
        }
    }

    /** A time-signature change at a step, e.g. 3/4 as (3, 4). */
    public record TimeSignature(int step, int numerator, int denominator) {
        public TimeSignature {
            if (numerator < 1 || numerator > 255 || Integer.bitCount(denominator) != 1 || denominator > 128) {
                throw new IllegalArgumentException(
                        "invalid time signature: " + numerator + "/" + denominator
                                + " (expected 1..255 over a power of two up to 128)");
            }
        }
    }

    private final PitchRange range;
    private final int stepsPerQuarter;
    private final int width;
    private byte[] cells;
    private byte[] velocities;
    private int steps;
    private final List<Tempo> tempos = new ArrayList<>();
    private final List<TimeSignature> timeSignatures = new ArrayList<>();
    private int movedBy;

    public PianoRoll(PitchRange range, int stepsPerQuarter) {
        this(range, stepsPerQuarter, 0);
    }

    /** A roll of {@code steps} silent steps. */
    public PianoRoll(PitchRange range, int stepsPerQuarter, int steps) {
        if (stepsPerQuarter < 1 || stepsPerQuarter > 96) {
            throw new IllegalArgumentException("invalid steps per quarter: " + stepsPerQuarter + " (expected 1..96)");
        }
        if (steps < 0 || (long) Math.max(steps, 16) * range.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("invalid step count: " + steps + " (expected 0 to "
                    + (Integer.MAX_VALUE - 8) / range.size() + " steps of " + range.size() + " pitches)");
        }
        this.range = range;
        this.stepsPerQuarter = stepsPerQuarter;
        this.width = range.size();
        this.cells = new byte[Math.max(steps, 16) * width];
        this.velocities = new byte[cells.length];
        this.steps = steps;
    }

    public PitchRange range() {
        return range;
    }

    public int stepsPerQuarter() {
        return stepsPerQuarter;
    }

    /** Number of steps. */
    public int length() {
        return steps;
    }

    /** Cell code at (step, pitch index). */
    public byte code(int step, int index) {
        checkStep(step);
        return cells[step * width + index];
    }

    public Cell cell(int step, int index) {
        return Cell.of(code(step, index));
    }

    /** Whether the pitch at {@code index} sounds at {@code step}. */
    public boolean sounding(int step, int index) {
        return code(step, index) != Cell.SILENT_CODE;
    }

    /** Velocity at (step, pitch index): 1..127, or 0 when unspecified. */
    public int velocity(int step, int index) {
        checkStep(step);
        return velocities[step * width + index];
    }

    public void set(int step, int index, Cell cell) {
        checkStep(step);
        cells[step * width + index] = cell.code();
    }

    public void setVelocity(int step, int index, int velocity) {
        checkStep(step);
        if (velocity < 0 || velocity > 127) {
            throw new IllegalArgumentException("invalid velocity: " + velocity + " (expected 0..127)");
        }
        velocities[step * width + index] = (byte) velocity;
    }

    /** Extends the roll with silent steps up to {@code newLength} steps. */
    public void extendTo(int newLength) {
        if (newLength <= steps) {
            return;
        }
        ensureCapacity(newLength);
        steps = newLength;
    }

    /**
     * Steps {@code [from, from + count)} as a new roll of the same range and grid, cells and
     * velocities (a note sounding into {@code from} starts there held; tempos and time signatures
     * are not copied; how far the roll was moved is).
     */
    public PianoRoll slice(int from, int count) {
        if (from < 0 || count < 0 || from + count > steps) {
            throw new IllegalArgumentException("invalid slice: " + count + " steps from step " + from + " (the roll has "
                    + steps + ")");
        }
        PianoRoll out = new PianoRoll(range, stepsPerQuarter, count);
        System.arraycopy(cells, from * width, out.cells, 0, count * width);
        System.arraycopy(velocities, from * width, out.velocities, 0, count * width);
        out.movedBy = movedBy;
        return out;
    }

    /** Appends a copy of {@code frame} (same range) as a new last step. */
    public void append(Frame frame) {
        if (!frame.range().equals(range)) {
            throw new IllegalArgumentException("frame range " + frame.range() + " differs from roll range " + range);
        }
        ensureCapacity(steps + 1);
        int base = steps * width;
        for (int i = 0; i < width; i++) {
            cells[base + i] = frame.cell(i);
            velocities[base + i] = (byte) frame.velocity(i);
        }
        steps++;
    }

    /** Copies step {@code step} into {@code out} (same range). */
    public void frame(int step, Frame out) {
        checkStep(step);
        int base = step * width;
        for (int i = 0; i < width; i++) {
            out.setCode(i, cells[base + i]);
            out.setVelocity(i, velocities[base + i]);
        }
    }

    public List<Tempo> tempos() {
        return List.copyOf(tempos);
    }

    public List<TimeSignature> timeSignatures() {
        return List.copyOf(timeSignatures);
    }

    /** Adds a tempo change; a later change at the same step replaces the earlier one. */
    public void addTempo(Tempo tempo) {
        tempos.removeIf(t -> t.step() == tempo.step());
        tempos.add(tempo);
        tempos.sort((a, b) -> Integer.compare(a.step(), b.step()));
    }

    /** Adds a time-signature change; a later change at the same step replaces the earlier one. */
    public void addTimeSignature(TimeSignature signature) {
        timeSignatures.removeIf(t -> t.step() == signature.step());
        timeSignatures.add(signature);
        timeSignatures.sort((a, b) -> Integer.compare(a.step(), b.step()));
    }

    /**
     * Semitones this roll's music was moved from where it was read (a piece moved to another key
     * for training; 0 as read): a model that learns music moved to C hears from it the key the
     * piece came from.
     */
    public int movedBy() {
        return movedBy;
    }

    /** Records how far this roll's music was moved from where it was read (see {@link #movedBy()}). */
    public void setMovedBy(int semitones) {
        movedBy = semitones;
    }

    /** Tempo in force at step 0, or 120 BPM when the roll has none. */
    public int initialMicrosPerQuarter() {
        return tempos.isEmpty() || tempos.get(0).step() > 0 ? DEFAULT_MICROS_PER_QUARTER : tempos.get(0).microsPerQuarter();
    }

    /** Number of sounding cells over the whole roll. */
    public long countSounding() {
        long n = 0;
        for (int i = 0; i < steps * width; i++) {
            if (cells[i] != Cell.SILENT_CODE) {
                n++;
            }
        }
        return n;
    }

    /** Same grid, cells, velocities, tempos and time signatures. */
    public boolean sameAs(PianoRoll other) {
        return other.range.equals(range)
                && other.stepsPerQuarter == stepsPerQuarter
                && other.steps == steps
                && Arrays.equals(cells, 0, steps * width, other.cells, 0, steps * width)
                && Arrays.equals(velocities, 0, steps * width, other.velocities, 0, steps * width)
                && other.tempos.equals(tempos)
                && other.timeSignatures.equals(timeSignatures);
    }

    /** Same grid and cells; velocities, tempos and time signatures are ignored. */
    public boolean sameNotes(PianoRoll other) {
        return other.range.equals(range)
                && other.stepsPerQuarter == stepsPerQuarter
                && other.steps == steps
                && Arrays.equals(cells, 0, steps * width, other.cells, 0, steps * width);
    }

    /** One line per step, low pitches left: '.' silent, '-' held, '|' struck. For tests and debugging. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < width; i++) {
                byte c = cells[t * width + i];
                s.append(c == Cell.SILENT_CODE ? '.' : c == Cell.HELD_CODE ? '-' : '|');
            }
            s.append('\n');
        }
        return s.toString();
    }

    private void checkStep(int step) {
        if (step < 0 || step >= steps) {
            throw new IndexOutOfBoundsException("step " + step + " outside roll of " + steps + " steps");
        }
    }

    private void ensureCapacity(int stepCount) {
        if (stepCount * width > cells.length) {
            int capacity = Math.max(stepCount, cells.length / width * 2) * width;
            cells = Arrays.copyOf(cells, capacity);
            velocities = Arrays.copyOf(velocities, capacity);
        }
    }
}
