package dev.cadenza.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A certain upper bound on each frame's log-likelihood: the distinct visible states that chains
 * visited in the frame's RBM (the accuracy's Gibbs chains, the AIS chains' last states), with the
 * true frame and silence, have their {@code exp(-F(v))} summed exactly. The sum of some of Z's
 * terms is below Z, so {@code -F(y) - log(sum)} is at least {@code log p(y)}, wherever the states
 * came from; when they hold most of the probability mass it is close. An AIS estimate above it has
 * not converged.
 *
 * <p>Holds every frame's distinct states until {@link #totalLogLikelihoodBound}: a few to a few
 * hundred a frame on the benchmark sets. Not thread safe.
 */
final class VisitedStates {
    private final ConditionalRbms rbms;
    private final float[] targets;
    private final List<Set<BitSet>> states;

    /** @param targets the true frames, [count x visible], binary */
    VisitedStates(ConditionalRbms rbms, float[] targets) {
        this.rbms = rbms;
        this.targets = targets;
        this.states = new ArrayList<>(rbms.count());
        for (int n = 0; n < rbms.count(); n++) {
            Set<BitSet> set = new HashSet<>();
            set.add(bits(targets, n));
            set.add(new BitSet(rbms.visible()));
            states.add(set);
        }
    }

    /** Records row {@code row} of {@code rows} ([any x visible], binary) as a state of RBM {@code n}. */
    void add(int n, float[] rows, int row) {
        states.get(n).add(bits(rows, row));
    }

    /** The bound's total over every frame: {@code sum_n -F_n(y_n) - log(sum of exp(-F_n) over its states)}. */
    double totalLogLikelihoodBound() {
        float[] v = new float[rbms.visible()];
        double total = 0;
        for (int n = 0; n < rbms.count(); n++) {
            Set<BitSet> set = states.get(n);
            double[] negF = new double[set.size()];
            double max = Double.NEGATIVE_INFINITY;
            int s = 0;
            for (BitSet bits : set) {
                Arrays.fill(v, 0f);
                for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
                    v[i] = 1f;
                }
                negF[s] = -rbms.freeEnergy(n, v, 0);
                max = Math.max(max, negF[s++]);
            }
            double sum = 0;
            for (double x : negF) {
                sum += Math.exp(x - max);
            }
            total += -rbms.freeEnergy(n, targets, n * rbms.visible()) - max - Math.log(sum);
        }
        return total;
    }

    private BitSet bits(float[] rows, int row) {
        int visible = rbms.visible();
        BitSet bits = new BitSet(visible);
        for (int i = 0, o = row * visible; i < visible; i++) {
            if (rows[o + i] > 0.5f) {
                bits.set(i);
            }
        }
        return bits;
    }
}
