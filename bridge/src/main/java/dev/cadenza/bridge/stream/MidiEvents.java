package dev.cadenza.bridge.stream;

/**
 * Packs a MIDI short message and the stream epoch it belongs to into one {@code int}: status in
 * bits 0-7, data1 in 8-15, data2 in 16-23, epoch (mod 256) in 24-31. Static, real-time safe.
 */
public final class MidiEvents {
    public static final int NOTE_OFF = 0x80;
    public static final int NOTE_ON = 0x90;
    public static final int CONTROL_CHANGE = 0xB0;
    public static final int PROGRAM_CHANGE = 0xC0;
    public static final int ALL_NOTES_OFF = 123;
    public static final int ALL_SOUND_OFF = 120;
    public static final int TIMING_CLOCK = 0xF8;
    public static final int START = 0xFA;
    public static final int STOP = 0xFC;

    private MidiEvents() {
    }

    public static int pack(int status, int data1, int data2, int epoch) {
        return (status & 0xFF) | (data1 & 0x7F) << 8 | (data2 & 0x7F) << 16 | (epoch & 0xFF) << 24;
    }

    public static int status(int packed) {
        return packed & 0xFF;
    }

    public static int data1(int packed) {
        return packed >>> 8 & 0x7F;
    }

    public static int data2(int packed) {
        return packed >>> 16 & 0x7F;
    }

    public static int epoch(int packed) {
        return packed >>> 24;
    }

    /** Whether the message starts a note (note-on with velocity above 0). */
    public static boolean isNoteOn(int status, int data2) {
        return (status & 0xF0) == NOTE_ON && data2 > 0;
    }

    /** Whether the message ends a note (note-off, or note-on with velocity 0). */
    public static boolean isNoteOff(int status, int data2) {
        return (status & 0xF0) == NOTE_OFF || (status & 0xF0) == NOTE_ON && data2 == 0;
    }
}
