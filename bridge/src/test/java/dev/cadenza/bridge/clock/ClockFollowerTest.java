package dev.cadenza.bridge.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The follower against synthetic MIDI clock streams. Stated errors (checked here; "step error" is
 * the predicted start of the next sixteenth against the true, unjittered pulse):
 * <ul>
 *   <li>steady clock: tempo to 0.01 %, steps to 1 µs;
 *   <li>pulses jittered uniformly by ±1 ms (20 seeds), from the second beat on: tempo within 0.5 %,
 *       steps within 0.75 ms; from the fifth beat on (the full four-beat fit), within 0.5 ms;
 *   <li>an accelerando of 2.5 BPM per beat (100 to 140 BPM over 16 beats): tempo within 2 %, steps
 *       within 5 ms; a gentle one of 0.5 BPM per beat (120 to 128 over 16 beats): within 0.5 % and
 *       1 ms;
 *   <li>a jump from 120 to 90 BPM: tempo to 0.01 BPM and steps to 1 µs one beat after the jump.
 * </ul>
 */
class ClockFollowerTest {
    private static final double NANOS_PER_MINUTE = 60e9;
    private static final int SPQ = 4; // sixteenths: 6 pulses per step

    /** Pulse times of a tempo curve (BPM as a function of the pulse number), from {@code startNanos}. */
    private static long[] pulses(int count, long startNanos, DoubleUnaryOperator bpmAtPulse) {
        long[] t = new long[count];
        double now = startNanos;
        for (int p = 0; p < count; p++) {
            t[p] = Math.round(now);
            now += NANOS_PER_MINUTE / bpmAtPulse.applyAsDouble(p) / 24;
        }
        return t;
    }

    /**
     * Feeds a started stream pulse by pulse; after each pulse from {@code settlePulses} on, compares
     * the predicted start of the next step with the true time of its pulse. Returns {max step error
     * ns, max relative tempo error}.
     */
    private static double[] follow(ClockFollower follower, long[] truth, long[] received, int settlePulses,
            DoubleUnaryOperator bpmAtPulse) {
        follower.onMessage(ClockFollower.START, received[0] - 1_000_000);
        double maxStepError = 0;
        double maxTempoError = 0;
        for (int p = 0; p < received.length; p++) {
            follower.onMessage(ClockFollower.TIMING_CLOCK, received[p]);
            if (p < settlePulses) {
                continue;
            }
            assertTrue(follower.running());
            long step = follower.firstStep(SPQ, received[p]);
            int pulse = (int) step * 6;
            if (pulse < truth.length) {
                maxStepError = Math.max(maxStepError, Math.abs(follower.stepNanos(step, SPQ) - truth[pulse]));
            }
            double trueBpm = bpmAtPulse.applyAsDouble(p);
            maxTempoError = Math.max(maxTempoError, Math.abs(follower.bpm() - trueBpm) / trueBpm);
        }
        return new double[] {maxStepError, maxTempoError};
    }

    @Test
    @DisplayName("a steady clock gives the exact tempo and the steps' times")
    void locksToASteadyClock() {
        long[] t = pulses(24 * 16, 5_000_000_000L, p -> 120);
        double[] err = follow(new ClockFollower(), t, t, 2, p -> 120);
        assertTrue(err[0] <= 1_000, "step error " + err[0] + " ns");
        assertTrue(err[1] <= 1e-4, "tempo error " + err[1]);
    }

