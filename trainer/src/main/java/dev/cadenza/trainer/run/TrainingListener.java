package dev.cadenza.trainer.run;

/**
 * Hears a training run's progress: the CLI draws a progress bar from it, tests stay quiet. Called
 * on the training thread; keep implementations quick.
 */
public interface TrainingListener {

    /** A silent listener. */
    TrainingListener NONE = new TrainingListener() {
    };

    /** The run reports {@code figure} as each epoch's {@link EpochStats#validation}; said once, before the first epoch. */
    default void validatingBy(ValidationFigure figure) {
    }

    /** A phase begins ("pretraining", "epoch 3/200", ...) with {@code batches} batches to go. */
    default void phaseStarted(String phase, int batches) {
    }

    /** A batch is done; {@code frames} is the running frame count, {@code cost} the running mean. */
    default void batchDone(long frames, double cost, double framesPerSecond) {
    }

    default void epochDone(EpochStats stats) {
    }

    /** A line worth showing (resumed from a checkpoint, stopped early, ...). */
    default void message(String text) {
    }
}
