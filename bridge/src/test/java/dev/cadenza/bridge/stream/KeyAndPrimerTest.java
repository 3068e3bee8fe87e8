package dev.cadenza.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.control.ControlAction;
import dev.cadenza.bridge.control.ControlMap;
import dev.cadenza.bridge.control.ControlReceiver;
import dev.cadenza.bridge.control.TerminalKeys;
import dev.cadenza.bridge.testing.FakeModel;
import dev.cadenza.bridge.testing.RecordingPort;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import dev.cadenza.bridge.testing.StreamRig;
import dev.cadenza.bridge.testing.VirtualClock;
import dev.cadenza.engine.model.Scale;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The live key and scale, from the start and changed while playing; and a primer heard before the first step. */
class KeyAndPrimerTest {
    private static final long START_DELAY = 500_000_000L;
    private static final long ORIGIN = 1_000_000_000L + START_DELAY;
    private static final long STEP_NANOS = 125_000_000L; // 16ths at 120 BPM

    private static Set<Integer> pitchClassesStruck(List<Sent> sent, long from, long to) {
        Set<Integer> classes = new TreeSet<>();
        for (Sent s : sent) {
            if (s.noteOn() && s.nanos() >= from && s.nanos() < to) {
                classes.add(s.data1() % 12);
            }
        }
        return classes;
    }

    private static Set<Integer> classesOf(Scale scale) {
        Set<Integer> classes = new TreeSet<>();
        for (int pc = 0; pc < 12; pc++) {
            if ((scale.mask() >> pc & 1) != 0) {
                classes.add(pc);
            }
        }
        return classes;
    }

    @Test
    @DisplayName("the notes keep to the scale set at the start, and to a new one from the step after a knob moves")
    void theNotesKeepToTheScaleAndFollowAKnob() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults(), 120);
        Scale dMinor = Scale.parse("D", "minor");
        rig.live.scale(dMinor);
        rig.start(START_DELAY);
        rig.runUntil(ORIGIN + 64 * STEP_NANOS);
        // the knobs of the default map: key (CC 30) to E, scale (CC 31) to major pentatonic
        ControlReceiver knobs = new ControlReceiver(rig.live, ControlMap.defaults());
        knobs.controlChange(0, 30, 4 * 128 / 12 + 1);
        knobs.controlChange(0, 31, Scale.Mode.MAJOR_PENTATONIC.ordinal() * 128 / Scale.Mode.count() + 1);
        Scale ePentatonic = Scale.parse("E", "major-pentatonic");
        assertEquals(ePentatonic, rig.live.scale());
        long changed = rig.clock.nanos();
        rig.runUntil(ORIGIN + 128 * STEP_NANOS);
        rig.stop();

        List<Sent> sent = rig.port.sent();
        // FakeModel's range, C4..B4, holds every pitch class once: all the scale's classes can sound
        assertEquals(classesOf(dMinor), pitchClassesStruck(sent, 0, changed));
        // steps generated ahead before the change keep the old scale: at most the look-ahead, plus the step under way
        long settled = changed + (StreamOptions.defaults().lookaheadSteps() + 1) * STEP_NANOS;
        assertEquals(classesOf(ePentatonic), pitchClassesStruck(sent, settled, Long.MAX_VALUE));
    }

    @Test
    @DisplayName("terminal keys move the key a semitone and step through the scales")
    void terminalKeysMoveTheKeyAndTheScale() {
        StreamRig rig = new StreamRig(new FakeModel(4), StreamOptions.defaults(), 120);
        TerminalKeys keys = new TerminalKeys(rig.live, System.in, System.out);
        assertEquals(Scale.CHROMATIC, rig.live.scale());
        keys.key('s'); // chromatic → major (the list wraps)
        keys.key('k');
        keys.key('k');
        assertEquals(Scale.parse("D", "major"), rig.live.scale());
        String said = keys.key('s');
        assertEquals(Scale.parse("D", "minor"), rig.live.scale());
        assertTrue(said.contains("D minor"), said);
        keys.key('K');
        keys.key('S');
        assertEquals(Scale.parse("C#", "major"), rig.live.scale());
    }

    @Test
    @DisplayName("the model hears the primer after its reset, before its first step")
    void thePrimerIsHeardFirst() {
        FakeModel model = new FakeModel(4);
        PianoRoll primer = new PianoRoll(FakeModel.RANGE, 4, 6);
        primer.set(0, 0, Cell.STRUCK);
        primer.set(1, 0, Cell.HELD);
        primer.set(3, 4, Cell.STRUCK);
        primer.set(5, 7, Cell.STRUCK);
        VirtualClock clock = new VirtualClock();
        RecordingPort port = new RecordingPort("fake out", clock);
        LiveStream stream = LiveStream.builder(model, port).clock(clock).primer(primer).build();
        Frame frame = new Frame(FakeModel.RANGE);
        List<String> expected = new java.util.ArrayList<>();
        for (int t = 0; t < primer.length(); t++) {
            primer.frame(t, frame);
            expected.add(frame.toString());
        }
        assertEquals(expected, List.copyOf(model.observed));
        assertEquals(1, model.resets, "heard after the stream's reset, not wiped by it");
        stream.start();
        while (model.frames.size() < 8) {
            Thread.onSpinWait();
        }
        stream.stop();
        assertEquals(expected, List.copyOf(model.observed), "heard once, before the steps it samples");
    }

    @Test
    @DisplayName("the key and scale knobs cover every key and every scale")
    void theKnobsCoverEveryKeyAndScale() {
        Set<Integer> keys = new TreeSet<>();
        Set<Scale.Mode> modes = new java.util.HashSet<>();
        for (int v = 0; v < 128; v++) {
            keys.add(ControlAction.keyOf(v));
            modes.add(ControlAction.scaleOf(v));
        }
        assertEquals(12, keys.size());
        assertEquals(Scale.Mode.count(), modes.size());
        assertEquals(0, ControlAction.keyOf(0));
        assertEquals(11, ControlAction.keyOf(127));
        assertEquals(Scale.Mode.CHROMATIC, ControlAction.scaleOf(127));
    }
}
