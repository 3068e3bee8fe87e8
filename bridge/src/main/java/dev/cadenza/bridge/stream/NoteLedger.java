package dev.cadenza.bridge.stream;

/**
 * Which notes sound on which channel, and which channels were ever used: what a panic must
 * silence. Preallocated; every method is real-time safe. One thread at a time.
 */
public final class NoteLedger {
    private final boolean[] sounding = new boolean[16 * 128];
    private final boolean[] used = new boolean[16];
    private int count;

    /** Updates the ledger with a message that was sent. */
    public void sent(int status, int data1, int data2) {
        int kind = status & 0xF0;
        int channel = status & 0x0F;
        if (kind == MidiEvents.NOTE_ON || kind == MidiEvents.NOTE_OFF || kind == MidiEvents.CONTROL_CHANGE
                || kind == MidiEvents.PROGRAM_CHANGE) {
            used[channel] = true;
        }
        if (MidiEvents.isNoteOn(status, data2)) {
            set(channel, data1, true);
        } else if (MidiEvents.isNoteOff(status, data2)) {
            set(channel, data1, false);
        } else if (kind == MidiEvents.CONTROL_CHANGE
                && (data1 == MidiEvents.ALL_NOTES_OFF || data1 == MidiEvents.ALL_SOUND_OFF)) {
            for (int pitch = 0; pitch < 128; pitch++) {
                set(channel, pitch, false);
            }
        }
    }

    private void set(int channel, int pitch, boolean on) {
        int i = channel * 128 + pitch;
        if (sounding[i] != on) {
            sounding[i] = on;
            count += on ? 1 : -1;
        }
    }

    public boolean sounding(int channel, int pitch) {
        return sounding[channel * 128 + pitch];
    }

    /** Whether any note sounds on {@code channel}. */
    public boolean soundingOn(int channel) {
        for (int pitch = 0; pitch < 128; pitch++) {
            if (sounding[channel * 128 + pitch]) {
                return true;
            }
        }
        return false;
    }

    public boolean used(int channel) {
        return used[channel];
    }

    /** Number of notes sounding on all channels. */
    public int count() {
        return count;
    }
}
