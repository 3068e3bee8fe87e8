/**
 * Standard MIDI Files to and from piano rolls: {@link dev.cadenza.engine.midi.MidiFileReader}
 * quantises the notes of an SMF type 0 or 1 file onto a roll's beat-based grid, and
 * {@link dev.cadenza.engine.midi.MidiFileWriter} writes a roll as an SMF type 1 file.
 *
 * <p>Only javax.sound.midi's file classes are used here ({@code Sequence}, {@code MidiSystem}'s
 * file reader and writer, {@code ShortMessage}, {@code MetaMessage}): no devices, so the package
 * stays pure computation on bytes. Spec: the MIDI Association's "Standard MIDI Files 1.0"
 * (RP-001), https://midi.org/standard-midi-files-specification.
 */
package dev.cadenza.engine.midi;
