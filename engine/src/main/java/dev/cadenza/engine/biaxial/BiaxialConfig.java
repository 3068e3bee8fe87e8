package dev.cadenza.engine.biaxial;

import dev.cadenza.engine.roll.PitchRange;
import java.util.List;

/**
 * Sizes of a biaxial LSTM.
 *
 * @param range the pitches of a frame: the notes of the time axis's batch and the note axis's
 *     sequence (Johnson: 78 notes, MIDI 24..101; ours follows the dataset)
 * @param stepsPerQuarter the grid the model was trained at
 * @param timeSizes units of each time-axis LSTM layer, bottom first (reference: 300, 300)
 * @param noteSizes units of each note-axis LSTM layer, bottom first (reference: 100, 50)
 * @param articulation whether the articulate output was trained (MIDI-file datasets); without it
 *     (the four piano-roll benchmarks) a sounding note is struck exactly when it was silent the
 *     step before
 * @param keyInput whether each note's features end with a key input ({@link BiaxialFeatures#KEY}):
 *     trained on music moved to other keys, the model hears how far each piece sits from where it
 *     was written, and plays in the register its music was written in
 */
public record BiaxialConfig(PitchRange range, int stepsPerQuarter, List<Integer> timeSizes, List<Integer> noteSizes,
        boolean articulation, boolean keyInput) {

    /** Without a key input. */
    public BiaxialConfig(PitchRange range, int stepsPerQuarter, List<Integer> timeSizes, List<Integer> noteSizes,
            boolean articulation) {
        this(range, stepsPerQuarter, timeSizes, noteSizes, articulation, false);
    }

    public BiaxialConfig {
        if (range == null) {
            throw new IllegalArgumentException("invalid pitch range: null");
        }
        if (stepsPerQuarter < 1 || stepsPerQuarter > 96) {
            throw new IllegalArgumentException("invalid steps per quarter: " + stepsPerQuarter + " (expected 1..96)");
        }
        timeSizes = checkSizes("time-axis", timeSizes);
        noteSizes = checkSizes("note-axis", noteSizes);
    }

    /** Johnson's sizes: time axis 300, 300; note axis 100, 50; with articulation. */
    public static BiaxialConfig reference(PitchRange range, int stepsPerQuarter) {
        return new BiaxialConfig(range, stepsPerQuarter, List.of(300, 300), List.of(100, 50), true);
    }

    /** Number of notes (pitches of the range). */
    public int notes() {
        return range.size();
    }

    public int timeLayers() {
        return timeSizes.size();
    }

    public int noteLayers() {
        return noteSizes.size();
    }

    public int timeSize(int layer) {
        return timeSizes.get(layer);
    }

    public int noteSize(int layer) {
        return noteSizes.get(layer);
    }

    /** Features per note: {@link BiaxialFeatures#COUNT}, and the key input where there is one. */
    public int features() {
        return BiaxialFeatures.COUNT + (keyInput ? 1 : 0);
    }

    /** Inputs of time-axis layer {@code layer}: the features for the first, the layer below's units after. */
    public int timeInput(int layer) {
        return layer == 0 ? features() : timeSize(layer - 1);
    }

    /**
     * Inputs of note-axis layer {@code layer}: for the first, the top time-axis layer's units of
     * this note, then the previous (lower) note's play and articulate; the layer below's units after.
     */
    public int noteInput(int layer) {
        return layer == 0 ? timeSize(timeLayers() - 1) + 2 : noteSize(layer - 1);
    }

    /** Units of the top note-axis layer, the input of the output layer. */
    public int noteTop() {
        return noteSize(noteLayers() - 1);
    }

    /** This config with a key input or without. */
    public BiaxialConfig withKeyInput(boolean value) {
        return new BiaxialConfig(range, stepsPerQuarter, timeSizes, noteSizes, articulation, value);
    }

    /** This config with other layer sizes. */
    public BiaxialConfig withSizes(List<Integer> time, List<Integer> note) {
        return new BiaxialConfig(range, stepsPerQuarter, time, note, articulation, keyInput);
    }

    private static List<Integer> checkSizes(String axis, List<Integer> sizes) {
        if (sizes == null || sizes.isEmpty() || sizes.size() > 8) {
            throw new IllegalArgumentException("invalid " + axis + " layer sizes: " + sizes + " (expected 1 to 8 layers)");
        }
        for (Integer s : sizes) {
            if (s == null || s < 1 || s > 4096) {
                throw new IllegalArgumentException("invalid " + axis + " layer size: " + s + " in " + sizes
                        + " (expected 1..4096)");
            }
        }
        return List.copyOf(sizes);
    }
}
