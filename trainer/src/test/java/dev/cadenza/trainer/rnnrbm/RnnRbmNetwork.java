package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An independent, batched ND4J formulation of the RNN-RBM's training math, kept as a test oracle
 * for {@link RnnRbmKernel} and the engine's sampler: the RNN runs over time for every
 * sub-sequence of a batch at once, then every window's RBM (CD-k chain, gradient) is one big
 * matrix product over all rows.
 *
 * <p>Cost, as in Boulanger-Lewandowski et al. and the deeplearning.net tutorial: the mean over
 * real windows of {@code F_t(v_t) - F_t(v*_t)}, the free-energy difference between the data and the
 * CD-k negative sample {@code v*_t}, with {@code v*_t} held constant; its gradient flows into
 * {@code bv_t}, {@code bh_t} and, through them, back through the RNN over time (BPTT).
 * {@code F(v) = -v.bv_t - sum_j softplus(bh_tj + (v W)_j)}.
 *
 * <p>Parameters are named as in {@link RnnRbmWeights}. Not thread safe.
 */
final class RnnRbmNetwork {
    private final RnnRbmConfig config;
    private final DataType type;
    private final Map<String, INDArray> params = new LinkedHashMap<>();

    /** Parameters initialised as in the tutorial: W ~ N(0, 0.01), recurrent weights ~ N(0, 1e-4), biases 0. */
    public RnnRbmNetwork(RnnRbmConfig config, DataType type, long seed) {
        this.config = config;
        this.type = type;
        int v = config.visible();
        int h = config.hidden();
        int u = config.recurrent();
        Nd4j.getRandom().setSeed(seed);
        params.put("W", Nd4j.randn(type, v, h).muli(0.01));
        params.put("bv", Nd4j.zeros(type, 1, v));
        params.put("bh", Nd4j.zeros(type, 1, h));
        params.put("Wuv", Nd4j.randn(type, u, v).muli(1e-4));
        params.put("Wuh", Nd4j.randn(type, u, h).muli(1e-4));
        params.put("Wvu", Nd4j.randn(type, v, u).muli(1e-4));
        params.put("Wuu", Nd4j.randn(type, u, u).muli(1e-4));
        params.put("bu", Nd4j.zeros(type, 1, u));
    }

    public RnnRbmConfig config() {
        return config;
    }

    public DataType dataType() {
        return type;
    }

    /** The parameters by name; biases are [1 x n] rows. Updated in place by optimisers. */
    public Map<String, INDArray> params() {
        return params;
    }

    /** Loads weights (e.g. from a checkpoint or preset). */
    public void load(RnnRbmWeights weights) {
        for (Map.Entry<String, float[]> e : weights.arrays().entrySet()) {
            INDArray p = params.get(e.getKey());
            p.assign(Nd4j.createFromArray(e.getValue()).castTo(type).reshape(p.shape()));
        }
    }

    /** A float32 copy of the parameters for the engine's sampler and for presets. */
    public RnnRbmWeights toWeights() {
        RnnRbmWeights w = new RnnRbmWeights(config);
        for (Map.Entry<String, float[]> e : w.arrays().entrySet()) {
            float[] data = params.get(e.getKey()).castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(data, 0, e.getValue(), 0, data.length);
        }
        return w;
    }

    /** What the forward pass of a batch computes: RNN states and every window's RBM biases. */
    public record Forward(INDArray states, INDArray previous, INDArray visibleBias, INDArray hiddenBias) {
    }

    /**
     * Runs the RNN over the batch's true windows. {@code states} row r = u_t, {@code previous}
     * row r = u_{t-1} (zero at t = 0), {@code visibleBias} = bv + u_{t-1} Wuv,
     * {@code hiddenBias} = bh + u_{t-1} Wuh.
     */
    public Forward forward(Batch batch) {
        int n = batch.rows();
        int b = batch.sequences();
        int u = config.recurrent();
        INDArray input = batch.visible().mmul(params.get("Wvu")).addiRowVector(params.get("bu"));
        INDArray states = Nd4j.zeros(type, n, u);
        INDArray previous = Nd4j.zeros(type, n, u);
        INDArray wuu = params.get("Wuu");
        for (int t = 0; t < batch.length(); t++) {
            INDArray pre = rows(input, t * b, b);
            if (t > 0) {
                INDArray last = rows(states, (t - 1) * b, b);
                rows(previous, t * b, b).assign(last);
                pre = pre.add(last.mmul(wuu));
            }
            rows(states, t * b, b).assign(Transforms.tanh(pre, true));
        }
        INDArray bvt = previous.mmul(params.get("Wuv")).addiRowVector(params.get("bv"));
        INDArray bht = previous.mmul(params.get("Wuh")).addiRowVector(params.get("bh"));
        return new Forward(states, previous, bvt, bht);
    }

    /**
     * CD-k negative samples: a block Gibbs chain of {@code k} steps per row, started at the data
     * (as the tutorial's {@code build_rbm}), under each row's biases.
     */
    public INDArray negativeSamples(INDArray visible, INDArray visibleBias, INDArray hiddenBias, int k) {
        INDArray w = params.get("W");
        INDArray v = visible;
        for (int i = 0; i < k; i++) {
            INDArray h = bernoulli(Transforms.sigmoid(v.mmul(w).addi(hiddenBias), false));
            v = bernoulli(Transforms.sigmoid(h.mmul(w.transpose()).addi(visibleBias), false));
        }
        return v;
    }

