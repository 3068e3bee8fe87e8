package dev.cadenza.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameToMidiTest {
    private static final PitchRange RANGE = new PitchRange(60, 63);

    private static Frame frame(String cells) {
        Frame f = new Frame(RANGE);
        for (int i = 0; i < cells.length(); i++) {
            f.set(i, cells.charAt(i) == '|' ? Cell.STRUCK : cells.charAt(i) == '-' ? Cell.HELD : Cell.SILENT);
        }
        return f;
    }

    /** The ring's events as "on 60", "off 61", ... */
    private static List<String> drain(EventRing ring) {
        List<String> events = new ArrayList<>();
        while (!ring.isEmpty()) {
            int m = ring.peekMessage();
            events.add(((MidiEvents.status(m) & 0xF0) == 0x90 ? "on " : "off ") + MidiEvents.data1(m));
            ring.drop();
        }
        return events;
    }

    @Test
    @DisplayName("a struck cell is a note-on, a held cell continues, a silent cell ends the note")
    void cellsBecomeNotes() {
        FrameToMidi toMidi = new FrameToMidi(RANGE, 0, Velocity.DEFAULT, 1);
        EventRing ring = new EventRing(64);
        toMidi.write(frame("||.."), 0, 0, 0, ring);
        assertEquals(List.of("on 60", "on 61"), drain(ring));
        toMidi.write(frame("-.|."), 1, 1, 0, ring);
        assertEquals(List.of("off 61", "on 62"), drain(ring));
        toMidi.write(frame("...."), 2, 2, 0, ring);
        assertEquals(List.of("off 60", "off 62"), drain(ring));
    }

    @Test
    @DisplayName("a repeated note is struck again, not held: its note-off comes first")
    void aRepeatedNoteIsStruckAgain() {
        FrameToMidi toMidi = new FrameToMidi(RANGE, 0, Velocity.DEFAULT, 1);
        EventRing ring = new EventRing(64);
        toMidi.write(frame("|..."), 0, 0, 0, ring);
        drain(ring);
        toMidi.write(frame("|..."), 1, 1, 0, ring);
        assertEquals(List.of("off 60", "on 60"), drain(ring));
    }

    @Test
    @DisplayName("a held cell whose note is not sounding is struck, and silence ends everything started")
    void aHeldCellWithoutANoteIsStruck() {
        FrameToMidi toMidi = new FrameToMidi(RANGE, 0, Velocity.DEFAULT, 1);
        EventRing ring = new EventRing(64);
        toMidi.write(frame("--.|"), 0, 0, 0, ring);
        assertEquals(List.of("on 60", "on 61", "on 63"), drain(ring));
        assertEquals(3, toMidi.soundingCount());
        toMidi.silence(1, 1, 0, ring);
        assertEquals(List.of("off 60", "off 61", "off 63"), drain(ring));
        assertEquals(0, toMidi.soundingCount());
    }

    @Test
    @DisplayName("velocity options parse from text and reject what is out of range")
    void velocityOptionsParse() {
        assertEquals(new Velocity(90, 90, false), Velocity.parse("90"));
        assertEquals(new Velocity(70, 110, false), Velocity.parse("70-110"));
        assertTrue(Velocity.parse("model").fromModel());
        assertEquals(new Velocity(50, 60, true), Velocity.parse("model:50-60"));
        assertEquals("invalid velocity: 0 (expected 1..127)",
                assertThrows(BridgeException.class, () -> Velocity.parse("0")).getMessage());
        assertEquals("invalid velocity range: 100-90 (expected low <= high <= 127)",
                assertThrows(BridgeException.class, () -> Velocity.parse("100-90")).getMessage());
    }

    @Test
    @DisplayName("the ring hands events over in order and refuses more than it holds")
    void theRingIsFirstInFirstOutAndBounded() {
        EventRing ring = new EventRing(5);
        assertEquals(8, ring.capacity());
        for (int i = 0; i < 8; i++) {
            assertTrue(ring.offer(i * 10L, MidiEvents.pack(0x90, 60 + i, 100, 3), i));
        }
        assertFalse(ring.offer(80, 0, 8), "full");
        for (int i = 0; i < 8; i++) {
            assertEquals(i * 10L, ring.peekNanos());
            assertEquals(60 + i, MidiEvents.data1(ring.peekMessage()));
            assertEquals(3, MidiEvents.epoch(ring.peekMessage()));
            assertEquals(i, ring.peekStep());
            ring.drop();
        }
        assertTrue(ring.isEmpty());
        assertTrue(ring.offer(90, 0, 9), "room again");
    }
}
