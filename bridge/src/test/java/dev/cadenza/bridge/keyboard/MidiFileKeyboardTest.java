package dev.cadenza.bridge.keyboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cadenza.bridge.BridgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A MIDI file as a virtual keyboard: read like any MIDI file, and refused like one when damaged. */
class MidiFileKeyboardTest {
    private static final byte[] HEADER = {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 1, (byte) 0xE0};

    @TempDir
    Path dir;

    @Test
    @DisplayName("a keyboard file's notes are read with the file's resolution and length")
    void aFileIsReadAsPlayed() throws Exception {
        Path file = write("two.mid", 'M', 'T', 'r', 'k', 0, 0, 0, 13, 0x00, 0x90, 0x3C, 0x40, 0x83, 0x60, 0x80, 0x3C,
                0x00, 0x00, 0xFF, 0x2F, 0x00);
        MidiFileKeyboard keyboard = MidiFileKeyboard.read(file);
        assertEquals(1.0, keyboard.lengthBeats(), 1e-9);
    }

    @Test
    @DisplayName("a data byte above 0x7F is refused before anything plays, naming the file and the byte")
    void anInvalidDataByteIsRefused() throws Exception {
        Path file = write("loud.mid", 'M', 'T', 'r', 'k', 0, 0, 0, 4, 0x00, 0x90, 0x3C, 0xC0);
        BridgeException e = assertThrows(BridgeException.class, () -> MidiFileKeyboard.read(file));
        assertEquals("cannot use the keyboard file: cannot read MIDI file " + file + ": malformed track 1: data byte"
                + " 0xC0 at byte 25 (expected 0x00..0x7F)", e.getMessage());
    }

    private Path write(String name, int... track) throws Exception {
        byte[] bytes = new byte[HEADER.length + track.length];
        System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
        for (int i = 0; i < track.length; i++) {
            bytes[HEADER.length + i] = (byte) track[i];
        }
        return Files.write(dir.resolve(name), bytes);
    }
}
