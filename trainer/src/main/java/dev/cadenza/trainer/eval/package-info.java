/**
 * Evaluation of trained models on a dataset split, with the figures of Boulanger-Lewandowski,
 * Bengio &amp; Vincent, "Modeling Temporal Dependencies in High-Dimensional Sequences" (ICML 2012,
 * <a href="https://arxiv.org/abs/1206.6392">arXiv:1206.6392</a>), Table 1:
 *
 * <ul>
 *   <li>the expected frame-level accuracy ACC = sum E[TP] / sum (E[TP] + E[FP] + E[FN]) of Bay,
 *       Ehmann &amp; Downie (ISMIR 2009), each frame predicted from the true frames before it;
 *   <li>the log-likelihood per time step, the partition function of each step's conditional RBM
 *       estimated by annealed importance sampling (Salakhutdinov &amp; Murray, "On the quantitative
 *       analysis of deep belief networks", ICML 2008).
 * </ul>
 *
 * Both figures are means over all scored frames of the split (not means of per-piece means), and
 * every piece's first frame is scored, predicted from the RNN's initial state u_0 = 0.
 */
package dev.cadenza.trainer.eval;
