package dev.cadenza.trainer.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Adam (Kingma &amp; Ba 2015) with bias correction; state: first and second moments, step count. */
public final class Adam implements Optimizer {
    private final double rate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Map<String, INDArray> first = new LinkedHashMap<>();
    private final Map<String, INDArray> second = new LinkedHashMap<>();
    private long steps;

    public Adam(double rate) {
        this(rate, 0.9, 0.999, 1e-8);
    }

    public Adam(double rate, double beta1, double beta2, double epsilon) {
        this.rate = rate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void update(Map<String, INDArray> params, Map<String, INDArray> grads) {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        double stepRate = rate * Math.sqrt(correction2) / correction1;
        for (Map.Entry<String, INDArray> e : grads.entrySet()) {
            INDArray g = e.getValue();
            INDArray m = first.computeIfAbsent(e.getKey(), k -> Nd4j.zerosLike(g));
            INDArray v = second.computeIfAbsent(e.getKey(), k -> Nd4j.zerosLike(g));
            m.muli(beta1).addi(g.mul(1 - beta1));
            v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray step = m.div(Transforms.sqrt(v, true).addi(epsilon)).muli(stepRate);
            params.get(e.getKey()).subi(step);
        }
    }

    @Override
    public Map<String, INDArray> state() {
        Map<String, INDArray> s = new LinkedHashMap<>();
        first.forEach((k, v) -> s.put("m." + k, v));
        second.forEach((k, v) -> s.put("v." + k, v));
        s.put("steps", Nd4j.scalar((double) steps).reshape(1));
        return s;
    }

    @Override
    public void restore(Map<String, INDArray> state) {
        first.clear();
        second.clear();
        state.forEach((k, v) -> {
            if (k.startsWith("m.")) {
                first.put(k.substring(2), v.dup());
            } else if (k.startsWith("v.")) {
                second.put(k.substring(2), v.dup());
            } else if (k.equals("steps")) {
                steps = (long) v.getDouble(0);
            }
        });
    }
}
