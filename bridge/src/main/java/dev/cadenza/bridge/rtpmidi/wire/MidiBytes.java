package dev.cadenza.bridge.rtpmidi.wire;

/** What a status byte says about the MIDI message it starts. Pure functions, no allocation. */
public final class MidiBytes {
    /** {@link #dataBytes} of a status that starts a SysEx, whose length is found by its end. */
    public static final int SYSEX = -1;
    /** {@link #dataBytes} of a status byte that is undefined or cannot start a message. */
    public static final int INVALID = -2;

    private MidiBytes() {
    }

    /**
     * The number of data bytes after {@code status}: 2 for note off/on, poly pressure, control
     * change and pitch bend; 1 for program change and channel pressure; for system messages as the
     * MIDI 1.0 specification says. F4, F5 and a lone F7 are {@link #INVALID}.
     */
    public static int dataBytes(int status) {
        if (status < 0x80) {
            return INVALID;
        }
        if (status < 0xF0) {
            int kind = status & 0xF0;
            return kind == 0xC0 || kind == 0xD0 ? 1 : 2;
        }
        return switch (status) {
            case 0xF0 -> SYSEX;
            case 0xF1, 0xF3 -> 1;
            case 0xF2 -> 2;
            case 0xF6 -> 0;
            case 0xF4, 0xF5, 0xF7 -> INVALID;
            default -> 0; // F8..FF: system real-time, one byte
        };
    }

    /** Whether {@code status} is a channel voice status, the only kind running status may repeat. */
    public static boolean isChannelStatus(int status) {
        return status >= 0x80 && status < 0xF0;
    }

    public static boolean isRealTime(int status) {
        return status >= 0xF8;
    }
}
