package dev.cadenza.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import dev.cadenza.bridge.testing.StreamRig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The generation and emission sides driven by a manual clock: order, times, misses, options. */
class SchedulerTest {
    private static final long START_DELAY = 500_000_000L;
    private static final long STEP_NANOS = 125_000_000L; // 16ths at 120 BPM

    private static long origin(StreamRig rig) {
        return 1_000_000_000L + START_DELAY;
    }

    /** The note events the frames should give, at their steps' times, by the rules of the roll. */
    private static List<Sent> expectedNotes(List<String> frames, long origin, long stepNanos, int velocity) {
        return expectedNotes(frames, s -> origin + s * stepNanos, velocity);
    }

    /** As above, step {@code s} starting at {@code stepTime(s)}. */
    private static List<Sent> expectedNotes(List<String> frames, java.util.function.LongUnaryOperator stepTime,
            int velocity) {
        List<Sent> expected = new ArrayList<>();
        boolean[] sounding = new boolean[FakeModel.RANGE.size()];
        for (int s = 0; s < frames.size(); s++) {
            String f = frames.get(s);
            long t = stepTime.applyAsLong(s);
            for (int i = 0; i < sounding.length; i++) {
                if (sounding[i] && f.charAt(i) != '-') {
                    expected.add(new Sent(t, 0x80, FakeModel.RANGE.pitch(i), 0));
                    sounding[i] = false;
                }
            }
            for (int i = 0; i < sounding.length; i++) {
                if (f.charAt(i) != '.' && !sounding[i]) {
                    expected.add(new Sent(t, 0x90, FakeModel.RANGE.pitch(i), velocity));
                    sounding[i] = true;
                }
            }
        }
        long end = stepTime.applyAsLong(frames.size());
        for (int i = 0; i < sounding.length; i++) {
            if (sounding[i]) {
                expected.add(new Sent(end, 0x80, FakeModel.RANGE.pitch(i), 0));
            }
        }
        return expected;
    }

    private static List<Sent> notes(List<Sent> sent) {
        return sent.stream().filter(s -> s.noteOn() || s.noteOff()).toList();
    }

