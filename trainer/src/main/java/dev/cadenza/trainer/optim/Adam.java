package dev.cadenza.trainer.optim;

import dev.cadenza.engine.preset.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction, over a whole {@link ParameterVector}; state:
 * first and second moments (checkpointed per parameter array, as {@code m.NAME} and
 * {@code v.NAME}), step count.
 */
public final class Adam implements Optimizer {
    private final ParameterVector parameters;
    private final double rate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private float[] first;
    private float[] second;
    private long steps;

    public Adam(ParameterVector parameters, double rate) {
        this(parameters, rate, 0.9, 0.999, 1e-8);
    }

    public Adam(ParameterVector parameters, double rate, double beta1, double beta2, double epsilon) {
        this.parameters = parameters;
        this.rate = rate;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.epsilon = (float) epsilon;
        first = new float[parameters.length()];
        second = new float[parameters.length()];
    }

    @Override
    public void update() {
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double correction2 = 1 - Math.pow(beta2, steps);
        float stepRate = (float) (rate * Math.sqrt(correction2) / correction1);
        float[] g = parameters.gradient();
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        for (ParameterVector.Slot slot : parameters.slots()) {
            float[] x = slot.values();
            int o = slot.offset();
            for (int i = 0; i < x.length; i++) {
                float gi = g[o + i];
                float m = beta1 * first[o + i] + keep1 * gi;
                float v = beta2 * second[o + i] + keep2 * gi * gi;
                first[o + i] = m;
                second[o + i] = v;
                x[i] -= stepRate * m / ((float) Math.sqrt(v) + epsilon);
            }
        }
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        parameters.split(first).forEach((k, v) -> s.put("m." + k, v));
        parameters.split(second).forEach((k, v) -> s.put("v." + k, v));
        s.put("steps", new Tensor(new int[] {1}, new float[] {steps}));
        return s;
    }

    @Override
    public void restore(Map<String, Tensor> state) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Map<String, Tensor> v = new LinkedHashMap<>();
        state.forEach((k, t) -> {
            if (k.startsWith("m.")) {
                m.put(k.substring(2), t);
            } else if (k.startsWith("v.")) {
                v.put(k.substring(2), t);
            }
        });
        Tensor count = state.get("steps");
        if (count == null || count.data().length != 1) {
            throw new IllegalArgumentException("optimiser state without a step count");
        }
        float[] restoredFirst = parameters.join(m, "first moment");
        float[] restoredSecond = parameters.join(v, "second moment");
        first = restoredFirst;
        second = restoredSecond;
        steps = (long) count.data()[0];
    }
}
