/**
 * Training of the biaxial LSTM (Johnson 2015, 2017; see {@link dev.cadenza.engine.biaxial}):
 * random segments of a few bars with teacher forcing along both axes, back-propagation through
 * both axes with hand-written gradients on the engine's kernels (so that training computes exactly
 * the engine's probabilities), Adam, clipping, dropout, validation, checkpoints and resume.
 */
package dev.cadenza.trainer.biaxial;
