package dev.cadenza.engine.midi;

import java.nio.charset.StandardCharsets;

/**
 * Walks the chunks and events of a Standard MIDI File before javax.sound.midi parses it, because
 * the JDK reports most damage vaguely ("could not get sequence from input stream") or not at all
 * (it reads a truncated last track as if it were complete). Says what is wrong and where, as the
 * reason part of a one-line message; does not interpret the events.
 */
final class SmfCheck {
    /**
     * Note-ons one file may hold: a long piano piece has tens of thousands; past this it is a
     * collection, or damage, and the parsed events alone would take hundreds of megabytes.
     */
    static final int MAX_NOTES = 1 << 19;
    /** Events of any kind one file may hold: each becomes an object of the JDK's parser. */
    static final int MAX_EVENTS = 1 << 20;

    private SmfCheck() {}

    /** The reason {@code b} is not a readable SMF type 0 or 1 file, or null when it is. */
    static String problem(byte[] b) {
        if (b.length == 0) {
            return "empty file (expected a Standard MIDI File)";
        }
        if (b.length < 4 || !"MThd".equals(new String(b, 0, 4, StandardCharsets.ISO_8859_1))) {
            return "not a Standard MIDI File (bad header: expected it to start with MThd)";
        }
        if (b.length < 14) {
            return "truncated header (" + b.length + " bytes, expected at least 14)";
        }
        long headerLength = u32(b, 4);
        if (headerLength < 6 || 8 + headerLength > b.length) {
            return "bad header length " + headerLength + " (expected 6.." + (b.length - 8) + ")";
        }
        int format = u16(b, 8);
        int tracks = u16(b, 10);
        int division = u16(b, 12);
        if (format == 2) {
            return "SMF type 2 (independent patterns) is not supported (expected type 0 or 1)";
        }
        if (format > 2) {
            return "unknown SMF type " + format + " (expected type 0 or 1)";
        }
        if (tracks == 0) {
            return "no tracks (the header declares 0)";
        }
        if (division == 0) {
            return "invalid time division: 0 ticks per quarter note (expected 1..32767)";
        }
        long pos = 8 + headerLength;
        int seen = 0;
        int[] counts = new int[2]; // note-ons, events
        while (seen < tracks) {
            if (pos + 8 > b.length) {
                return "truncated: track " + (seen + 1) + " of " + tracks + " is missing (the file ends at byte "
                        + b.length + ")";
            }
            String id = new String(b, (int) pos, 4, StandardCharsets.ISO_8859_1);
            long length = u32(b, (int) pos + 4);
            long remaining = b.length - pos - 8;
            boolean track = id.equals("MTrk");
            if (length > remaining) {
                return "truncated: " + (track ? "track " + (seen + 1) + " of " + tracks : "chunk '" + id + "'")
                        + " declares " + length + " bytes but only " + remaining + " remain";
            }
            if (track) {
                seen++;
                String problem = eventsProblem(b, (int) pos + 8, (int) (pos + 8 + length), seen, counts);
                if (problem != null) {
                    return problem;
                }
            } else if (!id.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                return "corrupt chunk at byte " + pos + " (expected MTrk)";
            }
            pos += 8 + length;
        }
        return null;
    }

    /**
     * Walks the events of one track chunk, bytes {@code [start, end)}, counting note-ons into
     * {@code counts[0]} and events into {@code counts[1]}.
     */
    private static String eventsProblem(byte[] b, int start, int end, int track, int[] counts) {
        int p = start;
        int running = -1;
        while (p < end) {
            int event = p;
            if (++counts[1] > MAX_EVENTS) {
                return String.format(java.util.Locale.ROOT, "more than %,d events (expected one piece: split the file)",
                        MAX_EVENTS);
            }
            p = skipVarInt(b, p, end);
            if (p < 0 || p >= end) {
                return "malformed track " + track + ": it ends inside the event at byte " + event;
            }
            int status = b[p] & 0xFF;
            if (status < 0x80) {
                if (running < 0) {
                    return String.format("malformed track %d: data byte 0x%02X at byte %d has no status byte before it",
                            track, status, p);
                }
                status = running;
            } else {
                p++;
            }
            if (status == 0xFF || status == 0xF0 || status == 0xF7) {
                if (status == 0xFF) {
                    p++; // meta type
                }
                long length = p < end ? varInt(b, p, end) : -1;
                p = p < end ? skipVarInt(b, p, end) : -1;
                if (length < 0 || p < 0 || p + length > end) {
                    return "malformed track " + track + ": the " + (status == 0xFF ? "meta" : "system exclusive")
                            + " event at byte " + event + " runs past the end of the track";
                }
                p += (int) length;
            } else if (status > 0xF0) {
                return String.format("malformed track %d: status byte 0x%02X at byte %d is not allowed in a MIDI file",
                        track, status, p - 1);
            } else {
                running = status;
                int dataBytes = (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 1 : 2;
                if (p + dataBytes > end) {
                    return "malformed track " + track + ": the event at byte " + event + " runs past the end of the track";
                }
                for (int i = 0; i < dataBytes; i++) {
                    int data = b[p + i] & 0xFF;
                    if (data > 0x7F) {
                        return String.format("malformed track %d: data byte 0x%02X at byte %d (expected 0x00..0x7F)",
                                track, data, p + i);
                    }
                }
                if ((status & 0xF0) == 0x90 && b[p + 1] != 0 && ++counts[0] > MAX_NOTES) {
                    return String.format(java.util.Locale.ROOT, "more than %,d notes (expected one piece: split the file)",
                            MAX_NOTES);
                }
                p += dataBytes;
            }
        }
        return null;
    }

    /** The position after the variable-length number at {@code p}, or -1 when it does not end in 4 bytes before {@code end}. */
    private static int skipVarInt(byte[] b, int p, int end) {
        for (int i = 0; i < 4 && p + i < end; i++) {
            if ((b[p + i] & 0x80) == 0) {
                return p + i + 1;
            }
        }
        return -1;
    }

    private static long varInt(byte[] b, int p, int end) {
        long value = 0;
        for (int i = 0; i < 4 && p + i < end; i++) {
            value = value << 7 | (b[p + i] & 0x7F);
            if ((b[p + i] & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return (long) u16(b, at) << 16 | u16(b, at + 2);
    }
}
