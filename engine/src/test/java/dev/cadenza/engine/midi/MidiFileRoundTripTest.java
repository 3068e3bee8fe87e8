package dev.cadenza.engine.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiFileRoundTripTest {
    @TempDir
    Path dir;

    private PianoRoll roundTrip(PianoRoll roll, MidiFileReader.Options options) {
        Path file = dir.resolve("round-trip.mid");
        new MidiFileWriter().write(roll, file);
        return new MidiFileReader(options).read(file).roll();
    }

    private PianoRoll roundTrip(PianoRoll roll) {
        return roundTrip(roll, MidiFileReader.Options.DEFAULTS
                .withRange(roll.range()).withStepsPerQuarter(roll.stepsPerQuarter()));
    }

    @Test
    void repeatedAndHeldNotesTempoChangesAnd34TimeComeBackTheSame() {
        PianoRoll roll = Rolls.drawn(new PitchRange(48, 84), 4,
                "60 |---||||.|-.|",
                "64 ..|-------..|",
                "67 |||||||||||||",
                "84 -----.......|");
        // velocities live on onset cells, as the reader stores them
        roll.setVelocity(0, roll.range().index(60), 100);
        roll.setVelocity(4, roll.range().index(60), 1);
        roll.setVelocity(12, roll.range().index(84), 127);
        roll.set(0, roll.range().index(84), Cell.STRUCK);
        roll.addTempo(new PianoRoll.Tempo(0, 400_000));
        roll.addTempo(new PianoRoll.Tempo(5, 750_000));
        roll.addTimeSignature(new PianoRoll.TimeSignature(0, 3, 4));
        roll.addTimeSignature(new PianoRoll.TimeSignature(12, 6, 8));
        PianoRoll expected = copyWithDefaultVelocity(roll, 80);

        PianoRoll back = roundTrip(roll);

        assertTrue(back.sameAs(expected), "expected\n" + expected + "got\n" + back);
        assertEquals("|---||||.|-.|", Rolls.row(back, 60));
        assertEquals(List.of(new PianoRoll.Tempo(0, 400_000), new PianoRoll.Tempo(5, 750_000)), back.tempos());
    }

    @Test
    void aRepeatedNoteIsStruckAgainNotHeld() {
        PianoRoll repeated = Rolls.drawn(PitchRange.PIANO, 4, "60 ||||");
        PianoRoll held = Rolls.drawn(PitchRange.PIANO, 4, "60 |---");

        assertEquals("||||", Rolls.row(roundTrip(repeated), 60));
        assertEquals("|---", Rolls.row(roundTrip(held), 60));
    }

    @Test
    void aHeldCellAfterSilenceIsWrittenAsAnOnset() {
        PianoRoll roll = Rolls.drawn(PitchRange.PIANO, 4, "60 .--.");

        assertEquals(".|-.", Rolls.row(roundTrip(roll), 60));
    }

    @Test
    void randomRollsOnUnevenGridsRoundTrip() {
        Random random = new Random(42);
        for (int stepsPerQuarter : new int[] {1, 2, 3, 4, 7, 12, 96}) {
            PianoRoll roll = new PianoRoll(new PitchRange(40, 80), stepsPerQuarter, 64);
            for (int t = 0; t < roll.length(); t++) {
                for (int i = 0; i < roll.range().size(); i++) {
                    int r = random.nextInt(10);
                    boolean canHold = t > 0 && roll.sounding(t - 1, i);
                    if (r == 0 || r == 1 && !canHold) {
                        roll.set(t, i, Cell.STRUCK);
                        roll.setVelocity(t, i, 1 + random.nextInt(127));
                    } else if (r < 5 && canHold) {
                        roll.set(t, i, Cell.HELD);
                    }
                }
            }
            roll.addTempo(new PianoRoll.Tempo(0, 300_000 + random.nextInt(600_000)));
            roll.addTempo(new PianoRoll.Tempo(17, 300_000 + random.nextInt(600_000)));
            roll.addTimeSignature(new PianoRoll.TimeSignature(0, 5, 8));

            PianoRoll back = roundTrip(roll);

            assertTrue(back.sameAs(roll), stepsPerQuarter + " steps per quarter:\n" + roll + "came back as\n" + back);
        }
    }

    @Test
    void anEmptyRollRoundTripsWithItsLength() {
        PianoRoll roll = new PianoRoll(PitchRange.PIANO, 4, 10);

        assertTrue(roundTrip(roll).sameAs(roll));
    }

    @Test
    void theFirstJsbChoraleRoundTrips() throws IOException {
        PianoRoll chorale = Rolls.fromJsonDataset(Rolls.data().resolve("jsb_chorales/train.json"), 0, 1);

        PianoRoll back = roundTrip(chorale);

        assertTrue(back.sameNotes(chorale), "expected\n" + chorale + "got\n" + back);
        assertTrue(chorale.countSounding() > 100);
        int index = firstOnset(back);
        assertEquals(80, back.velocity(index / back.range().size(), index % back.range().size()),
                "onsets without velocity are written with the default velocity");
    }

    @Test
    void aRealMultiTrackFileMadeByAbc2midiRoundTrips() throws IOException {
        MidiImport first = readResource("/midi/two-voice-minuet.mid");
        PianoRoll roll = first.roll();

        PianoRoll back = roundTrip(roll);

        assertTrue(back.sameAs(roll), "expected\n" + roll + "got\n" + back);
        // what abc2midi put in: 162 note-ons, 48 of them drums; 3/4 at 112 then 96 BPM
        assertEquals(114, first.notes());
        assertEquals(48, first.droppedDrums());
        assertEquals(0, first.droppedOutOfRange());
        assertEquals(List.of(new PianoRoll.Tempo(0, 535_714), new PianoRoll.Tempo(192, 625_000)), roll.tempos());
        assertEquals(List.of(new PianoRoll.TimeSignature(0, 3, 4)), roll.timeSignatures());
        assertEquals(Math.round(50425 / 120.0), roll.length(), "the conductor track ends at tick 50425");
        // the first bar of voice 1, "d2 G/A/B/c/ d2", twice: once for each pass of the repeat
        assertEquals("|---", Rolls.row(roll, 74).substring(0, 4));
        assertEquals("..|.", Rolls.row(roll, 67).substring(2, 6));
        assertEquals(105, roll.velocity(0, roll.range().index(74)), "abc2midi accents the downbeat");
    }

    @Test
    void theWriterPutsTempoAndMetreInTrackZeroAndNotesOnTheChosenChannelAndProgram() {
        PianoRoll roll = Rolls.drawn(PitchRange.PIANO, 4, "60 |-|-");
        roll.addTempo(new PianoRoll.Tempo(0, 600_000));

        Sequence sequence = new MidiFileWriter(MidiFileWriter.Options.DEFAULTS.withChannel(3).withProgram(19)).toSequence(roll);

        Track[] tracks = sequence.getTracks();
        assertEquals(2, tracks.length);
        assertEquals(480, sequence.getResolution());
        assertEquals(480, sequence.getTickLength());
        ShortMessage program = (ShortMessage) tracks[1].get(0).getMessage();
        assertEquals(ShortMessage.PROGRAM_CHANGE, program.getCommand());
        assertEquals(3, program.getChannel());
        assertEquals(19, program.getData1());
        for (int i = 1; i < tracks[1].size() - 1; i++) {
            assertEquals(3, ((ShortMessage) tracks[1].get(i).getMessage()).getChannel());
        }
        assertEquals(4, tracks[1].size() - 2, "two notes, each an on and an off");
    }

    @Test
    void aRollWrittenOnTheDrumChannelIsLeftOutAsDrumsOnReading() {
        PianoRoll roll = Rolls.drawn(PitchRange.PIANO, 4, "36 |.|.", "38 .|.|");
        Path file = dir.resolve("drums.mid");
        new MidiFileWriter(MidiFileWriter.Options.DEFAULTS.withChannel(9)).write(roll, file);

        MidiImport result = new MidiFileReader().read(file);

        assertEquals(4, result.droppedDrums());
        assertEquals(0, result.roll().countSounding());
    }

    @Test
    void writingReplacesAnExistingFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = dir.resolve("out.mid");
        Files.writeString(file, "old content");

        new MidiFileWriter().write(Rolls.drawn(PitchRange.PIANO, 4, "60 |-"), file);

        assertEquals("|-", Rolls.row(new MidiFileReader().read(file).roll(), 60));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    private static MidiImport readResource(String name) throws IOException {
        try (InputStream in = MidiFileRoundTripTest.class.getResourceAsStream(name)) {
            return new MidiFileReader().read(in.readAllBytes(), name);
        }
    }

    private static int firstOnset(PianoRoll roll) {
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < roll.range().size(); i++) {
                if (roll.code(t, i) == Cell.STRUCK_CODE) {
                    return t * roll.range().size() + i;
                }
            }
        }
        throw new AssertionError("no onset in\n" + roll);
    }

    private static PianoRoll copyWithDefaultVelocity(PianoRoll roll, int velocity) {
        PianoRoll copy = new PianoRoll(roll.range(), roll.stepsPerQuarter(), roll.length());
        for (int t = 0; t < roll.length(); t++) {
            for (int i = 0; i < roll.range().size(); i++) {
                copy.set(t, i, roll.cell(t, i));
                if (roll.code(t, i) == Cell.STRUCK_CODE) {
                    copy.setVelocity(t, i, roll.velocity(t, i) > 0 ? roll.velocity(t, i) : velocity);
                }
            }
        }
        roll.tempos().forEach(copy::addTempo);
        roll.timeSignatures().forEach(copy::addTimeSignature);
        return copy;
    }
}
