package dev.cadenza.bridge.clock;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;

/**
 * Feeds a {@link ClockFollower} from a MIDI input: timing clock, Start, Continue, Stop and Song
 * Position Pointer, each stamped with the stream's clock when it arrives (the JDK's own time stamps
 * are in device time, unrelated to it).
 *
 * <p>Thread contract: {@link #send} on the JDK's MIDI input thread only; allocation-free.
 */
public final class ClockReceiver implements Receiver {
    private final ClockFollower follower;
    private final NanoClock clock;

    public ClockReceiver(ClockFollower follower, NanoClock clock) {
        this.follower = follower;
        this.clock = clock;
    }

    @Override
    public void send(MidiMessage message, long timeStamp) {
        long now = clock.nanos();
        int status = message.getStatus();
        if (status == ClockFollower.SONG_POSITION && message.getLength() >= 3) {
            byte[] b = message.getMessage();
            follower.onSongPosition((b[1] & 0x7F) | (b[2] & 0x7F) << 7);
        } else if (status >= 0xF8) {
            follower.onMessage(status, now);
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
