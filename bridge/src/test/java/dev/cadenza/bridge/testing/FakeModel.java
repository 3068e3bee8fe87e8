package dev.cadenza.bridge.testing;

import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * A deterministic stand-in for a trained model: each step, every pitch of a small range is
 * silent, held (if it sounded) or struck, drawn from a seeded random source. Keeps the frames it
 * produced and the Gibbs steps it was asked for; can throw at a given step, and can run a hook
 * (e.g. advancing a manual clock to seem slow) while sampling.
 */
public final class FakeModel implements StepModel {
    public static final PitchRange RANGE = new PitchRange(60, 71);

    private final int stepsPerQuarter;
    private SplittableRandom random;
    private final boolean[] sounding = new boolean[RANGE.size()];
    private int step;
    private int throwAtStep = -1;
    private IntConsumer onSample = s -> { };
    public final List<String> frames = new ArrayList<>();
    public final List<Integer> gibbsAsked = new ArrayList<>();
    /** The frames observed (played), as {@link Frame#toString()} gives them. */
    public final List<String> observed = java.util.Collections.synchronizedList(new ArrayList<>());
    public int resets;

    public FakeModel(int stepsPerQuarter) {
        this.stepsPerQuarter = stepsPerQuarter;
    }

    public FakeModel throwAtStep(int value) {
        throwAtStep = value;
        return this;
    }

    /** Called with the step number at the start of each sample. */
    public FakeModel onSample(IntConsumer hook) {
        onSample = hook;
        return this;
    }

    @Override
    public PitchRange range() {
        return RANGE;
    }

    @Override
    public int stepsPerQuarter() {
        return stepsPerQuarter;
    }

    @Override
    public void reset(long seed) {
        random = new SplittableRandom(seed);
        java.util.Arrays.fill(sounding, false);
        step = 0;
        resets++;
    }

    @Override
    public void observe(Frame played) {
        observed.add(played.toString());
        for (int i = 0; i < sounding.length; i++) {
            sounding[i] = played.sounding(i);
        }
        step++;
    }

    @Override
    public void sample(Controls controls, Frame out) {
        onSample.accept(step);
        if (step == throwAtStep) {
            throw new IllegalStateException("fake model failure at step " + step);
        }
        gibbsAsked.add(controls.gibbsSteps());
        for (int i = 0; i < sounding.length; i++) {
            double r = random.nextDouble();
            Cell cell = r < 0.55 || !controls.allowed(i) ? Cell.SILENT
                    : r < 0.8 ? (sounding[i] ? Cell.HELD : Cell.STRUCK) : Cell.STRUCK;
            out.set(i, cell);
            out.setVelocity(i, 40 + i);
            sounding[i] = cell.sounding();
        }
        synchronized (frames) {
            frames.add(out.toString());
        }
        step++;
    }
}
