/**
 * The biaxial LSTM (Daniel Johnson, "Composing Music with Recurrent Neural Networks", 2015,
 * https://www.danieldjohnson.com/2015/08/03/composing-music-with-recurrent-neural-networks/, and
 * "Generating Polyphonic Music Using Tied Parallel Networks", EvoMUSART 2017,
 * https://doi.org/10.1007/978-3-319-55750-2_9): a time-axis LSTM stack whose weights every note
 * shares (the notes are its batch), under a note-axis LSTM stack that runs from the lowest note to
 * the highest at each step, so that each note is sampled conditionally on the notes below it.
 *
 * <p>{@link dev.cadenza.engine.biaxial.BiaxialConfig} holds the sizes,
 * {@link dev.cadenza.engine.biaxial.BiaxialFeatures} documents and computes the per-note input
 * features, {@link dev.cadenza.engine.biaxial.BiaxialWeights} holds the parameters as a preset
 * stores them, and {@link dev.cadenza.engine.biaxial.BiaxialModel} samples step by step without
 * allocating, on one thread or two. {@link dev.cadenza.engine.kernel.Gemm} (matrix products the
 * JIT vectorises) and {@link dev.cadenza.engine.kernel.Activations} (branch-free tanh and
 * sigmoid) are shared with the trainer ({@code dev.cadenza.trainer.biaxial}), which computes the
 * same probabilities.
 */
package dev.cadenza.engine.biaxial;
