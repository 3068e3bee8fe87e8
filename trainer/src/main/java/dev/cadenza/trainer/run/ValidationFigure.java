package dev.cadenza.trainer.run;

/**
 * The figure on the validation split that chooses a run's best epoch and stops it early (higher is
 * better), and how it reads: each trainer says which it watches ({@link TrainingListener#validatingBy}).
 */
public enum ValidationFigure {
    /** The share of notes predicted right, teacher-forced (the RNN-RBM's). */
    ACCURACY("validation accuracy") {
        @Override
        public String format(double value) {
            return String.format("%6.2f %%", 100 * value);
        }
    },
    /** The log-likelihood per frame in nats, teacher-forced (the biaxial model's). */
    LOG_LIKELIHOOD("validation log-likelihood per frame") {
        @Override
        public String format(double value) {
            return String.format("%8.4f", value);
        }
    },
    /** The judge's summary overlap of what the model plays on its own against the validation split. */
    JUDGE_SUMMARY("free-running judge summary (valid)") {
        @Override
        public String format(double value) {
            return String.format("%6.3f", value);
        }
    };

    private final String label;

    ValidationFigure(String label) {
        this.label = label;
    }

    /** What the figure is, in a few words ("validation accuracy"). */
    public String label() {
        return label;
    }

    /** The figure's value as it is shown (a percentage for an accuracy). */
    public abstract String format(double value);
}
