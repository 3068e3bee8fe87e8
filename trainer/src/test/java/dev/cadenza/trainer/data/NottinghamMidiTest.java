package dev.cadenza.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Nottingham folk tunes as MIDI (GPL-3, not bundled: see data/README.md), read from the folder
 * that {@code CADENZA_NOTTINGHAM_MIDI} names. Skipped, with the reason, where it is not set; fails
 * under CI=true, where it must be.
 */
class NottinghamMidiTest {
    static Path folder() {
        String location = System.getenv("CADENZA_NOTTINGHAM_MIDI");
        String missing = location == null || location.isBlank()
                ? "CADENZA_NOTTINGHAM_MIDI is not set: point it at a copy of the Nottingham MIDI folder (data/README.md)"
                : !Files.isDirectory(Path.of(location))
                        ? "CADENZA_NOTTINGHAM_MIDI names " + location + ", which is not a folder"
                        : null;
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail(missing);
            }
            Assumptions.abort(missing);
        }
        return Path.of(location);
    }

    @Test
    @DisplayName("the folk tunes load as melody over chords, split by file, with their re-struck notes")
    void theFolkTunesLoad() {
        Path folder = folder();
        Dataset all = Datasets.load(folder, "all");
        assertTrue(all.pieces().size() > 1000, all.pieces().size() + " tunes");
        int split = 0;
        for (String name : new String[] {"train", "valid", "test"}) {
            Dataset d = Datasets.load(folder, name);
            assertEquals(4, d.stepsPerQuarter());
            split += d.pieces().size();
        }
        assertEquals(all.pieces().size(), split, "the three splits part the tunes");

        long restrikes = 0;
        long onsets = 0;
        long sounding = 0;
        long steps = 0;
        for (Piece piece : all.pieces()) {
            PianoRoll roll = piece.roll();
            for (int t = 0; t < roll.length(); t++) {
                for (int i = 0; i < roll.range().size(); i++) {
                    if (roll.code(t, i) == Cell.STRUCK_CODE) {
                        onsets++;
                        restrikes += t > 0 && roll.sounding(t - 1, i) ? 1 : 0;
                    }
                    sounding += roll.sounding(t, i) ? 1 : 0;
                }
                steps++;
            }
        }
        double polyphony = sounding / (double) steps;
        assertTrue(polyphony > 2 && polyphony < 6, "melody over chords: " + polyphony + " notes a step");
        assertTrue(restrikes > 0.05 * onsets, "re-struck onsets: " + restrikes + " of " + onsets);
    }
}
