package dev.cadenza.cli.toy;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.ModelKind;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;

/**
 * A third model kind, for tests only: it plays the pitches of its one array, {@code pattern}, one a
 * step, round and round. It shows what adding a model takes: this package and one line in
 * {@code META-INF/services/dev.cadenza.engine.model.ModelKind}; nothing else in the product
 * changes for {@code cadenza info} and {@code cadenza generate} to take its presets.
 */
public final class ToyKind implements ModelKind {
    public static final String ID = "toy";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a toy that plays its pattern round and round (tests only)";
    }

    @Override
    public StepModel load(Preset preset) {
        float[] pattern = preset.tensor("pattern").data();
        PitchRange range = preset.manifest().range();
        for (float pitch : pattern) {
            if (!range.contains((int) pitch)) {
                throw new EngineException("preset " + preset.manifest().name() + ": pitch " + pitch + " is outside "
                        + range);
            }
        }
        return new StepModel() {
            private int step;

            @Override
            public PitchRange range() {
                return range;
            }

            @Override
            public int stepsPerQuarter() {
                return preset.manifest().stepsPerQuarter();
            }

            @Override
            public void reset(long seed) {
                step = 0;
            }

            @Override
            public void observe(Frame played) {
                step++;
            }

            @Override
            public void sample(Controls controls, Frame out) {
                out.clear();
                out.setCode(range.index((int) pattern[step % pattern.length]), Cell.STRUCK_CODE);
                step++;
            }
        };
    }
}
