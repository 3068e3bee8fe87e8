package dev.cadenza.trainer.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain stochastic gradient descent, as the deeplearning.net tutorial trains (rate 0.001 there). */
public final class Sgd implements Optimizer {
    private final double rate;

    public Sgd(double rate) {
        this.rate = rate;
    }

    @Override
    public void update(Map<String, INDArray> params, Map<String, INDArray> grads) {
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            params.get(e.getKey()).subi(e.getValue().mul(rate));
        }
    }

    @Override
    public Map<String, INDArray> state() {
        return Map.of();
    }

    @Override
    public void restore(Map<String, INDArray> state) {
    }
}
