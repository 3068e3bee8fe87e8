package dev.cadenza.trainer.biaxial;

/**
 * A stretch of a piece to train on: cell codes in the model's range, read as the model reads them
 * ({@link dev.cadenza.engine.biaxial.BiaxialFeatures#normalised}).
 *
 * @param cells {@code [steps][notes]}; steps past {@code length} are padding and not scored
 * @param before the frame before the first step (all silent at the start of a piece)
 * @param startStep the first step's index in its piece (the beat features count from the piece's start)
 * @param length scored steps, 1..cells.length
 */
record Segment(byte[][] cells, byte[] before, int startStep, int length) {
}
