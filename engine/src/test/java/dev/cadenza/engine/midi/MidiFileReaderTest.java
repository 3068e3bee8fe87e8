package dev.cadenza.engine.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.List;
import javax.sound.midi.Sequence;
import org.junit.jupiter.api.Test;

/** Files built event by event at 480 ticks per quarter, read on a grid of 4 steps per quarter (120 ticks a step). */
class MidiFileReaderTest {
    private final MidiFileReader reader = new MidiFileReader();

    private MidiImport read(Smf smf, int type) {
        return reader.read(smf.bytes(type), "test.mid");
    }

    @Test
    void aTypeZeroFileIsReadWithItsNotesTempoAndVelocities() {
        Smf smf = new Smf(480).tempo(0, 600_000)
                .on(0, 0, 60, 90).off(480, 0, 60)
                .on(480, 0, 64, 70).off(960, 0, 64);
        byte[] bytes = smf.bytes(0);
        assertEquals(0, bytes[9], "the file under test is SMF type 0");

        MidiImport result = reader.read(bytes, "type0.mid");

        PianoRoll roll = result.roll();
        assertEquals(8, roll.length());
        assertEquals("|---....", Rolls.row(roll, 60));
        assertEquals("....|---", Rolls.row(roll, 64));
        assertEquals(90, roll.velocity(0, roll.range().index(60)));
        assertEquals(0, roll.velocity(1, roll.range().index(60)), "a note's velocity lives on its onset only");
        assertEquals(70, roll.velocity(4, roll.range().index(64)));
        assertEquals(List.of(new PianoRoll.Tempo(0, 600_000)), roll.tempos());
        assertEquals(2, result.notes());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void allTracksOfATypeOneFileAreMerged() {
        Smf smf = new Smf(480).tempo(0, 500_000).timeSignature(0, 3, 2)
                .track().on(0, 0, 60, 80).off(240, 0, 60)
                .track().on(240, 1, 67, 80).off(480, 1, 67);

        PianoRoll roll = read(smf, 1).roll();

        assertEquals("|-..", Rolls.row(roll, 60));
        assertEquals("..|-", Rolls.row(roll, 67));
        assertEquals(List.of(new PianoRoll.TimeSignature(0, 3, 4)), roll.timeSignatures());
    }

    @Test
    void aNoteOnWithVelocityZeroEndsTheNote() {
        Smf smf = new Smf(480).on(0, 0, 60, 100).on(240, 0, 60, 0).endAt(480);

        MidiImport result = read(smf, 0);

        assertEquals("|-..", Rolls.row(result.roll(), 60));
        assertEquals(1, result.notes());
    }

    @Test
    void thePitchStruckAgainWhileHeldIsANewOnsetAndEndsWithItsMatchingOff() {
        Smf smf = new Smf(480).on(0, 0, 60, 100).on(240, 0, 60, 90).off(480, 0, 60).off(960, 0, 60);

        MidiImport result = read(smf, 0);

        assertEquals("|-|-----", Rolls.row(result.roll(), 60));
        assertEquals(90, result.roll().velocity(2, result.roll().range().index(60)));
        assertEquals(2, result.notes());
    }

    @Test
    void aRepeatedNoteIsStruckAgainWhicheverOrderTheOffAndOnComeIn() {
        Smf offFirst = new Smf(480).on(0, 0, 60, 80).off(480, 0, 60).on(480, 0, 60, 80).off(960, 0, 60);
        Smf onFirst = new Smf(480).on(0, 0, 60, 80).on(480, 0, 60, 80).off(480, 0, 60).off(960, 0, 60);

        assertEquals("|---|---", Rolls.row(read(offFirst, 0).roll(), 60));
        assertEquals("|---|---", Rolls.row(read(onFirst, 0).roll(), 60));
    }

    @Test
    void onsetsThatRoundToTheSameStepMergeIntoTheLouderLongerNote() {
        Smf smf = new Smf(480).on(0, 0, 60, 50).off(100, 0, 60).on(50, 1, 60, 90).off(400, 1, 60).endAt(480);

        MidiImport result = read(smf, 0);

        assertEquals("|--.", Rolls.row(result.roll(), 60));
        assertEquals(90, result.roll().velocity(0, result.roll().range().index(60)));
        assertEquals(2, result.notes(), "notes counts note-ons before merging");
    }

    @Test
    void onsetsHalfwayBetweenStepsRoundUpAndAShortNoteLastsOneStep() {
        Smf smf = new Smf(480).on(60, 0, 60, 80).off(180, 0, 60).on(240, 0, 62, 80).off(250, 0, 62).endAt(480);

        PianoRoll roll = read(smf, 0).roll();

        assertEquals(".|..", Rolls.row(roll, 60));
        assertEquals("..|.", Rolls.row(roll, 62));
    }

    @Test
    void aZeroLengthNoteLastsOneStep() {
        Smf smf = new Smf(480).on(120, 0, 60, 80).off(120, 0, 60).endAt(480);

        assertEquals(".|..", Rolls.row(read(smf, 0).roll(), 60));
    }

    @Test
    void drumsAreLeftOutAndCountedUnlessIncluded() {
        Smf smf = new Smf(480).on(0, 9, 36, 100).off(120, 9, 36).on(120, 9, 38, 100).off(240, 9, 38)
                .on(0, 0, 60, 80).off(240, 0, 60);

        MidiImport without = read(smf, 0);
        MidiImport with = new MidiFileReader(MidiFileReader.Options.DEFAULTS.withDrums(true)).read(smf.bytes(0), "drums.mid");

        assertEquals(2, without.droppedDrums());
        assertEquals(1, without.notes());
        assertEquals("..", Rolls.row(without.roll(), 36));
        assertEquals(0, with.droppedDrums());
        assertEquals(3, with.notes());
        assertEquals("|.", Rolls.row(with.roll(), 36));
        assertEquals(".|", Rolls.row(with.roll(), 38));
    }

    @Test
    void notesOutsideTheRangeAreDroppedAndCounted() {
        Smf smf = new Smf(480).on(0, 0, 59, 80).off(120, 0, 59).on(0, 0, 60, 80).off(120, 0, 60)
                .on(0, 0, 72, 80).off(120, 0, 72).on(0, 0, 73, 80).off(120, 0, 73);
        MidiFileReader narrow = new MidiFileReader(MidiFileReader.Options.DEFAULTS.withRange(new PitchRange(60, 72)));

        MidiImport result = narrow.read(smf.bytes(0), "range.mid");

        assertEquals(2, result.droppedOutOfRange());
        assertEquals(2, result.notes());
        assertEquals(new PitchRange(60, 72), result.roll().range());
        assertEquals("|", Rolls.row(result.roll(), 60));
        assertEquals("|", Rolls.row(result.roll(), 72));
    }

    @Test
    void tempoAndTimeSignatureChangesLandOnTheStepTheirTickRoundsTo() {
        Smf smf = new Smf(480).timeSignature(0, 3, 2).tempo(0, 500_000).tempo(1000, 400_000)
                .timeSignature(1440, 6, 3).on(0, 0, 60, 80).off(1920, 0, 60);

        PianoRoll roll = read(smf, 0).roll();

        assertEquals(List.of(new PianoRoll.Tempo(0, 500_000), new PianoRoll.Tempo(8, 400_000)), roll.tempos());
        assertEquals(List.of(new PianoRoll.TimeSignature(0, 3, 4), new PianoRoll.TimeSignature(12, 6, 8)),
                roll.timeSignatures());
    }

    @Test
    void theGridFollowsStepsPerQuarter() {
        Smf smf = new Smf(96).on(0, 0, 60, 80).off(96, 0, 60).on(96, 0, 60, 80).off(192, 0, 60);
        MidiFileReader quarters = new MidiFileReader(MidiFileReader.Options.DEFAULTS.withStepsPerQuarter(1));

        PianoRoll roll = quarters.read(smf.bytes(0), "quarters.mid").roll();

        assertEquals(1, roll.stepsPerQuarter());
        assertEquals("||", Rolls.row(roll, 60));
    }

    @Test
    void anSmpteTimedFileIsConvertedAt120BpmWithAWarning() {
        // 25 frames per second x 40 ticks per frame = 1000 ticks per second: a quarter at 120 BPM is 500 ticks.
        Smf smf = new Smf(Sequence.SMPTE_25, 40).on(0, 0, 60, 80).off(500, 0, 60).on(500, 0, 62, 80).off(625, 0, 62);

        MidiImport result = read(smf, 0);

        assertEquals("|---.", Rolls.row(result.roll(), 60));
        assertEquals("....|", Rolls.row(result.roll(), 62));
        assertEquals(List.of(new PianoRoll.Tempo(0, 500_000)), result.roll().tempos());
        assertTrue(result.warnings().get(0).startsWith("SMPTE timing (25.0 frames per second, 40 ticks per frame)"),
                result.warnings().toString());
    }

    @Test
    void aNoteNeverTurnedOffEndsAtTheEndOfTheFileWithAWarning() {
        Smf smf = new Smf(480).on(0, 0, 60, 80).endAt(480);

        MidiImport result = read(smf, 0);

        assertEquals("|---", Rolls.row(result.roll(), 60));
        assertEquals(List.of("1 note(s) never turned off were ended at the end of the file (tick 480)"), result.warnings());
    }

    @Test
    void aNoteOffWithoutANoteIsIgnoredWithAWarning() {
        Smf smf = new Smf(480).off(0, 0, 60).on(120, 0, 62, 80).off(240, 0, 62);

        MidiImport result = read(smf, 0);

        assertEquals(".|", Rolls.row(result.roll(), 62));
        assertEquals(List.of("1 note-off(s) without a sounding note were ignored"), result.warnings());
    }

    @Test
    void theRollIsAsLongAsTheFileEvenAfterItsLastNote() {
        Smf smf = new Smf(480).on(0, 0, 60, 80).off(120, 0, 60).endAt(1920);

        assertEquals(16, read(smf, 0).roll().length());
    }
}
