package dev.cadenza.trainer.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates parameters in place from their gradients (of a cost to minimise). Implementations keep
 * their state (moments, step count) as named arrays so that a checkpoint can save and restore it.
 */
public interface Optimizer {

    /** Applies one update: {@code params[name] -= step(grads[name])}. */
    void update(Map<String, INDArray> params, Map<String, INDArray> grads);

    /** State to checkpoint, by name (empty for plain SGD). */
    Map<String, INDArray> state();

    /** Restores state saved by {@link #state()}. */
    void restore(Map<String, INDArray> state);

    /**
     * Scales gradients in place so that their global L2 norm is at most {@code maxNorm}; returns the
     * norm before clipping. {@code maxNorm <= 0} disables clipping.
     */
    static double clipGlobalNorm(Map<String, INDArray> grads, double maxNorm) {
        double sum = 0;
        for (INDArray g : grads.values()) {
            double n = g.norm2Number().doubleValue();
            sum += n * n;
        }
        double norm = Math.sqrt(sum);
        if (maxNorm > 0 && norm > maxNorm) {
            for (INDArray g : grads.values()) {
                g.muli(maxNorm / norm);
            }
        }
        return norm;
    }
}
