package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.model.Models;

/**
 * A stretch of a piece to train on: cell codes in the model's range, read as the model reads them
 * ({@link dev.cadenza.engine.biaxial.BiaxialFeatures#normalised}).
 *
 * @param cells {@code [steps][notes]}, the frames to predict; steps past {@code length} are padding
 *     and not scored
 * @param before the frame before the first step (all silent at the start of a piece)
 * @param startStep the first step's index in its piece (the beat features count from the piece's start)
 * @param length scored steps, 1..cells.length
 * @param heard null when the time axis hears the true frames (teacher forcing); else
 *     {@code [steps][notes]}, the frame the time axis hears before each step ({@code heard[0]} is
 *     {@code before}), some of them the model's own draws ({@link OwnSamples})
 * @param keyShift the shift that takes the piece back to where it was written (minus how far it was
 *     moved), which a model with a key input hears ({@link #key()})
 */
record Segment(byte[][] cells, byte[] before, int startStep, int length, byte[][] heard, int keyShift) {

    /** A segment of a piece as written whose time axis hears the true frames. */
    Segment(byte[][] cells, byte[] before, int startStep, int length) {
        this(cells, before, startStep, length, null, 0);
    }

    /** The key input of a model that has one ({@link dev.cadenza.engine.model.Models#keyInput}). */
    float key() {
        return Models.keyInput(keyShift);
    }

    /** The frame the time axis hears before step {@code t}; {@code silent} past the cells. */
    byte[] heardBefore(int t, byte[] silent) {
        if (heard != null) {
            return heard[t];
        }
        return t == 0 ? before : t - 1 < cells.length ? cells[t - 1] : silent;
    }
}
