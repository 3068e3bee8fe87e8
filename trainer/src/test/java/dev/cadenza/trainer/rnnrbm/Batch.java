package dev.cadenza.trainer.rnnrbm;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A mini-batch of {@code sequences} sub-sequences of {@code length} windows each, time-major: row
 * {@code t * sequences + b} holds window {@code t} of sub-sequence {@code b}. Sub-sequences shorter
 * than {@code length} are padded with silent rows whose {@code mask} is 0; every sub-sequence starts
 * from the RNN's zero state, as in the tutorial.
 *
 * @param visible [length * sequences x visible] binary
 * @param mask [length * sequences x 1]: 1 for real windows, 0 for padding
 * @param length windows per sub-sequence
 * @param sequences sub-sequences in the batch
 * @param windows number of real (unpadded) windows
 */
record Batch(INDArray visible, INDArray mask, int length, int sequences, int windows) {

    public int rows() {
        return length * sequences;
    }
}
