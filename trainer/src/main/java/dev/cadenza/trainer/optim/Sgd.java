package dev.cadenza.trainer.optim;

import dev.cadenza.engine.preset.Tensor;
import java.util.Map;

/** Plain stochastic gradient descent, as the deeplearning.net tutorial trains (rate 0.001 there). */
public final class Sgd implements Optimizer {
    private final ParameterVector parameters;
    private final float rate;

    public Sgd(ParameterVector parameters, double rate) {
        this.parameters = parameters;
        this.rate = (float) rate;
    }

    @Override
    public void update() {
        float[] g = parameters.gradient();
        for (ParameterVector.Slot slot : parameters.slots()) {
            float[] x = slot.values();
            int o = slot.offset();
            for (int i = 0; i < x.length; i++) {
                x[i] -= rate * g[o + i];
            }
        }
    }

    @Override
    public Map<String, Tensor> state() {
        return Map.of();
    }

    @Override
    public void restore(Map<String, Tensor> state) {
    }
}
