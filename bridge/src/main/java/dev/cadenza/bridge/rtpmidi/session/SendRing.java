package dev.cadenza.bridge.rtpmidi.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A preallocated single-producer single-consumer ring of byte records, the hand-off of outgoing
 * MIDI from the sending thread to the event loop: each record is the MIDI of one {@code send} and
 * the time it was sent. A record never wraps: where one would not fit before the end of the array,
 * the rest is marked unused and it starts at the beginning.
 *
 * <p>Thread contract: {@link #offer} on the producer only, {@link #peek} and {@link #drop} on the
 * consumer only. No allocation, no lock: the two sides see each other through release/acquire
 * writes of the head and tail counters (bytes ever written and read).
 */
final class SendRing {
    private static final int HEADER = 10; // length (2 bytes), nanos (8)
    private static final int SKIP = 0xFFFF;
    private final byte[] bytes;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();

    SendRing(int capacityBytes) {
        bytes = new byte[capacityBytes];
    }

    /** Adds {@code midi[offset, offset + length)} sent at {@code nanos}; false when it does not fit. Producer only. */
    boolean offer(long nanos, byte[] midi, int offset, int length) {
        int need = HEADER + length;
        long t = tail.get();
        long h = head.getAcquire();
        int pos = (int) (t % bytes.length);
        int skip = pos + need > bytes.length ? bytes.length - pos : 0;
        if (t + skip + need - h > bytes.length) {
            return false;
        }
        if (skip >= 2) {
            putShort(pos, SKIP);
        }
        if (skip > 0) {
            t += skip;
            pos = 0;
        }
        putShort(pos, length);
        long n = nanos;
        for (int i = 7; i >= 0; i--) {
            bytes[pos + 2 + i] = (byte) n;
            n >>>= 8;
        }
        System.arraycopy(midi, offset, bytes, pos + HEADER, length);
        tail.setRelease(t + need);
        return true;
    }

    /** Where the oldest record starts in {@link #bytes()}, or -1 when there is none. Consumer only. */
    int peek() {
        long h = head.get();
        long t = tail.getAcquire();
        if (h == t) {
            return -1;
        }
        int pos = (int) (h % bytes.length);
        if (pos + 2 > bytes.length || getShort(pos) == SKIP) {
            h += bytes.length - pos;
            head.setRelease(h);
            if (h == t) {
                return -1;
            }
            pos = 0;
        }
        return pos;
    }

    /** The ring's bytes: a record's MIDI is at {@code record + 10}, {@link #length} bytes. */
    byte[] bytes() {
        return bytes;
    }

    static int midiOffset(int record) {
        return record + HEADER;
    }

    int length(int record) {
        return getShort(record);
    }

    long nanos(int record) {
        long n = 0;
        for (int i = 0; i < 8; i++) {
            n = n << 8 | bytes[record + 2 + i] & 0xFF;
        }
        return n;
    }

    /** Frees the record {@link #peek} gave. Consumer only. */
    void drop(int record) {
        head.setRelease(head.get() + HEADER + length(record));
    }

    private void putShort(int pos, int value) {
        bytes[pos] = (byte) (value >>> 8);
        bytes[pos + 1] = (byte) value;
    }

    private int getShort(int pos) {
        return (bytes[pos] & 0xFF) << 8 | bytes[pos + 1] & 0xFF;
    }
}
