package dev.cadenza.trainer.optim;

/**
 * Training met a cost or a gradient that is not a finite number. The trainers check every batch
 * before its update ({@link #check}), so a run stops at the first such batch with the weights,
 * the best weights and the checkpoints as they were after the last good epoch.
 */
public final class TrainingDiverged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private TrainingDiverged(String message) {
        super(message);
    }

    /**
     * Throws when {@code cost} or {@code gradientNorm} of batch {@code batch} (from 0) in
     * {@code phase} (e.g. "epoch 3/200") is NaN or infinite.
     */
    public static void check(double cost, double gradientNorm, String phase, int batch) {
        if (Double.isFinite(cost) && Double.isFinite(gradientNorm)) {
            return;
        }
        String what = !Double.isFinite(cost) ? "the cost is " + cost : "the gradient's norm is " + gradientNorm;
        throw new TrainingDiverged("training diverged in " + phase + ", batch " + (batch + 1) + ": " + what
                + " (try a smaller --learning-rate); stopped before that batch's update, so a checkpoint of the"
                + " epoch before stands");
    }
}
