package dev.cadenza.trainer.data;

import dev.cadenza.engine.roll.PianoRoll;

/**
 * One piece of a dataset.
 *
 * @param name where it came from: the MIDI file's path relative to the dataset folder, or
 *     {@code <dataset>/<split>/<index>} for a JSON dataset
 * @param roll its notes
 */
public record Piece(String name, PianoRoll roll) {}
