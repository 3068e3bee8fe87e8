/**
 * Training of the RNN-RBM (Boulanger-Lewandowski, Bengio &amp; Vincent, "Modeling Temporal
 * Dependencies in High-Dimensional Sequences", ICML 2012, arXiv:1206.6392; the deeplearning.net
 * RNN-RBM tutorial): optional CD-k pretraining of the RBM, then CD-k with back-propagation through
 * time, in plain-Java kernels, one per worker thread (see {@link dev.cadenza.trainer.rnnrbm.RnnRbmKernel}
 * for why not ND4J).
 */
package dev.cadenza.trainer.rnnrbm;
