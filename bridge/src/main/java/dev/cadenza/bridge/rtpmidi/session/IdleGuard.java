package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.rtpmidi.wire.MidiBytes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The other half of the recovery-journal decision: Cadenza sends no journal, so a lost note-off
 * would leave a note hanging at the receiver. Once the output has been idle for a while with no
 * note held, the session sends All Notes Off on every channel that had a note since the last
 * guard; a lost note-off then hangs for that long at most, and a held note is never cut.
 *
 * <p>{@link #recordSent} runs on the one sending thread; {@link #channelsToSilence} on the event
 * loop. Both are real-time safe: no allocation, no lock. Without a lock, a note-on sent in the
 * very instant the guard fires may be cut by it: a note silenced early, never one left hanging.
 */
final class IdleGuard {
    private final long idleNanos;
    private final NoteState notes = new NoteState(); // sending thread only
    private final byte[] scratch = new byte[3]; // sending thread only
    private final AtomicInteger usedChannels = new AtomicInteger();
    private volatile int heldNotes;
    private volatile long lastSendNanos;

    IdleGuard(long idleNanos) {
        this.idleNanos = idleNanos;
    }

    /** Follows the messages just sent; the bytes were already checked by the codec. Sending thread only. */
    void recordSent(byte[] midi, int offset, int length, long nowNanos) {
        int end = offset + length;
        int running = 0;
        int i = offset;
        while (i < end) {
            int b = midi[i] & 0xFF;
            if (b >= 0x80) {
                int data = MidiBytes.dataBytes(b);
                if (data == MidiBytes.SYSEX) {
                    while (i < end && (midi[i] & 0xFF) != 0xF7) {
                        i++;
                    }
                    i++;
                    running = 0;
                    continue;
                }
                data = Math.max(data, 0);
                notes.track(midi, i, 1 + data);
                if (MidiBytes.isChannelStatus(b)) {
                    running = b;
                } else if (!MidiBytes.isRealTime(b)) {
                    running = 0;
                }
                i += 1 + data;
            } else {
                int data = Math.max(MidiBytes.dataBytes(running), 0);
                scratch[0] = (byte) running;
                System.arraycopy(midi, i, scratch, 1, Math.min(data, 2));
                notes.track(scratch, 0, 1 + data);
                i += Math.max(data, 1);
            }
        }
        int used = notes.takeUsedChannels();
        if (used != 0) {
            usedChannels.getAndUpdate(u -> u | used);
        }
        heldNotes = notes.heldCount();
        lastSendNanos = nowNanos;
    }

    /**
     * The channels to send All Notes Off on now, as bits (0 for none): those used since the last
     * guard, once the output has been idle long enough with no note held. Event loop only.
     */
    int channelsToSilence(long nowNanos) {
        if (usedChannels.get() == 0 || heldNotes != 0 || nowNanos - lastSendNanos < idleNanos) {
            return 0;
        }
        return usedChannels.getAndSet(0);
    }
}
