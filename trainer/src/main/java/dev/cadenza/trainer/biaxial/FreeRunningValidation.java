package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.biaxial.BiaxialModel;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.judge.Comparison;
import dev.cadenza.trainer.judge.Excerpts;
import dev.cadenza.trainer.judge.Judge;
import java.util.List;

/**
 * What a model in training plays on its own, judged against the validation split: the judge's
 * summary overlap ({@link Judge#versus}) of {@value #SAMPLES} excerpts of {@value #BARS} bars drawn
 * at temperature 1 (the sampling defaults are chosen afterwards, on the same split), the same seeds
 * every epoch. Teacher-forced log-likelihood cannot see a model that drones or drops voices when it
 * hears itself; this can, so it may choose the epoch to keep.
 */
final class FreeRunningValidation {
    static final int SAMPLES = 30;
    static final int BARS = 16;
    private static final long SEED = 1;

    private FreeRunningValidation() {
    }

    static Comparison judge(BiaxialWeights weights, List<PianoRoll> valid) {
        try (BiaxialModel model = new BiaxialModel(weights)) {
            List<PianoRoll> excerpts = Excerpts.generate(model, new Controls(weights.config.range()), SAMPLES, BARS,
                    SEED);
            return Judge.versus(excerpts, valid, BARS, SEED);
        }
    }
}