    @Test
    @DisplayName("every event is sent in order, exactly at its step's time, as the frames say")
    void eventsAreSentInOrderAndOnTime() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withSteps(64), 120).start(START_DELAY);
        rig.runFor(20_000_000_000L);

        List<Sent> sent = rig.port.sent();
        for (int i = 1; i < sent.size(); i++) {
            assertTrue(sent.get(i).nanos() >= sent.get(i - 1).nanos(), "event " + i + " sent before the one ahead of it");
        }
        assertEquals(64, rig.model.frames.size());
        assertEquals(expectedNotes(rig.model.frames, origin(rig), STEP_NANOS, 90), notes(sent));
        assertEquals(0, rig.stats.stepsMissed());
        assertEquals(0, rig.stats.lateDrops());
        assertEquals(0, rig.stats.errorMaxNanos(), "a manual clock sends every event exactly on time");
        assertTrue(rig.generator.finished());
        assertTrue(rig.port.sounding().isEmpty(), "the end of the stream ends every note");
    }

    @Test
    @DisplayName("the generator never runs further ahead than its look-ahead window")
    void theGeneratorStaysWithinItsLookAhead() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withLookaheadSteps(3), 120)
                .start(START_DELAY);
        List<Long> aheadAtSample = new ArrayList<>();
        rig.model.onSample(step -> aheadAtSample.add(origin(rig) + step * STEP_NANOS - rig.clock.nanos()));
        rig.runFor(START_DELAY + 40 * STEP_NANOS);
        assertTrue(aheadAtSample.size() >= 40);
        for (long ahead : aheadAtSample) {
            assertTrue(ahead <= 3 * STEP_NANOS && ahead > 0, "a step was computed " + ahead + " ns ahead");
        }
    }

    @Test
    @DisplayName("a step not ready by its deadline is held, counted, and the next steps cost less")
    void aMissedStepIsHeldCountedAndCheaper() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withSteps(32), 120);
        // step 10 takes 300 ms to compute while the emitter keeps sending on its own thread
        rig.model.onSample(step -> {
            if (step == 10) {
                long until = rig.clock.nanos() + 300_000_000L;
                while (rig.clock.nanos() < until) {
                    long next = rig.emitter.emit(rig.clock.nanos());
                    rig.clock.set(Math.min(next, until));
                }
                rig.emitter.emit(rig.clock.nanos());
            }
        });
        rig.start(START_DELAY).runFor(20_000_000_000L);

        assertEquals(1, rig.stats.stepsMissed());
        assertEquals(0, rig.stats.lateDrops(), "nothing was sent late");
        long step10 = origin(rig) + 10 * STEP_NANOS;
        assertTrue(rig.port.sent().stream().noneMatch(s -> s.nanos() == step10), "the missed step sent nothing");
        assertTrue(rig.port.sent().stream().anyMatch(s -> s.nanos() == step10 + STEP_NANOS),
                "the step after it is played on time");
        assertEquals(24, (int) rig.model.gibbsAsked.get(10));
        assertEquals(12, (int) rig.model.gibbsAsked.get(11), "Gibbs steps are halved after a miss");
        assertEquals(0, rig.stats.errorMaxNanos());
        assertTrue(rig.port.sounding().isEmpty());
    }

    @Test
    @DisplayName("a note-on whose time has passed is dropped, never sent late, but its note-offs go out")
    void aLateNoteOnIsDroppedButNoteOffsAreSent() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults(), 120).start(START_DELAY);
        long step5 = origin(rig) + 5 * STEP_NANOS;
        rig.runUntil(step5 - 1);
        int before = rig.port.sent().size();
        rig.clock.set(step5 + 50_000_000L); // the emission thread was held up 50 ms
        rig.emitter.emit(rig.clock.nanos());
        List<Sent> late = rig.port.sent().subList(before, rig.port.sent().size());
        assertTrue(late.stream().noneMatch(Sent::noteOn), "no late note-on was sent");
        assertTrue(rig.stats.lateDrops() > 0);
        String frame4 = rig.model.frames.get(4);
        String frame5 = rig.model.frames.get(5);
        long endings = 0;
        for (int i = 0; i < frame5.length(); i++) {
            // a note from step 4 or earlier that step 5 ends or strikes again
            if (frame5.charAt(i) != '-' && frame4.charAt(i) != '.') {
                endings++;
            }
        }
        assertEquals(endings, late.stream().filter(Sent::noteOff).count());
    }

    @Test
    @DisplayName("swing delays odd steps and the latency offset moves everything earlier")
    void swingAndLatencyMoveEventsAsAsked() {
        StreamOptions options = StreamOptions.defaults().withSwing(0.25).withLatencyNanos(10_000_000L).withSteps(16);
        StreamRig rig = new StreamRig(new FakeModel(4), options, 120).start(START_DELAY);
        rig.runFor(10_000_000_000L);
        long origin = origin(rig);
        for (Sent s : notes(rig.port.sent())) {
            long t = s.nanos() + 10_000_000L - origin;
            long step = Math.floorDiv(t, STEP_NANOS);
            long offset = t - step * STEP_NANOS;
            long expected = step % 2 == 1 ? STEP_NANOS / 4 : 0;
            assertEquals(expected, offset, "event at step " + step);
        }
        assertTrue(rig.port.sent().stream().anyMatch(s -> (s.nanos() + 10_000_000L - origin) % STEP_NANOS != 0));
    }

    @Test
    @DisplayName("channel, program change and a humanised velocity range are applied")
    void channelProgramAndVelocityAreApplied() {
        StreamOptions options = StreamOptions.defaults().withChannel(9).withProgram(33)
                .withVelocity(Velocity.parse("60-70")).withSteps(32);
        StreamRig rig = new StreamRig(new FakeModel(4), options, 120).start(START_DELAY);
        rig.runFor(10_000_000_000L);
        List<Sent> sent = rig.port.sent();
        assertEquals(new Sent(origin(rig), 0xC9, 33, 0), sent.get(0), "program change first");
        assertTrue(sent.stream().allMatch(s -> (s.status() & 0x0F) == 9));
        assertTrue(sent.stream().filter(Sent::noteOn).allMatch(s -> s.data2() >= 60 && s.data2() <= 70));
        assertTrue(sent.stream().filter(Sent::noteOn).map(Sent::data2).distinct().count() > 3, "humanised");
    }

    @Test
    @DisplayName("velocities come from the model's frame when asked")
    void velocitiesComeFromTheModel() {
        StreamOptions options = StreamOptions.defaults().withVelocity(Velocity.parse("model")).withSteps(16);
        StreamRig rig = new StreamRig(new FakeModel(4), options, 120).start(START_DELAY);
        rig.runFor(10_000_000_000L);
        for (Sent s : rig.port.sent()) {
            if (s.noteOn()) {
                assertEquals(40 + FakeModel.RANGE.index(s.data1()), s.data2());
            }
        }
    }

    @Test
    @DisplayName("as clock master, six pulses per sixteenth follow Start, and a stop sends Stop")
    void clockMasterSendsPulses() {
        StreamOptions options = StreamOptions.defaults().withSendClock(true);
        StreamRig rig = new StreamRig(new FakeModel(4), options, 120).start(START_DELAY);
        rig.runUntil(origin(rig) + 8 * STEP_NANOS - 1);
        rig.stop();
        List<Sent> sent = rig.port.sent();
        assertEquals(0xFA, sent.get(0).status());
        List<Long> pulses = sent.stream().filter(s -> s.status() == 0xF8).map(Sent::nanos).toList();
        assertEquals(48, pulses.size());
        for (int p = 0; p < pulses.size(); p++) {
            assertEquals(origin(rig) + p * STEP_NANOS / 6, pulses.get(p), "pulse " + p);
        }
        assertEquals(0xFC, sent.get(sent.size() - 1).status());
    }

    @Test
    @DisplayName("a tempo change keeps the beat reached: the steps after those generated ahead come at the new tempo")
    void aTempoChangeKeepsTheBeat(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withSteps(48), 120).start(START_DELAY);
        rig.live.transport(rig.transport);
        rig.generator.recordTempo(rig.recorder);
        long change = origin(rig) + 20 * STEP_NANOS + STEP_NANOS / 2; // half way through step 20
        rig.runUntil(change);
        long ahead = rig.generator.nextStep(); // the steps before it were generated at the old tempo
        assertTrue(ahead > 21, "steps generated ahead: up to " + ahead);
        assertTrue(rig.live.tempo(60));
        assertEquals(60, rig.live.tempo(), 1e-9);
        assertEquals(21, rig.transport.firstStep(4, change), "the beat reached is kept");
        assertEquals(change + STEP_NANOS, rig.transport.stepNanos(21, 4), "half a 16th left, at half the speed");
        rig.runFor(30_000_000_000L);

        List<Sent> sent = rig.port.sent();
        for (int i = 1; i < sent.size(); i++) {
            assertTrue(sent.get(i).nanos() >= sent.get(i - 1).nanos(), "event " + i + " sent before the one ahead of it");
        }
        long o = origin(rig);
        assertEquals(expectedNotes(rig.model.frames,
                s -> s < ahead ? o + s * STEP_NANOS : change + STEP_NANOS + (s - 21) * 2 * STEP_NANOS, 90), notes(sent));
        assertEquals(0, rig.stats.stepsMissed());

        // the recording's tempo map puts every step on its own tick (240 a 16th), across the change
        java.nio.file.Path take = dir.resolve("take.mid");
        rig.recorder.write(take, 120, o);
        javax.sound.midi.Sequence file = javax.sound.midi.MidiSystem.getSequence(take.toFile());
        List<Sent> inTicks = new ArrayList<>();
        List<String> tempos = new ArrayList<>();
        javax.sound.midi.Track track = file.getTracks()[0];
        for (int i = 0; i < track.size(); i++) {
            javax.sound.midi.MidiEvent e = track.get(i);
            if (e.getMessage() instanceof javax.sound.midi.ShortMessage m) {
                inTicks.add(new Sent(e.getTick(), m.getCommand() == 0x90 && m.getData2() > 0 ? 0x90 : 0x80,
                        m.getData1(), m.getCommand() == 0x90 ? m.getData2() : 0));
            } else if (e.getMessage() instanceof javax.sound.midi.MetaMessage m && m.getType() == 0x51) {
                byte[] d = m.getData();
                tempos.add(e.getTick() + ":" + ((d[0] & 0xFF) << 16 | (d[1] & 0xFF) << 8 | d[2] & 0xFF));
            }
        }
        assertEquals(expectedNotes(rig.model.frames, s -> s * 240, 90), inTicks);
        assertEquals(List.of("0:500000", (ahead - 1) * 240 + ":" + Math.round((change + STEP_NANOS + (ahead - 21)
                * 2 * STEP_NANOS - (o + (ahead - 1) * STEP_NANOS)) * 4 / 1000.0), ahead * 240 + ":1000000"), tempos,
                "120 BPM, the step that lasted longer than planned, then 60 BPM");

        assertTrue(rig.live.tempo(1000), "a tempo out of range is moved into it");
        assertEquals(400, rig.live.tempo(), 1e-9);
        assertThrows(dev.cadenza.bridge.BridgeException.class, () -> rig.transport.proposeTempo(10));
    }

    @Test
    @DisplayName("live controls take effect at the next step: Gibbs steps, mute, restart")
    void liveControlsTakeEffectAtTheNextStep() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults(), 120).start(START_DELAY);
        rig.runUntil(origin(rig) + 10 * STEP_NANOS);
        int computed = rig.model.gibbsAsked.size();
        rig.live.gibbsSteps(5);
        rig.live.muted(true);
        int resets = rig.model.resets;
        rig.live.restart();
        long muteFrom = origin(rig) + computed * STEP_NANOS;
        rig.runUntil(origin(rig) + 20 * STEP_NANOS);
        assertEquals(24, (int) rig.model.gibbsAsked.get(computed - 1));
        assertEquals(5, (int) rig.model.gibbsAsked.get(computed));
        assertEquals(resets + 1, rig.model.resets);
        assertTrue(rig.port.sent().stream().filter(s -> s.nanos() >= muteFrom).noneMatch(Sent::noteOn));
        assertTrue(rig.port.sounding().isEmpty(), "muting ends every note at the next step");
    }

    @Test
    @DisplayName("a panic silences everything now and drops what was generated ahead")
    void aPanicSilencesEverythingNow() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withLookaheadSteps(4), 120)
                .start(START_DELAY);
        rig.runUntil(origin(rig) + 10 * STEP_NANOS + 1);
        rig.live.panic();
        rig.runFor(1); // the generator sees the panic and begins a new epoch, the emitter silences
        assertTrue(rig.port.sounding().isEmpty());
        assertTrue(rig.port.sent().stream().anyMatch(s -> s.status() == 0xB0 && s.data1() == 123));
        rig.runFor(STEP_NANOS * 3 / 2);
        assertTrue(rig.stats.staleDrops() > 0, "events generated before the panic are dropped");
        assertTrue(rig.port.sent().stream().anyMatch(s -> s.noteOn() && s.nanos() > origin(rig) + 10 * STEP_NANOS),
                "and the music goes on");
    }
}
