package dev.cadenza.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.RecordingPort;
import dev.cadenza.bridge.testing.StreamRig;
import dev.cadenza.bridge.testing.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Property: however a stream ends (a stop at any moment, an exception in the model, a port that
 * vanished and came back, a panic or a mute on the way), nothing is left sounding. The fake port
 * counts only note-ons and note-offs, so every note must get its own note-off; All Notes Off is
 * checked separately.
 */
class NoStuckNotesPropertyTest {
    private static final long STEP = 125_000_000L;

    @Test
    @DisplayName("stopping at random moments across 400 seeded runs leaves no note sounding")
    void stoppingAtRandomMomentsLeavesNothingSounding() {
        for (long seed = 0; seed < 400; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            StreamOptions options = StreamOptions.defaults()
                    .withLookaheadSteps(1 + r.nextInt(4))
                    .withSwing(r.nextInt(3) * 0.2)
                    .withSendClock(r.nextBoolean())
                    .withChannel(r.nextInt(16))
                    .withVelocity(r.nextBoolean() ? Velocity.parse("50-100") : Velocity.parse("model"))
                    .withSeed(seed);
            if (r.nextInt(4) == 0) {
                options = options.withSteps(r.nextInt(40));
            }
            FakeModel model = new FakeModel(r.nextBoolean() ? 4 : 2);
            if (r.nextInt(3) == 0) {
                model.throwAtStep(r.nextInt(40));
            }
            StreamRig rig = new StreamRig(model, options, 60 + r.nextInt(140)).start(r.nextInt(300_000_000));
            long stopAt = rig.clock.nanos() + (long) (r.nextDouble() * 45 * STEP);
            boolean vanish = r.nextInt(4) == 0;
            long vanishAt = rig.clock.nanos() + (long) (r.nextDouble() * 30 * STEP);
            long backAt = vanishAt + (long) (r.nextDouble() * 8 * STEP);
            long disturbAt = rig.clock.nanos() + (long) (r.nextDouble() * 40 * STEP);
            int disturbance = r.nextInt(4);
            if (vanish && vanishAt < stopAt) {
                rig.runUntil(vanishAt);
                rig.port.vanish();
                if (backAt < stopAt) {
                    rig.runUntil(backAt);
                    rig.port.reappear();
                    rig.emitter.replacePort(rig.port);
                }
            }
            if (disturbAt < stopAt) {
                rig.runUntil(disturbAt);
                switch (disturbance) {
                    case 0 -> rig.live.panic();
                    case 1 -> rig.live.toggleMute();
                    case 2 -> rig.live.restart();
                    default -> rig.live.gibbsSteps(1);
                }
            }
            rig.runUntil(stopAt);
            rig.stop();

            if (!rig.port.vanished()) {
                assertEquals(List.of(), List.copyOf(rig.port.sounding()), "seed " + seed + ": notes left sounding");
                assertEquals(0, rig.emitter.soundingCount(), "seed " + seed);
                boolean anyNote = rig.port.sent().stream().anyMatch(RecordingPort.Sent::noteOn);
                if (anyNote) {
                    RecordingPort.Sent last = rig.port.sent().get(rig.port.sent().size() - 1);
                    int lastStatus = last.status();
                    assertTrue(lastStatus == 0xFC || (lastStatus & 0xF0) == 0xB0 && last.data1() == 123,
                            "seed " + seed + ": the stream ends with All Notes Off (and Stop as clock master)");
                }
            }
        }
    }

    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a timing check
    @Test
    @DisplayName("stopping the threaded stream at random moments leaves no note sounding")
    void stoppingTheThreadedStreamLeavesNothingSounding() throws InterruptedException {
        for (long seed = 0; seed < 25; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            VirtualClock clock = new VirtualClock();
            int stopAfter = 1 + r.nextInt(120);
            CountDownLatch enough = new CountDownLatch(stopAfter);
            RecordingPort port = new RecordingPort("fake", clock).onSend(enough::countDown);
            FakeModel model = new FakeModel(4);
            if (r.nextInt(3) == 0) {
                model.throwAtStep(r.nextInt(30));
            }
            List<String> log = new ArrayList<>();
            LiveStream stream = LiveStream.builder(model, port).clock(clock)
                    .options(StreamOptions.defaults().withSeed(seed).withLookaheadSteps(1 + r.nextInt(3)))
                    .log(log::add)
                    .build()
                    .start();
            while (!enough.await(1, TimeUnit.MILLISECONDS) && stream.running()) {
                // wait for enough events, or for the stream to end by itself (the model threw)
            }
            stream.stop();
            assertEquals(List.of(), List.copyOf(port.sounding()), "seed " + seed + ": notes left sounding");
            assertEquals(0, stream.soundingCount());
            if (port.sent().stream().anyMatch(RecordingPort.Sent::noteOn)) {
                assertTrue(port.sent().stream().anyMatch(s -> s.status() == 0xB0 && s.data1() == 123),
                        "seed " + seed + ": All Notes Off was sent");
            }
            assertTrue(port.closed(), "the port is closed at the end");
        }
    }

    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a timing check
    @Test
    @DisplayName("an exception in the model ends the stream with every note off, and is reported")
    void anExceptionInTheModelEndsEveryNote() throws InterruptedException {
        VirtualClock clock = new VirtualClock();
        RecordingPort port = new RecordingPort("fake", clock);
        FakeModel model = new FakeModel(4).throwAtStep(20);
        LiveStream stream = LiveStream.builder(model, port).clock(clock).log(m -> { }).build();
        // time stands still until the generator, the emitter and the port watcher all take part: a
        // loaded machine once started the emitter late, time ran on without it, and the 20 steps
        // before the failure were all too late to send
        clock.hold();
        try {
            stream.start();
            clock.awaitParticipants(3, 30_000);
        } finally {
            clock.release();
        }
        RuntimeException failure = stream.awaitEnd();
        assertEquals("fake model failure at step 20", failure.getMessage());
        assertTrue(port.sent().stream().anyMatch(RecordingPort.Sent::noteOn));
        assertEquals(List.of(), List.copyOf(port.sounding()));
    }
}
