/**
 * Datasets: the pieces a model trains and is evaluated on, as piano rolls. Two sources:
 * the JSON piano-roll benchmarks of Boulanger-Lewandowski, Bengio and Vincent (ICML 2012,
 * arXiv:1206.6392; format in {@code data/README.md}) and folders of Standard MIDI Files
 * read through {@link dev.cadenza.engine.midi.MidiFileReader}. {@link dev.cadenza.trainer.data.Datasets#load}
 * tells them apart; a file that cannot be read is skipped and listed, never fatal.
 */
package dev.cadenza.trainer.data;
