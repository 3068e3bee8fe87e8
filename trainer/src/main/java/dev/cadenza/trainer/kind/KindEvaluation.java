package dev.cadenza.trainer.kind;

import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.eval.Evaluation;
import dev.cadenza.trainer.eval.FrameTally;
import java.util.List;

/**
 * A preset's evaluation under the protocol of {@code docs/evaluation.md}, prepared by its kind:
 * the figures on a split, the accuracies alone on another (to choose the likely-notes threshold
 * where it is not scored), and the kind's words on how it drew frames and estimated the
 * likelihood.
 */
public interface KindEvaluation {

    /** Every figure on {@code split}. */
    Evaluation evaluate(Dataset split);

    /** The accuracies alone on {@code split}, for choosing the likely-notes threshold there. */
    FrameTally accuracies(Dataset split);

    /** How the drawn frames were drawn, in a line ("8 Gibbs chains x 20 samples ..."). */
    String draws(Evaluation e);

    /** Lines that explain the log-likelihood beyond its figure (e.g. AIS estimates and their verdict); may be empty. */
    List<String> details(Evaluation e);
}
