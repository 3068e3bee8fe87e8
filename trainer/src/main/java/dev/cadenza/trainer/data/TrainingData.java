package dev.cadenza.trainer.data;

import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;

/**
 * What a run trains on: the pieces of the train and validation splits, their pitch range and grid,
 * and where they came from (for the preset's provenance).
 */
public record TrainingData(String name, String sha256, PitchRange range, int stepsPerQuarter,
        List<PianoRoll> train, List<PianoRoll> valid) {
}
