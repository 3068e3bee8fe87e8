package dev.cadenza.trainer.optim;

import dev.cadenza.engine.preset.Tensor;
import java.util.Map;

/**
 * Updates a {@link ParameterVector} in place from its gradient (of a cost to minimise).
 * Implementations keep their state (moments, step count) as named tensors so that a checkpoint can
 * save and restore it.
 */
public interface Optimizer {

    /** Applies one update: {@code values -= step(gradient)}. */
    void update();

    /** State to checkpoint, by name (empty for plain SGD). */
    Map<String, Tensor> state();

    /**
     * Restores state saved by {@link #state()}.
     *
     * @throws IllegalArgumentException if it does not fit the parameters
     */
    void restore(Map<String, Tensor> state);
}
