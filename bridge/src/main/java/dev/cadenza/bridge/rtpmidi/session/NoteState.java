package dev.cadenza.bridge.rtpmidi.session;

/**
 * Which notes are held, per channel, as a stream of MIDI messages leaves them. Used for the notes
 * a participant holds (to release them when it vanishes) and for the notes this session holds
 * (so that the idle guard never cuts one). One thread only; no allocation.
 */
final class NoteState {
    private final long[] bits = new long[16 * 2]; // 16 channels x 128 keys
    private int held;
    private int usedChannels;

    /** Follows one complete message (status byte first). */
    void track(byte[] midi, int offset, int length) {
        if (length < 1) {
            return;
        }
        int status = midi[offset] & 0xFF;
        int kind = status & 0xF0;
        int channel = status & 0x0F;
        if ((kind == 0x90 || kind == 0x80) && length >= 3) {
            int key = midi[offset + 1] & 0x7F;
            boolean on = kind == 0x90 && (midi[offset + 2] & 0x7F) != 0;
            set(channel, key, on);
            if (on) {
                usedChannels |= 1 << channel;
            }
        } else if (kind == 0xB0 && length >= 3) {
            int controller = midi[offset + 1] & 0x7F;
            if (controller == 120 || controller == 123) { // All Sound Off, All Notes Off
                clearChannel(channel);
            }
        }
    }

    private void set(int channel, int key, boolean on) {
        int word = channel * 2 + (key >>> 6);
        long mask = 1L << (key & 63);
        boolean was = (bits[word] & mask) != 0;
        if (on && !was) {
            bits[word] |= mask;
            held++;
        } else if (!on && was) {
            bits[word] &= ~mask;
            held--;
        }
    }

    private void clearChannel(int channel) {
        held -= Long.bitCount(bits[channel * 2]) + Long.bitCount(bits[channel * 2 + 1]);
        bits[channel * 2] = 0;
        bits[channel * 2 + 1] = 0;
    }

    int heldCount() {
        return held;
    }

    /** The channels that had a note-on since the last call, as bits; clears them. */
    int takeUsedChannels() {
        int used = usedChannels;
        usedChannels = 0;
        return used;
    }

    interface HeldNoteConsumer {
        void accept(int channel, int key);
    }

    /** Calls {@code consumer} for each held note, then forgets them all. */
    void releaseAll(HeldNoteConsumer consumer) {
        for (int channel = 0; channel < 16; channel++) {
            for (int half = 0; half < 2; half++) {
                long word = bits[channel * 2 + half];
                while (word != 0) {
                    int bit = Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                    consumer.accept(channel, half * 64 + bit);
                }
                bits[channel * 2 + half] = 0;
            }
        }
        held = 0;
    }
}
