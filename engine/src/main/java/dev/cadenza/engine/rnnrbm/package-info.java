/**
 * The RNN-RBM (Boulanger-Lewandowski, Bengio &amp; Vincent, "Modeling Temporal Dependencies in
 * High-Dimensional Sequences: Application to Polyphonic Music Generation and Transcription",
 * ICML 2012, arXiv:1206.6392): sizes, weights, and the step-by-step sampler on the real-time path.
 * Training lives in the trainer module ({@code dev.cadenza.trainer.rnnrbm}).
 */
package dev.cadenza.engine.rnnrbm;
