package dev.cadenza.bridge.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.testing.ManualClock;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClockReceiverTest {

    @Test
    @DisplayName("MIDI input messages drive the follower, stamped with the stream's clock on arrival")
    void inputMessagesDriveTheFollower() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000L);
        ClockFollower follower = new ClockFollower();
        ClockReceiver receiver = new ClockReceiver(follower, clock);
        long pulse = 20_833_333L;
        receiver.send(new ShortMessage(ShortMessage.SONG_POSITION_POINTER, 8, 1), -1); // 8 + 1*128 = 136 sixteenths
        receiver.send(new ShortMessage(ShortMessage.CONTINUE), 123_456L); // the device's stamp is ignored
        assertFalse(follower.running());
        for (int p = 0; p < 30; p++) {
            receiver.send(new ShortMessage(ShortMessage.TIMING_CLOCK), -1);
            clock.advance(pulse);
        }
        assertTrue(follower.running());
        assertEquals(120, follower.bpm(), 0.01);
        assertEquals(1_000_000_000L, follower.songPulseNanos(136 * 6), 1_000, "the first pulse carried the position");
        receiver.send(new ShortMessage(ShortMessage.STOP), -1);
        assertFalse(follower.running());
        receiver.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 100), -1); // not the clock's business
    }
}
