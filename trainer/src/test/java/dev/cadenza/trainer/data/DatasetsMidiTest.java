package dev.cadenza.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.midi.MidiFileWriter;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsMidiTest {
    @TempDir
    Path dir;

    /** A short roll whose first step strikes {@code pitch}. */
    private static PianoRoll tune(int pitch, int steps) {
        PianoRoll roll = new PianoRoll(PitchRange.PIANO, 4, steps);
        int i = PitchRange.PIANO.index(pitch);
        roll.set(0, i, Cell.STRUCK);
        for (int t = 1; t < steps; t++) {
            roll.set(t, i, Cell.HELD);
        }
        return roll;
    }

    private static void writeMidi(Path file, int pitch, int steps) throws IOException {
        Files.createDirectories(file.getParent());
        new MidiFileWriter().write(tune(pitch, steps), file);
    }

    @Test
    void aFolderWithOneBrokenFileSkipsItWithItsReasonAndLoadsTheRest() throws IOException {
        Path folder = dir.resolve("songs");
        writeMidi(folder.resolve("a.mid"), 60, 8);
        writeMidi(folder.resolve("sub/b.mid"), 62, 4);
        writeMidi(folder.resolve("sub/deeper/C.MIDI"), 64, 2);
        Files.writeString(folder.resolve("broken.mid"), "this is not MIDI");
        Files.writeString(folder.resolve("notes.txt"), "not a MIDI file name, so not looked at");

        Dataset dataset = Datasets.load(folder, "all");

        assertEquals(List.of("a.mid", "sub/b.mid", "sub/deeper/C.MIDI"), dataset.pieces().stream().map(Piece::name).toList());
        assertEquals(List.of(new Skipped("broken.mid",
                "not a Standard MIDI File (bad header: expected it to start with MThd)")), dataset.skipped());
        assertEquals(14, dataset.frames());
        assertEquals("songs", dataset.name());
        assertEquals("all", dataset.split());
        assertEquals(PitchRange.PIANO, dataset.range());
        assertEquals(4, dataset.stepsPerQuarter());
        assertEquals(Cell.STRUCK, dataset.pieces().get(1).roll().cell(0, PitchRange.PIANO.index(62)));
    }

    @Test
    void aFileWithNoNoteInRangeIsSkippedWithTheCounts() throws IOException {
        Path folder = dir.resolve("songs");
        writeMidi(folder.resolve("low.mid"), 30, 4);
        writeMidi(folder.resolve("ok.mid"), 60, 4);
        MidiFileReader.Options narrow = MidiFileReader.Options.DEFAULTS.withRange(new PitchRange(48, 84));

        Dataset dataset = Datasets.load(folder, "all", narrow);

        assertEquals(List.of(new Skipped("low.mid", "no notes in range 48..84 (1 outside it, 0 drum notes left out)")),
                dataset.skipped());
        assertEquals(1, dataset.pieces().size());
        assertEquals(new PitchRange(48, 84), dataset.pieces().get(0).roll().range());
    }

    @Test
    void theSplitsPartitionTheFolderDeterministicallyByPath() throws IOException {
        Path folder = dir.resolve("many");
        for (int n = 0; n < 60; n++) {
            writeMidi(folder.resolve("piece-" + n + ".mid"), 40 + n, 2);
        }

        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int[] sizes = new int[3];
        String[] splits = {"train", "valid", "test"};
        for (int s = 0; s < 3; s++) {
            Dataset part = Datasets.load(folder, splits[s]);
            sizes[s] = part.pieces().size();
            for (Piece piece : part.pieces()) {
                assertTrue(seen.add(piece.name()), piece.name() + " is in two splits");
                assertEquals(splits[s], Datasets.splitOf(piece.name()));
                names.add(piece.name());
            }
        }

        assertEquals(60, seen.size(), "every file is in one split");
        assertTrue(sizes[0] > 40 && sizes[1] > 0 && sizes[2] > 0, java.util.Arrays.toString(sizes));
        assertEquals(Datasets.load(folder, "valid").sha256(), Datasets.load(folder, "valid").sha256());
        assertNotEquals(Datasets.load(folder, "valid").sha256(), Datasets.load(folder, "test").sha256());
    }

    @Test
    void theChecksumChangesWhenAFileChanges() throws IOException {
        Path folder = dir.resolve("songs");
        writeMidi(folder.resolve("a.mid"), 60, 8);
        String before = Datasets.load(folder, "all").sha256();

        writeMidi(folder.resolve("a.mid"), 61, 8);

        assertNotEquals(before, Datasets.load(folder, "all").sha256());
        assertEquals(64, before.length());
    }

    @Test
    void aSingleMidiFileIsADatasetOfOnePiece() throws IOException {
        Path file = dir.resolve("song.mid");
        writeMidi(file, 60, 8);

        Dataset dataset = Datasets.load(file, "train");

        assertEquals("song", dataset.name());
        assertEquals(List.of("song.mid"), dataset.pieces().stream().map(Piece::name).toList());
    }

    @Test
    void anUnknownSplitOfAMidiFolderIsRejected() throws IOException {
        Path folder = dir.resolve("songs");
        writeMidi(folder.resolve("a.mid"), 60, 8);

        TrainerException e = assertThrows(TrainerException.class, () -> Datasets.load(folder, "validation"));

        assertEquals("unknown split 'validation' for the MIDI folder " + folder + " (expected one of train, valid, test, all)",
                e.getMessage());
    }

    @Test
    void aFolderWithoutMidiFilesOrSplitsIsNotADataset() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));

        TrainerException e = assertThrows(TrainerException.class, () -> Datasets.load(empty, "train"));

        assertEquals("no dataset in " + empty + ": no train.json and no MIDI files (.mid, .midi) under it", e.getMessage());
    }
}
