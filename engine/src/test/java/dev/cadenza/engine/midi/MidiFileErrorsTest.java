package dev.cadenza.engine.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cadenza.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiFileErrorsTest {
    @TempDir
    Path dir;

    private final MidiFileReader reader = new MidiFileReader();

    private static byte[] validFile() {
        return new Smf(480).on(0, 0, 60, 80).off(480, 0, 60).on(480, 0, 64, 80).off(960, 0, 64).bytes(0);
    }

    private String messageFor(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        EngineException e = assertThrows(EngineException.class, () -> reader.read(file));
        assertFalse(e.getMessage().contains("\n"), "the message is one line: " + e.getMessage());
        return e.getMessage().replace(file.toString(), name);
    }

    @Test
    void oneAbsurdDeltaTimeIsRefusedBeforeARollIsAllocated() throws IOException {
        // 37 bytes: a note on, a delta time of 0x0FFFFFFF ticks at 96 a quarter, its note off
        byte[] bomb = java.util.HexFormat.of().parseHex(
                "4d546864000000060000000100604d54726b0000000f00903c40ffffff7f803c0000ff2f00");
        assertEquals(37, bomb.length);

        String message = messageFor("long.mid", bomb);

        assertTrue(message.startsWith("cannot read MIDI file long.mid: an event at tick 268435455 lies 11184811 steps"
                + " in, past the 1048576 a piece may last"), message);
        assertTrue(message.endsWith("a damaged or absurd delta time; fix or re-export the file"), message);
    }

    @Test
    void aFileOfMoreNotesThanAnyPieceIsRefusedBeforeItIsParsed() throws IOException {
        int notes = SmfCheck.MAX_NOTES + 1; // note-ons at delta 0, then one note-off each, all in running status
        java.io.ByteArrayOutputStream track = new java.io.ByteArrayOutputStream();
        track.write(new byte[] {0x00, (byte) 0x90, 0x3C, 0x40});
        for (int i = 1; i < notes; i++) {
            track.write(new byte[] {0x00, 0x3C, 0x40});
        }
        byte[] body = track.toByteArray();
        java.nio.ByteBuffer file = java.nio.ByteBuffer.allocate(14 + 8 + body.length);
        file.put(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 0x60, 'M', 'T', 'r', 'k'});
        file.putInt(body.length).put(body);

        assertEquals("cannot read MIDI file many.mid: more than 524,288 notes (expected one piece: split the file)",
                messageFor("many.mid", file.array()));
    }

    @Test
    void aFileOfMoreEventsThanAnyPieceIsRefused() throws IOException {
        int events = SmfCheck.MAX_EVENTS + 1; // volume changes at delta 0, all but the first in running status
        java.nio.ByteBuffer file = java.nio.ByteBuffer.allocate(14 + 8 + 4 + 3 * (events - 1));
        file.put(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 0x60, 'M', 'T', 'r', 'k'});
        file.putInt(4 + 3 * (events - 1)).put(new byte[] {0x00, (byte) 0xB0, 0x07, 0x40});
        for (int i = 1; i < events; i++) {
            file.put(new byte[] {0x00, 0x07, 0x40});
        }

        assertEquals("cannot read MIDI file knobs.mid: more than 1,048,576 events (expected one piece: split the file)",
                messageFor("knobs.mid", file.array()));
    }

    @Test
    void aFileLargerThanAnyPieceIsRefusedBeforeItIsRead() throws IOException {
        Path file = dir.resolve("huge.mid");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'M', 'T', 'h', 'd'}), MidiFileReader.MAX_FILE_BYTES);
        }
        EngineException e = assertThrows(EngineException.class, () -> reader.read(file));
        assertEquals("cannot read MIDI file " + file + ": 16,777,220 bytes (expected at most 16,777,216 for one piece:"
                + " split the file)", e.getMessage());
    }

    @Test
    void anEmptyFileIsRejectedByName() throws IOException {
        assertEquals("cannot read MIDI file empty.mid: empty file (expected a Standard MIDI File)",
                messageFor("empty.mid", new byte[0]));
    }

    @Test
    void randomBytesAreNotAStandardMidiFile() throws IOException {
        byte[] noise = new byte[500];
        new Random(7).nextBytes(noise);

        assertEquals("cannot read MIDI file noise.mid: not a Standard MIDI File (bad header: expected it to start with MThd)",
                messageFor("noise.mid", noise));
    }

    @Test
    void aTextFileIsNotAStandardMidiFile() throws IOException {
        assertEquals("cannot read MIDI file song.mid: not a Standard MIDI File (bad header: expected it to start with MThd)",
                messageFor("song.mid", "X:1\nT:not midi\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aTruncatedTrackIsRejectedWithTheBytesItLacks() throws IOException {
        byte[] whole = validFile();
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        long declared = whole.length - 22;

        assertEquals("cannot read MIDI file cut.mid: truncated: track 1 of 1 declares " + declared + " bytes but only "
                + (declared - 10) + " remain", messageFor("cut.mid", cut));
    }

    @Test
    void aFileCutInsideItsHeaderIsTruncated() throws IOException {
        assertEquals("cannot read MIDI file head.mid: truncated header (10 bytes, expected at least 14)",
                messageFor("head.mid", Arrays.copyOf(validFile(), 10)));
    }

    @Test
    void aMissingTrackIsReported() throws IOException {
        byte[] bytes = validFile();
        bytes[11] = 2; // the header now declares two tracks

        assertEquals("cannot read MIDI file short.mid: truncated: track 2 of 2 is missing (the file ends at byte "
                + bytes.length + ")", messageFor("short.mid", bytes));
    }

    @Test
    void typeTwoFilesAreRejected() throws IOException {
        byte[] bytes = validFile();
        bytes[9] = 2;

        assertEquals("cannot read MIDI file type2.mid: SMF type 2 (independent patterns) is not supported (expected type 0 or 1)",
                messageFor("type2.mid", bytes));
    }

    @Test
    void aDataByteWithoutAStatusIsMalformedWithItsPosition() throws IOException {
        // A well-formed header and chunk whose one event is a data byte with no status before it.
        byte[] bytes = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 1, (byte) 0xE0,
                'M', 'T', 'r', 'k', 0, 0, 0, 4, 0x00, 0x3C, 0x40, 0x00};

        assertEquals("cannot read MIDI file garbage.mid: malformed track 1: data byte 0x3C at byte 23 has no status byte before it",
                messageFor("garbage.mid", bytes));
    }

    @Test
    void aMetaEventRunningPastItsTrackIsMalformed() throws IOException {
        // A text meta event (FF 01) that declares 9 bytes in a track of 6.
        byte[] bytes = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 1, 1, (byte) 0xE0,
                'M', 'T', 'r', 'k', 0, 0, 0, 6, 0x00, (byte) 0xFF, 0x01, 0x09, 'a', 'b'};

        assertEquals("cannot read MIDI file meta.mid: malformed track 1: the meta event at byte 22 runs past the end of the track",
                messageFor("meta.mid", bytes));
    }

    @Test
    void aNoteWithAVelocityAbove127IsMalformed() throws IOException {
        byte[] bytes = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 1, (byte) 0xE0,
                'M', 'T', 'r', 'k', 0, 0, 0, 4, 0x00, (byte) 0x90, 0x3C, (byte) 0xC0};

        assertEquals("cannot read MIDI file loud.mid: malformed track 1: data byte 0xC0 at byte 25 (expected 0x00..0x7F)",
                messageFor("loud.mid", bytes));
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nowhere.mid");

        EngineException e = assertThrows(EngineException.class, () -> reader.read(file));

        assertEquals("cannot read MIDI file " + file + ": no such file", e.getMessage());
    }
}
