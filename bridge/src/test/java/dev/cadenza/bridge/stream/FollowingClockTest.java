package dev.cadenza.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.clock.ClockFollower;
import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import dev.cadenza.bridge.testing.StreamRig;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The stream following a DAW's MIDI clock: steps on the DAW's grid, stop and continue. */
class FollowingClockTest {
    private static final long PULSE = Math.round(60e9 / 100 / 24); // 100 BPM
    private static final long DAW_START = 2_000_000_000L;

    /**
     * A DAW that sends Start at DAW_START - 1 ms and pulses from DAW_START (and, with a preroll,
     * pulses before Start too, as most DAWs do while stopped), Stop and Continue on cue.
     */
    private static final class Daw {
        final ClockFollower follower;
        long startAt = DAW_START - 1_000_000;
        long nextPulseNanos;
        boolean preroll;
        boolean started;
        boolean stopped;
        long stopAtPulse = Long.MAX_VALUE;
        long continueAtPulse = Long.MAX_VALUE;
        long pulses;

        Daw(ClockFollower follower, int prerollPulses) {
            this.follower = follower;
            this.preroll = prerollPulses > 0;
            this.nextPulseNanos = DAW_START - prerollPulses * PULSE;
        }

        long turn(long now) {
            while (true) {
                if (!started && now >= startAt && startAt < nextPulseNanos) {
                    follower.onMessage(ClockFollower.START, startAt);
                    started = true;
                    continue;
                }
                if (now < nextPulseNanos || !started && !preroll) {
                    break;
                }
                if (started && pulses == stopAtPulse && !stopped) {
                    follower.onMessage(ClockFollower.STOP, nextPulseNanos - 1);
                    stopped = true;
                }
                if (started && pulses == continueAtPulse && stopped) {
                    follower.onMessage(ClockFollower.CONTINUE, nextPulseNanos - 1);
                    stopped = false;
                }
                follower.onMessage(ClockFollower.TIMING_CLOCK, nextPulseNanos);
                if (started) {
                    pulses++;
                }
                nextPulseNanos += PULSE;
            }
            return started || preroll ? Math.min(nextPulseNanos, started ? Long.MAX_VALUE : startAt) : startAt;
        }
    }

    @Test
    @DisplayName("with the DAW's clock running before Start, the first step lands on the first pulse after it")
    void theDownbeatIsPlayedWhenTheClockRunsBeforeStart() {
        ClockFollower follower = new ClockFollower();
        Daw daw = new Daw(follower, 96);
        daw.startAt = DAW_START - PULSE / 2; // time enough to compute step 0 before its pulse
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withLookaheadSteps(1), 120, follower);
        rig.runUntil(DAW_START + 60 * PULSE, daw::turn);
        Sent first = rig.port.sent().stream().filter(Sent::noteOn).findFirst().orElseThrow();
        assertEquals(DAW_START, first.nanos(), 1_000, "the first note is on the first pulse after Start");
        assertEquals(0, rig.stats.stepsMissed());
    }

    @Test
    @DisplayName("following a DAW's clock, every step lands on its sixth pulse")
    void stepsLandOnTheDawsGrid() {
        ClockFollower follower = new ClockFollower();
        Daw daw = new Daw(follower, 0);
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withLookaheadSteps(1), 120, follower);
        rig.runUntil(DAW_START + 400 * PULSE, daw::turn);
        List<Sent> notes = rig.port.sent().stream().filter(s -> s.noteOn() || s.noteOff()).toList();
        assertTrue(notes.size() > 50);
        for (Sent s : notes) {
            long pulses = Math.round((double) (s.nanos() - DAW_START) / PULSE);
            assertEquals(0, pulses % 6, "a note off the sixteenth grid at " + s);
            assertEquals(DAW_START + pulses * PULSE, s.nanos(), 1_000, "a note off its pulse's time: " + s);
        }
        assertEquals(0, rig.stats.lateDrops());
        assertEquals(100, follower.bpm(), 0.01);
    }

    @Test
    @DisplayName("the DAW's Stop silences every note; Continue resumes on the grid where it stopped")
    void stopSilencesAndContinueResumes() {
        ClockFollower follower = new ClockFollower();
        Daw daw = new Daw(follower, 0);
        daw.stopAtPulse = 120;
        daw.continueAtPulse = 240;
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withLookaheadSteps(2), 120, follower);
        rig.runUntil(DAW_START + 180 * PULSE, daw::turn);
        assertTrue(rig.port.sounding().isEmpty(), "nothing sounds while the DAW is stopped");
        long stoppedAt = DAW_START + 120 * PULSE;
        assertTrue(rig.port.sent().stream().filter(s -> s.nanos() > stoppedAt + PULSE).noneMatch(Sent::noteOn));
        rig.runUntil(DAW_START + 400 * PULSE, daw::turn);
        // after Continue, pulse 240 (wall) carries song pulse 120: notes resume on its sixteenth grid
        long resumed = DAW_START + 240 * PULSE;
        List<Sent> after = rig.port.sent().stream().filter(s -> s.nanos() >= resumed && s.noteOn()).toList();
        assertTrue(after.size() > 10);
        for (Sent s : after) {
            long pulses = Math.round((double) (s.nanos() - resumed) / PULSE);
            assertEquals(0, pulses % 6, "off the grid after Continue: " + s);
        }
    }
}
