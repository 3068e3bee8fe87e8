package dev.cadenza.bridge.rtpmidi.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One MIDI command of an RTP-MIDI command section: its complete bytes (the status byte restored
 * where the wire used running status) and its delta time from the command before it (from the
 * packet's RTP timestamp for the first).
 *
 * @param deltaTicks delta time in units of the RTP clock (100 µs), 0..0x0FFFFFFF
 * @param bytes the command's bytes, status first; copied in and out, so the record is immutable
 */
public record MidiCommand(int deltaTicks, byte[] bytes) {

    /** The largest delta time that four 7-bit groups hold. */
    public static final int MAX_DELTA_TICKS = 0x0FFF_FFFF;

    public MidiCommand {
        if (deltaTicks < 0 || deltaTicks > MAX_DELTA_TICKS) {
            throw new IllegalArgumentException(
                    "invalid delta time: " + deltaTicks + " ticks (expected 0..268435455)");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty MIDI command (expected a status byte at least)");
        }
        bytes = bytes.clone();
    }

    /** A command with delta time 0. */
    public static MidiCommand of(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new MidiCommand(0, b);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes, without copying them. */
    public int length() {
        return bytes.length;
    }

    /** The status byte, 0x80..0xFF (or 0xF7 for a SysEx continuation segment). */
    public int status() {
        return bytes[0] & 0xFF;
    }

    void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MidiCommand other && other.deltaTicks == deltaTicks
                && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * deltaTicks + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MidiCommand[deltaTicks=" + deltaTicks + ", bytes="
                + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes) + "]";
    }
}
