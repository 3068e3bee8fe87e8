package dev.cadenza.trainer.data;

/**
 * A file of a dataset that was left out.
 *
 * @param name the file's path relative to the dataset folder
 * @param reason why, in one line (e.g. "not a Standard MIDI File (bad header: ...)")
 */
public record Skipped(String name, String reason) {}
