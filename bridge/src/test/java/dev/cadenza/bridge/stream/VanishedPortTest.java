package dev.cadenza.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.FakePortSource;
import dev.cadenza.bridge.testing.RecordingPort;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import dev.cadenza.bridge.testing.StreamRig;
import dev.cadenza.bridge.testing.VirtualClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A port that vanishes mid-stream: time and the model go on, and sound resumes on the beat. */
class VanishedPortTest {
    private static final long STEP = 125_000_000L;
    private static final long ORIGIN = 1_000_000_000L + 500_000_000L;

    @Test
    @DisplayName("while the port is gone the model keeps playing, and a new port resumes on the next beat")
    void theModelKeepsPlayingAndANewPortResumesOnTheBeat() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults(), 120).start(500_000_000L);
        rig.runUntil(ORIGIN + 10 * STEP + 1);
        rig.port.vanish();
        rig.runUntil(ORIGIN + 13 * STEP + STEP / 2);
        assertTrue(rig.emitter.portLost());
        assertSame(rig.port, rig.emitter.takeLostPort(), "the lost port is handed over to be closed");
        long stepsBefore = rig.stats.stepsPlayed();
        assertTrue(stepsBefore >= 14, "the model kept playing: " + stepsBefore + " steps");
        assertTrue(rig.stats.unsentWhileLost() > 0);
        assertEquals(1, rig.stats.portLosses());

        RecordingPort replacement = new RecordingPort("fake out again", rig.clock);
        rig.emitter.replacePort(replacement);
        rig.runUntil(ORIGIN + 24 * STEP + 1);
        List<Sent> sent = replacement.sent();
        assertTrue(sent.get(0).status() == 0xB0 && sent.get(0).data1() == 123 || sent.get(0).noteOff(),
                "the new port is silenced first: " + sent.get(0));
        Sent firstNote = sent.stream().filter(Sent::noteOn).findFirst().orElseThrow();
        assertEquals(ORIGIN + 16 * STEP, firstNote.nanos(), "sound resumes on the next beat (step 16)");
        assertTrue(sent.stream().filter(s -> s.nanos() < ORIGIN + 16 * STEP)
                .allMatch(s -> s.noteOff() || s.status() == 0xB0 && s.data1() == 123),
                "before the beat, only the silencing of what the old port had sounding");
        assertEquals(0, rig.stats.errorMaxNanos());
        rig.stop();
        assertEquals(List.of(), List.copyOf(replacement.sounding()));
    }

    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang, not a timing check
    @Test
    @DisplayName("the stream logs a lost port once, retries, reopens it and plays into it again")
    void theStreamReopensAVanishedPort() throws InterruptedException {
        VirtualClock clock = new VirtualClock();
        FakePortSource source = new FakePortSource(clock);
        List<String> log = new CopyOnWriteArrayList<>();
        LiveStream stream = LiveStream.builder(new FakeModel(4), source).clock(clock).log(log::add).build().start();
        while (source.last().sent().stream().noneMatch(Sent::noteOn)) {
            Thread.onSpinWait();
        }
        source.unplug();
        while (source.failedOpens < 3 && stream.running()) {
            Thread.onSpinWait(); // the stream tries again every second of its time
        }
        source.plugIn();
        while (source.opened.size() < 2 || source.last().sent().stream().noneMatch(Sent::noteOn)) {
            Thread.onSpinWait();
        }
        long stepsPlayed = stream.stats().stepsPlayed();
        stream.stop();

        assertEquals(2, source.opened.size());
        assertEquals(1, log.stream().filter(m -> m.contains("is gone")).count(), "logged once: " + log);
        assertEquals(1, log.stream().filter(m -> m.contains("is back")).count(), "" + log);
        assertTrue(source.opened.get(0).closed(), "the lost port was closed");
        assertTrue(stepsPlayed > 3 * 8, "the model kept playing while the port was gone");
        assertEquals(List.of(), List.copyOf(source.last().sounding()));
        assertTrue(source.last().closed());
    }
}