    /** Gradients by parameter name, and the cost they are the gradient of. */
    public record Gradient(Map<String, INDArray> byName, double cost) {
    }

    /** One CD-k training gradient for a batch: forward, negative sampling, then {@link #gradient}. */
    public Gradient trainingGradient(Batch batch, int k) {
        Forward f = forward(batch);
        INDArray negatives = negativeSamples(batch.visible(), f.visibleBias(), f.hiddenBias(), k);
        return gradient(batch, f, negatives);
    }

    /**
     * The gradient of the mean free-energy difference with {@code negatives} held constant, by
     * back-propagation through the RNN over time.
     */
    public Gradient gradient(Batch batch, Forward f, INDArray negatives) {
        INDArray w = params.get("W");
        INDArray mask = batch.mask();
        double scale = 1.0 / Math.max(1, batch.windows());
        INDArray v = batch.visible().mulColumnVector(mask);
        INDArray vn = negatives.mulColumnVector(mask);
        INDArray hp = Transforms.sigmoid(v.mmul(w).addi(f.hiddenBias()), false).muliColumnVector(mask);
        INDArray hn = Transforms.sigmoid(vn.mmul(w).addi(f.hiddenBias()), false).muliColumnVector(mask);
        double cost = (freeEnergy(v, f, mask) - freeEnergy(vn, f, mask)) * scale;

        INDArray dbv = vn.sub(v).muli(scale);
        INDArray dbh = hn.sub(hp).muli(scale);
        Map<String, INDArray> g = new LinkedHashMap<>();
        g.put("W", vn.transpose().mmul(hn).subi(v.transpose().mmul(hp)).muli(scale));
        g.put("bv", dbv.sum(true, 0));
        g.put("bh", dbh.sum(true, 0));
        g.put("Wuv", f.previous().transpose().mmul(dbv));
        g.put("Wuh", f.previous().transpose().mmul(dbh));

        INDArray dPrevious = dbv.mmul(params.get("Wuv").transpose()).addi(dbh.mmul(params.get("Wuh").transpose()));
        int b = batch.sequences();
        int steps = batch.length();
        INDArray wuuT = params.get("Wuu").transpose();
        INDArray dPre = Nd4j.zeros(type, batch.rows(), config.recurrent());
        INDArray carry = null;
        for (int t = steps - 1; t >= 0; t--) {
            INDArray dState = t + 1 < steps ? rows(dPrevious, (t + 1) * b, b).dup() : Nd4j.zeros(type, b, config.recurrent());
            if (carry != null) {
                dState.addi(carry.mmul(wuuT));
            }
            INDArray state = rows(f.states(), t * b, b);
            INDArray d = dState.muli(state.mul(state).rsubi(1.0));
            rows(dPre, t * b, b).assign(d);
            carry = d;
        }
        g.put("Wvu", batch.visible().transpose().mmul(dPre));
        g.put("Wuu", f.previous().transpose().mmul(dPre));
        g.put("bu", dPre.sum(true, 0));
        return new Gradient(g, cost);
    }

    /** Sum over masked rows of F(v) = -v.bv_t - sum_j softplus(bh_tj + (v W)_j). */
    private double freeEnergy(INDArray v, Forward f, INDArray mask) {
        INDArray visibleTerm = v.mul(f.visibleBias()).sum(true, 1);
        INDArray hiddenTerm = Transforms.softPlus(v.mmul(params.get("W")).addi(f.hiddenBias()), false).sum(true, 1);
        return -visibleTerm.addi(hiddenTerm).muli(mask).sumNumber().doubleValue();
    }

    /**
     * RBM-only gradient for pretraining W, bv, bh by CD-k on single windows (no RNN): rows of
     * {@code visible} are windows, masked by {@code mask}.
     */
    public Gradient pretrainingGradient(INDArray visible, INDArray mask, int windows, int k) {
        int n = (int) visible.rows();
        INDArray bv = params.get("bv").broadcast(n, config.visible());
        INDArray bh = params.get("bh").broadcast(n, config.hidden());
        INDArray negatives = negativeSamples(visible, bv, bh, k);
        INDArray w = params.get("W");
        double scale = 1.0 / Math.max(1, windows);
        INDArray v = visible.mulColumnVector(mask);
        INDArray vn = negatives.mulColumnVector(mask);
        INDArray hp = Transforms.sigmoid(v.mmul(w).addi(bh), false).muliColumnVector(mask);
        INDArray hn = Transforms.sigmoid(vn.mmul(w).addi(bh), false).muliColumnVector(mask);
        Map<String, INDArray> g = new LinkedHashMap<>();
        g.put("W", vn.transpose().mmul(hn).subi(v.transpose().mmul(hp)).muli(scale));
        g.put("bv", vn.sub(v).sum(true, 0).muli(scale));
        g.put("bh", hn.sub(hp).sum(true, 0).muli(scale));
        double error = v.sub(vn).norm2Number().doubleValue();
        return new Gradient(g, error * error * scale);
    }

    private INDArray bernoulli(INDArray probabilities) {
        INDArray out = Nd4j.createUninitialized(type, probabilities.shape());
        Nd4j.getExecutioner().exec(new BernoulliDistribution(out, probabilities));
        return out;
    }

    private static INDArray rows(INDArray m, int from, int count) {
        return m.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }
}
