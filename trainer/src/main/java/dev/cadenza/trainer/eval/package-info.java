/**
 * Evaluation of trained models on a dataset split, with the figures of Boulanger-Lewandowski,
 * Bengio &amp; Vincent, "Modeling Temporal Dependencies in High-Dimensional Sequences" (ICML 2012,
 * <a href="https://arxiv.org/abs/1206.6392">arXiv:1206.6392</a>), Table 1:
 *
 * <ul>
 *   <li>the expected frame-level accuracy TP / (TP + FP + FN) of Bay, Ehmann &amp; Downie (ISMIR
 *       2009) of the model's own draws of each frame, predicted from the true frames before it
 *       (and, beside it, the accuracy pooled over the split from each note's marginal);
 *   <li>the log-likelihood per time step, the partition function of each step's conditional RBM
 *       estimated by annealed importance sampling (Salakhutdinov &amp; Murray, "On the quantitative
 *       analysis of deep belief networks", ICML 2008), checked from below by reverse annealing
 *       from the true frames (Burda, Grosse &amp; Salakhutdinov, AISTATS 2015) and from above by a
 *       certain bound: Z summed exactly over the states the chains visited.
 * </ul>
 *
 * Both figures are means over all scored frames of the split (not means of per-piece means), and
 * every piece's first frame is scored, predicted from the RNN's initial state u_0 = 0.
 */
package dev.cadenza.trainer.eval;
