package dev.cadenza.engine.midi;

import dev.cadenza.engine.roll.PianoRoll;
import java.util.List;

/**
 * What {@link MidiFileReader} made of one file: the roll and what it had to leave out.
 *
 * @param roll the quantised notes, tempos and time signatures
 * @param notes note-ons placed in the roll (counted before onsets that share a step are merged)
 * @param droppedOutOfRange note-ons left out because their pitch lies outside the roll's range
 * @param droppedDrums note-ons on channel 10 left out because drums were not included
 * @param warnings one line each for anything else that was odd but not fatal
 */
public record MidiImport(PianoRoll roll, int notes, int droppedOutOfRange, int droppedDrums, List<String> warnings) {
    public MidiImport {
        warnings = List.copyOf(warnings);
    }
}
