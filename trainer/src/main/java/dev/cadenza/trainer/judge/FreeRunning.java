package dev.cadenza.trainer.judge;

import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.data.Transpositions;
import java.util.List;

/**
 * What a model in training plays on its own, judged against the validation split: the judge's
 * summary overlap ({@link Judge#versus}) of {@value #SAMPLES} excerpts of {@value #BARS} bars drawn
 * with the run's sampling controls (the plain ones, temperature 1 and the default Gibbs steps,
 * unless the run gives those the preset will play with), the same seeds every epoch. Teacher-forced figures
 * cannot see a model that drones, drops voices or drifts when it hears itself; this can, so it may
 * choose the epoch to keep. Any model kind. The validation pieces are judged as they were written
 * (a piece moved to other keys for training is moved back), as {@code cadenza judge} has them: a
 * model trained in C plays in C here, and the register it plays in is compared with where the
 * music was written.
 */
public final class FreeRunning {
    public static final int SAMPLES = 30;
    public static final int BARS = 16;
    private static final long SEED = 1;

    private FreeRunning() {
    }

    /** {@code model} (reset by each excerpt), drawn with {@code sampling}, against {@code valid}. */
    public static Comparison judge(StepModel model, Sampling sampling, List<PianoRoll> valid) {
        List<PianoRoll> excerpts = Excerpts.generate(model, sampling.applyTo(model.newControls()), SAMPLES, BARS, SEED);
        return Judge.versus(excerpts, Transpositions.asWritten(valid), BARS, SEED);
    }
}
