package dev.cadenza.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VisitedStatesTest {

    private static final int VISIBLE = 6;

    @Test
    @DisplayName("with every state visited the bound is the exact log-likelihood")
    void everyStateGivesTheExactFigure() {
        ConditionalRbms rbms = Enumeration.randomRbms(VISIBLE, 4, 3, 2.0, 5);
        float[] targets = targets(rbms.count());
        VisitedStates visited = new VisitedStates(rbms, targets);
        float[] all = allStates();
        for (int repeat = 0; repeat < 2; repeat++) {
            for (int n = 0; n < rbms.count(); n++) {
                for (int c = 0; c < 1 << VISIBLE; c++) {
                    visited.add(n, all, c);
                }
            }
        }
        // every state offered twice, the true frames and silence once more: counted once, or the sum would pass Z
        assertEquals(exactTotal(rbms, targets), visited.totalLogLikelihoodBound(), 1e-9);
    }

    @Test
    @DisplayName("with few states visited the bound stays above the exact log-likelihood")
    void fewStatesGiveAnUpperBound() {
        ConditionalRbms rbms = Enumeration.randomRbms(VISIBLE, 4, 4, 2.0, 6);
        float[] targets = targets(rbms.count());
        float[] all = allStates();
        VisitedStates visited = new VisitedStates(rbms, targets);
        for (int n = 0; n < rbms.count(); n++) {
            visited.add(n, all, 5 + n);
            visited.add(n, all, 9);
        }
        double exact = exactTotal(rbms, targets);
        assertTrue(visited.totalLogLikelihoodBound() > exact, visited.totalLogLikelihoodBound() + " vs " + exact);
        // only the true frame and silence: log p(y) <= -F(y) - log(exp(-F(y)) + exp(-F(0)))
        VisitedStates two = new VisitedStates(rbms, targets);
        double expected = 0;
        for (int n = 0; n < rbms.count(); n++) {
            double y = -rbms.freeEnergy(n, targets, n * VISIBLE);
            double silence = -rbms.freeEnergy(n, new float[VISIBLE], 0);
            expected += y - Math.log(Math.exp(y) + Math.exp(silence));
        }
        assertEquals(expected, two.totalLogLikelihoodBound(), 1e-9);
        assertTrue(two.totalLogLikelihoodBound() >= visited.totalLogLikelihoodBound());
    }

    private static double exactTotal(ConditionalRbms rbms, float[] targets) {
        double total = 0;
        for (int n = 0; n < rbms.count(); n++) {
            total += -rbms.freeEnergy(n, targets, n * VISIBLE) - Enumeration.logPartition(rbms, n);
        }
        return total;
    }

    /** RBM n's true frame: the bits of 3 n + 1, never silent. */
    private static float[] targets(int count) {
        float[] t = new float[count * VISIBLE];
        for (int n = 0; n < count; n++) {
            System.arraycopy(Enumeration.vector(3 * n + 1, VISIBLE), 0, t, n * VISIBLE, VISIBLE);
        }
        return t;
    }

    /** Every binary vector, row c holding the bits of c. */
    private static float[] allStates() {
        float[] all = new float[(1 << VISIBLE) * VISIBLE];
        for (int c = 0; c < 1 << VISIBLE; c++) {
            System.arraycopy(Enumeration.vector(c, VISIBLE), 0, all, c * VISIBLE, VISIBLE);
        }
        return all;
    }
}
