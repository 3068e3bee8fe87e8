package dev.cadenza.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import dev.cadenza.bridge.testing.StreamRig;
import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.midi.MidiImport;
import dev.cadenza.engine.roll.PianoRoll;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --record}: the file holds exactly what was sent, with its timing. */
class RecordingRoundTripTest {
    private static final long ORIGIN = 1_000_000_000L + 500_000_000L;

    @Test
    @DisplayName("the recording holds every message sent, at its time to the tick")
    void theRecordingHoldsEveryMessageAtItsTime(@TempDir Path dir) throws Exception {
        StreamOptions options = StreamOptions.defaults().withSteps(48).withProgram(5).withSwing(0.2);
        StreamRig rig = new StreamRig(new FakeModel(4), options, 120).start(500_000_000L);
        rig.runFor(20_000_000_000L);
        rig.stop();
        Path file = dir.resolve("live.mid");
        rig.recorder.write(file, 120, ORIGIN);

        Sequence sequence = MidiSystem.getSequence(file.toFile());
        Track track = sequence.getTracks()[0];
        List<Sent> sent = rig.port.sent();
        double nanosPerTick = 500_000_000.0 / EventRecorder.TICKS_PER_QUARTER;
        int k = 0;
        for (int i = 0; i < track.size(); i++) {
            MidiEvent event = track.get(i);
            if (!(event.getMessage() instanceof ShortMessage m)) {
                continue;
            }
            Sent s = sent.get(k++);
            assertEquals(s.status(), m.getStatus(), "message " + k);
            assertEquals(s.data1(), m.getData1());
            assertEquals(s.data2(), m.getData2());
            assertEquals(Math.round((s.nanos() - ORIGIN) / nanosPerTick), event.getTick(), "message " + k + " tick");
        }
        assertEquals(sent.size(), k);
    }

    @Test
    @DisplayName("the recording reads back through the MIDI file reader as the model's frames")
    void theRecordingReadsBackAsTheFrames(@TempDir Path dir) {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults().withSteps(64), 120)
                .start(500_000_000L);
        rig.runFor(20_000_000_000L);
        rig.stop();
        Path file = dir.resolve("live.mid");
        rig.recorder.write(file, 120, ORIGIN);

        MidiImport imported = new MidiFileReader(MidiFileReader.Options.DEFAULTS.withRange(FakeModel.RANGE)
                .withStepsPerQuarter(4)).read(file);
        PianoRoll roll = imported.roll();
        // the roll goes on (silent) to the All Notes Off sent when the stream stopped
        String[] steps = roll.toString().split("\n");
        assertEquals(rig.model.frames, List.of(steps).subList(0, rig.model.frames.size()));
        for (int s = rig.model.frames.size(); s < steps.length; s++) {
            assertEquals(-1, steps[s].indexOf('|'), "step " + s + " after the end is silent");
        }
        assertEquals(500_000, roll.initialMicrosPerQuarter());
        assertTrue(imported.notes() > 0);
    }
}
