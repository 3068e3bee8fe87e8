package dev.cadenza.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsJsonTest {
    @TempDir
    Path dir;

    private static Path data(String dataset) {
        String data = System.getProperty("cadenza.data");
        if (data == null) {
            throw new IllegalStateException("system property cadenza.data is not set (surefire sets it to the repository's data/)");
        }
        return Path.of(data, dataset);
    }

    @Test
    void theJsbTrainSplitHas229PiecesAnd13807FramesOnAQuarterNoteGrid() {
        Dataset train = Datasets.load(data("jsb_chorales"), "train");

        assertEquals("jsb_chorales", train.name());
        assertEquals("train", train.split());
        assertEquals(229, train.pieces().size());
        assertEquals(13807, train.frames());
        assertEquals(List.of(), train.skipped());
        assertEquals(PitchRange.PIANO, train.range());
        assertEquals(1, train.stepsPerQuarter());
        assertEquals("1d333d0b312cc6f53c0bb422dd157793c177f9c62503fd3cdf7be2c8b74e6da0", train.sha256(),
                "the checksum listed in the data README");
        assertEquals("jsb_chorales/train/0", train.pieces().get(0).name());
        PianoRoll first = train.pieces().get(0).roll();
        assertEquals(1, first.stepsPerQuarter());
        Frame step0 = new Frame(PitchRange.PIANO);
        first.frame(0, step0);
        assertEquals(4, step0.countSounding());
        assertEquals(Cell.STRUCK, first.cell(0, PitchRange.PIANO.index(60)));
        assertEquals(Cell.HELD, first.cell(1, PitchRange.PIANO.index(72)), "72 sounds at steps 0 and 1");
    }

    @Test
    void aPitchSoundingAfterSilenceIsStruckAndOneThatGoesOnIsHeld() throws IOException {
        Path mini = Files.createDirectories(dir.resolve("mini"));
        Files.writeString(mini.resolve("train.json"), "[[[60,64],[60],[],[60,67]],[[21],[108]]]");

        Dataset dataset = Datasets.load(mini, "train");

        PianoRoll roll = dataset.pieces().get(0).roll();
        assertEquals(4, roll.length());
        assertEquals(List.of(Cell.STRUCK, Cell.HELD, Cell.SILENT, Cell.STRUCK), cells(roll, 60));
        assertEquals(List.of(Cell.STRUCK, Cell.SILENT, Cell.SILENT, Cell.SILENT), cells(roll, 64));
        assertEquals(List.of(Cell.SILENT, Cell.SILENT, Cell.SILENT, Cell.STRUCK), cells(roll, 67));
        assertEquals(2, dataset.pieces().size());
        assertEquals(6, dataset.frames());
        assertEquals(4, dataset.stepsPerQuarter(), "a dataset not known by name gets sixteenth-note steps");
        assertEquals("mini/train/1", dataset.pieces().get(1).name());
    }

    @Test
    void theBenchmarksGridsFollowTheReadme() throws IOException {
        assertEquals(1, Datasets.stepsPerQuarterOf("jsb_chorales"));
        assertEquals(2, Datasets.stepsPerQuarterOf("nottingham"));
        assertEquals(2, Datasets.stepsPerQuarterOf("piano_midi"));
        assertEquals(2, Datasets.stepsPerQuarterOf("musedata"));
        assertEquals(4, Datasets.stepsPerQuarterOf("jsb_chorales_16th"));
        Path pianoMidi = Files.createDirectory(dir.resolve("piano_midi"));
        Files.copy(data("jsb_chorales").resolve("valid.json"), pianoMidi.resolve("valid.json"));
        assertEquals(2, Datasets.load(pianoMidi, "valid").stepsPerQuarter(), "the grid follows the folder's name");
    }

    @Test
    void theJsonFileItselfLoadsAsItsOwnSplit() {
        Dataset valid = Datasets.load(data("jsb_chorales").resolve("valid.json"), "valid");

        assertEquals(76, valid.pieces().size());
        assertEquals(4602, valid.frames());
        assertEquals("jsb_chorales", valid.name());
    }

    @Test
    void aMissingDirectoryIsNamedWithWhatWasExpected() {
        Path nowhere = dir.resolve("nowhere");

        TrainerException e = assertThrows(TrainerException.class, () -> Datasets.load(nowhere, "train"));

        assertEquals("dataset not found: " + nowhere + " (expected a directory of MIDI files or of <split>.json piano rolls)",
                e.getMessage());
    }

    @Test
    void aSplitTheDatasetDoesNotHaveIsNamedWithTheSplitsItHas() {
        Path jsb = data("jsb_chorales");

        TrainerException e = assertThrows(TrainerException.class, () -> Datasets.load(jsb, "training"));

        assertEquals("dataset " + jsb + " has no split 'training' (no training.json; it holds test, train, valid)",
                e.getMessage());
    }

    @Test
    void aJsonFileAskedForAnotherSplitPointsToItsDirectory() {
        Path file = data("jsb_chorales").resolve("train.json");

        TrainerException e = assertThrows(TrainerException.class, () -> Datasets.load(file, "valid"));

        assertEquals("dataset file " + file + " holds split 'train', not 'valid' (give the directory that holds valid.json)",
                e.getMessage());
    }

    @Test
    void aPitchOutsideThePianoIsRejectedWithWhereItIs() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("train.json"), "[[[60]],[[60],[60,12]]]");

        TrainerException e = assertThrows(TrainerException.class, () -> Datasets.load(bad, "train"));

        assertEquals("bad dataset file " + bad.resolve("train.json")
                + ": sequence 1, step 1: pitch 12 outside 21..108 (expected the 88 piano keys)", e.getMessage());
    }

    @Test
    void malformedJsonIsRejectedWithItsPosition() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("train.json"), "[[[60]],[[60],[61");

        TrainerException e = assertThrows(TrainerException.class, () -> Datasets.load(bad, "train"));

        assertTrue(e.getMessage().startsWith("bad dataset file " + bad.resolve("train.json") + ": malformed JSON ("),
                e.getMessage());
        assertTrue(e.getMessage().contains(" at line 1, column "), e.getMessage());
    }

    @Test
    void aStepThatIsNotAnArrayIsRejected() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve("train.json"), "[[60, 62]]");

        TrainerException e = assertThrows(TrainerException.class, () -> Datasets.load(bad, "train"));

        assertTrue(e.getMessage().startsWith("bad dataset file " + bad.resolve("train.json")
                + ": expected step 0 of sequence 0 as an array of pitches, found "), e.getMessage());
    }

    private static List<Cell> cells(PianoRoll roll, int pitch) {
        return java.util.stream.IntStream.range(0, roll.length())
                .mapToObj(t -> roll.cell(t, roll.range().index(pitch))).toList();
    }
}
