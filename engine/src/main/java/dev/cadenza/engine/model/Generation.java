package dev.cadenza.engine.model;

import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;

/** Offline generation: runs a step model for a number of steps into a piano roll. */
public final class Generation {
    private Generation() {
    }

    /**
     * Resets {@code model} with {@code seed}, lets it observe every step of {@code primer} (may be
     * null; it must have the model's range), then samples {@code steps} steps under
     * {@code controls}. The result holds only the sampled steps, on the model's grid.
     */
    public static PianoRoll generate(StepModel model, Controls controls, PianoRoll primer, int steps, long seed) {
        if (steps < 0) {
            throw new IllegalArgumentException("invalid step count: " + steps + " (expected 0 or more)");
        }
        model.reset(seed);
        Frame frame = new Frame(model.range());
        if (primer != null) {
            for (int t = 0; t < primer.length(); t++) {
                primer.frame(t, frame);
                model.observe(frame);
            }
        }
        PianoRoll roll = new PianoRoll(model.range(), model.stepsPerQuarter());
        for (int t = 0; t < steps; t++) {
            model.sample(controls, frame);
            roll.append(frame);
        }
        return roll;
    }
}
