package dev.cadenza.engine.midi;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rolls for tests, drawn as text, and the repository's datasets. */
final class Rolls {
    private Rolls() {}

    /**
     * A roll drawn one pitch per row: {@code "60 |--.||"} is pitch 60 struck at step 0, held for
     * two steps, silent, then struck twice. '|' struck, '-' held, '.' silent; every row as long as
     * the roll. Velocities stay 0.
     */
    static PianoRoll drawn(PitchRange range, int stepsPerQuarter, String... rows) {
        int length = rows[0].split(" ", 2)[1].length();
        PianoRoll roll = new PianoRoll(range, stepsPerQuarter, length);
        for (String row : rows) {
            String[] parts = row.split(" ", 2);
            int index = range.index(Integer.parseInt(parts[0]));
            for (int t = 0; t < length; t++) {
                char c = parts[1].charAt(t);
                roll.set(t, index, c == '|' ? Cell.STRUCK : c == '-' ? Cell.HELD : Cell.SILENT);
            }
        }
        return roll;
    }

    /** The row of one pitch, drawn as in {@link #drawn}. */
    static String row(PianoRoll roll, int pitch) {
        StringBuilder s = new StringBuilder();
        int index = roll.range().index(pitch);
        for (int t = 0; t < roll.length(); t++) {
            Cell cell = roll.cell(t, index);
            s.append(cell == Cell.STRUCK ? '|' : cell == Cell.HELD ? '-' : '.');
        }
        return s.toString();
    }

    /** The repository's {@code data/} folder, which surefire names in {@code cadenza.data}. */
    static Path data() {
        String data = System.getProperty("cadenza.data");
        if (data == null) {
            throw new IllegalStateException("system property cadenza.data is not set (surefire sets it to the repository's data/)");
        }
        return Path.of(data);
    }

    /**
     * Sequence {@code index} of a JSON dataset as a roll of the piano range: a pitch sounding at t
     * and not at t-1 is struck, else held.
     */
    static PianoRoll fromJsonDataset(Path json, int index, int stepsPerQuarter) throws IOException {
        JsonNode sequence = new ObjectMapper().readTree(Files.readAllBytes(json)).get(index);
        PianoRoll roll = new PianoRoll(PitchRange.PIANO, stepsPerQuarter, sequence.size());
        for (int t = 0; t < sequence.size(); t++) {
            for (JsonNode pitch : sequence.get(t)) {
                int i = PitchRange.PIANO.index(pitch.asInt());
                roll.set(t, i, t > 0 && roll.sounding(t - 1, i) ? Cell.HELD : Cell.STRUCK);
            }
        }
        return roll;
    }
}