    @Test
    @DisplayName("pulses jittered by a millisecond still give a steady tempo and steps within half a millisecond")
    void staysSteadyUnderJitter() {
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            long[] truth = pulses(24 * 32, 5_000_000_000L, p -> 120);
            long[] jittered = truth.clone();
            for (int p = 0; p < jittered.length; p++) {
                jittered[p] += (long) ((r.nextDouble() * 2 - 1) * 1_000_000);
            }
            double[] err = follow(new ClockFollower(), truth, jittered, 24, p -> 120);
            assertTrue(err[0] <= 750_000, "seed " + seed + ": step error " + err[0] / 1e6 + " ms");
            assertTrue(err[1] <= 0.005, "seed " + seed + ": tempo error " + err[1] * 100 + " %");
            double[] settled = follow(new ClockFollower(), truth, jittered, 96, p -> 120);
            assertTrue(settled[0] <= 500_000, "seed " + seed + ": settled step error " + settled[0] / 1e6 + " ms");
        }
    }

    @Test
    @DisplayName("a steep accelerando from 100 to 140 BPM is followed within 2 % and 5 ms")
    void followsASteepRamp() {
        DoubleUnaryOperator ramp = p -> 100 + 40 * Math.min(1.0, p / (24.0 * 16));
        long[] t = pulses(24 * 20, 5_000_000_000L, ramp);
        double[] err = follow(new ClockFollower(), t, t, 24, ramp);
        assertTrue(err[0] <= 5_000_000, "step error " + err[0] / 1e6 + " ms");
        assertTrue(err[1] <= 0.02, "tempo error " + err[1] * 100 + " %");
    }

    @Test
    @DisplayName("a gentle accelerando from 120 to 128 BPM is followed within 0.5 % and 1 ms")
    void followsAGentleRamp() {
        DoubleUnaryOperator ramp = p -> 120 + 8 * Math.min(1.0, p / (24.0 * 16));
        long[] t = pulses(24 * 20, 5_000_000_000L, ramp);
        double[] err = follow(new ClockFollower(), t, t, 24, ramp);
        assertTrue(err[0] <= 1_000_000, "step error " + err[0] / 1e6 + " ms");
        assertTrue(err[1] <= 0.005, "tempo error " + err[1] * 100 + " %");
    }

    @Test
    @DisplayName("a jump from 120 to 90 BPM is taken in within one beat")
    void followsATempoJumpWithinABeat() {
        DoubleUnaryOperator jump = p -> p < 96 ? 120 : 90;
        long[] t = pulses(24 * 8, 5_000_000_000L, jump);
        ClockFollower follower = new ClockFollower();
        follower.onMessage(ClockFollower.START, t[0] - 1);
        for (int p = 0; p < t.length; p++) {
            follower.onMessage(ClockFollower.TIMING_CLOCK, t[p]);
            if (p >= 96 + 24) {
                assertEquals(90, follower.bpm(), 0.01, "one beat after the jump, pulse " + p);
                long step = follower.firstStep(SPQ, t[p]);
                if (step * 6 < t.length) {
                    assertEquals(t[(int) step * 6], follower.stepNanos(step, SPQ), 1_000);
                }
            }
        }
    }

    @Test
    @DisplayName("stop and continue resume at the song position where the clock stopped")
    void stopAndContinueResumeWhereItStopped() {
        long[] t = pulses(200, 5_000_000_000L, p -> 120);
        ClockFollower follower = new ClockFollower();
        int epoch0 = follower.epoch();
        follower.onMessage(ClockFollower.START, t[0] - 1);
        assertNotEquals(epoch0, follower.epoch());
        for (int p = 0; p < 30; p++) {
            follower.onMessage(ClockFollower.TIMING_CLOCK, t[p]);
        }
        int epochRunning = follower.epoch();
        follower.onMessage(ClockFollower.STOP, t[29] + 1);
        assertFalse(follower.running());
        assertNotEquals(epochRunning, follower.epoch());
        // the DAW keeps its clock running while stopped; the song position stays at pulse 30
        for (int p = 30; p < 100; p++) {
            follower.onMessage(ClockFollower.TIMING_CLOCK, t[p]);
        }
        assertFalse(follower.running());
        follower.onMessage(ClockFollower.CONTINUE, t[99] + 1);
        follower.onMessage(ClockFollower.TIMING_CLOCK, t[100]); // carries song pulse 30
        assertTrue(follower.running());
        assertEquals(t[100], follower.songPulseNanos(30), 1_000);
        assertEquals(t[106], follower.stepNanos(6, SPQ), 1_000, "step 6 is song pulse 36");
        assertEquals(6, follower.firstStep(SPQ, t[100] + 1));
    }

    @Test
    @DisplayName("a song position pointer moves where Continue resumes, in sixteenths")
    void songPositionPointerMovesTheResumePoint() {
        long[] t = pulses(120, 5_000_000_000L, p -> 100);
        ClockFollower follower = new ClockFollower();
        follower.onMessage(ClockFollower.START, t[0] - 1);
        for (int p = 0; p < 48; p++) {
            follower.onMessage(ClockFollower.TIMING_CLOCK, t[p]);
        }
        follower.onMessage(ClockFollower.STOP, t[47] + 1);
        int epoch = follower.epoch();
        follower.onSongPosition(64); // bar 5 in 4/4
        assertNotEquals(epoch, follower.epoch());
        follower.onMessage(ClockFollower.CONTINUE, t[59] + 1);
        follower.onMessage(ClockFollower.TIMING_CLOCK, t[60]); // song pulse 64 * 6 = 384
        assertEquals(64, follower.firstStep(SPQ, t[60] - 1));
        assertEquals(t[60], follower.stepNanos(64, SPQ), 1_000);
        assertEquals(100, follower.bpm(), 0.01, "the tempo survives the stop");
    }

    @Test
    @DisplayName("a pause in the pulses restarts the fit instead of bending the tempo")
    void aPauseRestartsTheFit() {
        long[] before = pulses(48, 5_000_000_000L, p -> 120);
        long[] after = pulses(48, 20_000_000_000L, p -> 120);
        ClockFollower follower = new ClockFollower();
        follower.onMessage(ClockFollower.START, before[0] - 1);
        for (long t : before) {
            follower.onMessage(ClockFollower.TIMING_CLOCK, t);
        }
        follower.onMessage(ClockFollower.STOP, before[47] + 1);
        follower.onMessage(ClockFollower.START, after[0] - 1);
        for (int p = 0; p < 3; p++) {
            follower.onMessage(ClockFollower.TIMING_CLOCK, after[p]);
            assertEquals(120, follower.bpm(), 0.01);
        }
        assertEquals(after[6], follower.stepNanos(1, SPQ), 1_000);
    }
}
