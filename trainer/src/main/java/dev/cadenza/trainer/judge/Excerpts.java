package dev.cadenza.trainer.judge;

import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Generation;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.TrainerException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Excerpts on the judge's grid: {@link #STEPS_PER_QUARTER} steps per quarter note, bars of four
 * quarters. A roll on a coarser grid that divides it is spread out (a struck step becomes a struck
 * sixteenth followed by held ones), so a quarter-note chorale and a sixteenth-note one compare
 * note for note. Stateless.
 */
public final class Excerpts {
    /** The judge's grid: sixteenth notes. */
    public static final int STEPS_PER_QUARTER = 4;
    /** Steps in a bar of four quarters on that grid. */
    public static final int STEPS_PER_BAR = 4 * STEPS_PER_QUARTER;

    private Excerpts() {}

    /** {@code roll} on the judge's grid (the roll itself when it is on it already). */
    public static PianoRoll onSixteenths(PianoRoll roll) {
        int spq = roll.stepsPerQuarter();
        if (spq == STEPS_PER_QUARTER) {
            return roll;
        }
        if (STEPS_PER_QUARTER % spq != 0) {
            throw new TrainerException("cannot judge a roll of " + spq + " steps per quarter note (expected 1, 2 or 4,"
                    + " which a sixteenth-note grid divides)");
        }
        int factor = STEPS_PER_QUARTER / spq;
        PianoRoll out = new PianoRoll(roll.range(), STEPS_PER_QUARTER, roll.length() * factor);
        int width = roll.range().size();
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < width; i++) {
                Cell cell = roll.cell(t, i);
                if (cell == Cell.SILENT) {
                    continue;
                }
                out.set(t * factor, i, cell);
                for (int k = 1; k < factor; k++) {
                    out.set(t * factor + k, i, Cell.HELD);
                }
            }
        }
        return out;
    }

    /**
     * {@code count} excerpts of {@code bars} bars drawn from {@code pieces} (each put on the judge's
     * grid): a piece at random among those long enough, then a start at random on a quarter note.
     * The same pieces and seed give the same excerpts.
     *
     * @throws TrainerException when no piece is {@code bars} bars long
     */
    public static List<PianoRoll> draw(List<PianoRoll> pieces, int count, int bars, long seed) {
        int steps = bars * STEPS_PER_BAR;
        List<PianoRoll> longEnough = new ArrayList<>();
        for (PianoRoll piece : pieces) {
            PianoRoll onGrid = onSixteenths(piece);
            if (onGrid.length() >= steps) {
                longEnough.add(onGrid);
            }
        }
        if (longEnough.isEmpty()) {
            throw new TrainerException("no piece of the " + pieces.size() + " given is " + bars
                    + " bars of 4/4 long (ask for fewer --bars)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<PianoRoll> excerpts = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            PianoRoll piece = longEnough.get(random.nextInt(longEnough.size()));
            int quarters = (piece.length() - steps) / STEPS_PER_QUARTER;
            int start = random.nextInt(quarters + 1) * STEPS_PER_QUARTER;
            excerpts.add(piece.slice(start, steps));
        }
        return excerpts;
    }

    /**
     * Consecutive excerpts of {@code bars} bars from the start of each of {@code pieces} (a live
     * recording, MIDI files given to judge); a piece shorter than one excerpt gives itself whole.
     */
    public static List<PianoRoll> cut(List<PianoRoll> pieces, int bars) {
        int steps = bars * STEPS_PER_BAR;
        List<PianoRoll> excerpts = new ArrayList<>();
        for (PianoRoll piece : pieces) {
            PianoRoll onGrid = onSixteenths(piece);
            if (onGrid.length() < steps) {
                excerpts.add(onGrid);
                continue;
            }
            for (int start = 0; start + steps <= onGrid.length(); start += steps) {
                excerpts.add(onGrid.slice(start, steps));
            }
        }
        return excerpts;
    }

    /**
     * {@code count} excerpts of {@code bars} bars that {@code model} plays on its own from its
     * initial state, as {@code cadenza generate} does, excerpt n with seed {@code seed + n}.
     */
    public static List<PianoRoll> generate(StepModel model, Controls controls, int count, int bars, long seed) {
        if (STEPS_PER_QUARTER % model.stepsPerQuarter() != 0) {
            throw new TrainerException("cannot judge a model of " + model.stepsPerQuarter()
                    + " steps per quarter note (expected 1, 2 or 4)");
        }
        int steps = bars * 4 * model.stepsPerQuarter();
        List<PianoRoll> excerpts = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            excerpts.add(onSixteenths(Generation.generate(model, controls, null, steps, seed + n)));
        }
        return excerpts;
    }
}
