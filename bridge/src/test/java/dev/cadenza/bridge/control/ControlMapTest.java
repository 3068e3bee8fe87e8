package dev.cadenza.bridge.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.engine.model.Controls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControlMapTest {

    @Test
    @DisplayName("a control map file reads back as it was written")
    void aMapRoundTripsThroughItsText() {
        ControlMap map = ControlMap.defaults().with(ControlAction.PANIC, new ControlMap.Binding(64, 9));
        ControlMap back = ControlMap.parse(map.format(), "test");
        for (ControlAction a : ControlAction.values()) {
            assertEquals(map.binding(a), back.binding(a), a.key());
        }
        assertEquals(List.of(ControlAction.PANIC), back.actionsFor(64, 9));
        assertEquals(List.of(), back.actionsFor(64, 8), "bound to channel 10 only");
        assertEquals(List.of(ControlAction.TEMPERATURE), back.actionsFor(21, 3), "any channel");
    }

    @Test
    @DisplayName("a bad line names the file, the line and what was expected")
    void aBadLineIsNamed() {
        BridgeException e = assertThrows(BridgeException.class,
                () -> ControlMap.parse("# mine\ntemperature 21\nvolume 7\n", "my.map"));
        assertEquals("my.map line 3: unknown control action: 'volume' (expected one of temperature, density, gibbs,"
                + " mute, restart, panic, end-call, loop, reroll, key, scale, tempo)", e.getMessage());
        BridgeException cc = assertThrows(BridgeException.class, () -> ControlMap.parse("mute 130", "my.map"));
        assertEquals("my.map line 1: invalid controller: 130 (expected 0..119)", cc.getMessage());
    }

    @Test
    @DisplayName("each knob spans its control's one range, and starting values outside it are refused with it")
    void oneRangePerControl() {
        assertEquals(Controls.MIN_TEMPERATURE, ControlAction.temperatureOf(0), 1e-12);
        assertEquals(Controls.MAX_TEMPERATURE, ControlAction.temperatureOf(127), 1e-12);
        assertEquals(Controls.MIN_DENSITY, ControlAction.densityOf(0), 1e-12);
        assertEquals(0, ControlAction.densityOf(64), 1e-12);
        assertEquals(Controls.MAX_DENSITY, ControlAction.densityOf(127), 1e-12);
        assertEquals(Controls.MIN_GIBBS_STEPS, ControlAction.gibbsOf(0));
        assertEquals(Controls.MAX_GIBBS_STEPS, ControlAction.gibbsOf(127));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LiveControls(10, 0, 25));
        assertEquals("invalid temperature: 10.0 (expected 0.25..4.0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LiveControls(1, -6, 25));
        assertEquals("invalid density: -6.0 (expected -4.0..4.0)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LiveControls(1, 0, 401));
        assertEquals("invalid Gibbs steps: 401 (expected 1..400)", e.getMessage());
        // keys step within the range and stop at its ends
        LiveControls live = new LiveControls(4, 4, 400);
        live.temperature(live.temperature() * 1.25);
        live.density(live.density() + 0.5);
        live.gibbsSteps(live.gibbsSteps() + 5);
        assertEquals(4, live.temperature());
        assertEquals(4, live.density());
        assertEquals(400, live.gibbsSteps());
    }

    @Test
    @DisplayName("knobs set temperature, density and Gibbs steps; buttons act on a press")
    void knobsAndButtonsDriveTheLiveControls() {
        LiveControls live = new LiveControls(1, 0, 25);
        ControlReceiver receiver = new ControlReceiver(live, ControlMap.defaults());
        receiver.controlChange(0, 21, 127);
        assertEquals(4.0, live.temperature(), 1e-9);
        receiver.controlChange(0, 21, 64);
        assertEquals(1.0, live.temperature(), 0.03);
        receiver.controlChange(3, 22, 0);
        assertEquals(-4.0, live.density(), 1e-9);
        receiver.controlChange(0, 23, 0);
        assertEquals(1, live.gibbsSteps());
        receiver.controlChange(0, 23, 127);
        assertEquals(Controls.MAX_GIBBS_STEPS, live.gibbsSteps());
        receiver.controlChange(0, 24, 127);
        assertTrue(live.muted());
        receiver.controlChange(0, 24, 0);
        assertFalse(live.muted());
        receiver.controlChange(0, 26, 127);
        receiver.controlChange(0, 26, 127); // held: one press
        receiver.controlChange(0, 26, 0);
        receiver.controlChange(0, 26, 100);
        assertEquals(2, live.panics());
        receiver.controlChange(0, 25, 127);
        assertEquals(1, live.restarts());
        receiver.controlChange(0, 7, 100); // unmapped
        assertEquals(1, live.restarts());
    }

    @Test
    @DisplayName("the tempo knob and keys change the internal clock's tempo, and say so where the tempo is another clock's")
    void tempoKnobAndKeys() {
        LiveControls live = new LiveControls(1, 0, 25);
        TerminalKeys keys = new TerminalKeys(live, new ByteArrayInputStream(new byte[0]), System.out);
        ControlReceiver receiver = new ControlReceiver(live, ControlMap.defaults());
        assertEquals(LiveControls.TEMPO_NOT_OURS, keys.key('t'), "no stream yet");
        dev.cadenza.bridge.testing.ManualClock clock = new dev.cadenza.bridge.testing.ManualClock(0);
        dev.cadenza.bridge.clock.InternalTransport internal = new dev.cadenza.bridge.clock.InternalTransport(clock, 120);
        live.transport(internal);
        assertEquals("122.0 BPM, temperature 1.00, density +0.0, Gibbs steps 25, chromatic", keys.key('t'));
        keys.key('T');
        keys.key('T');
        assertEquals(118, internal.bpm(), 1e-9);
        receiver.controlChange(5, 20, 127);
        assertEquals(240, internal.bpm(), 1e-9);
        receiver.controlChange(5, 20, 0);
        assertEquals(40, internal.bpm(), 1e-9);
        receiver.controlChange(5, 20, 64);
        assertEquals(141, internal.bpm(), 1e-9);

        live.transport(new dev.cadenza.bridge.clock.ClockFollower()); // the tempo is the MIDI clock's
        assertFalse(live.tempoAdjustable());
        assertEquals(LiveControls.TEMPO_NOT_OURS, keys.key('t'));
        receiver.controlChange(5, 20, 127); // nothing happens
        assertEquals(141, internal.bpm(), 1e-9);
    }

    @Test
    @DisplayName("learning binds the next control change moved to the action")
    void learningBindsTheNextControlChange() {
        LiveControls live = new LiveControls(1, 0, 25);
        ControlReceiver receiver = new ControlReceiver(live, ControlMap.empty());
        ControlMap.Binding[] learnt = new ControlMap.Binding[1];
        receiver.learnNext(b -> learnt[0] = b);
        receiver.controlChange(4, 74, 90);
        assertEquals(new ControlMap.Binding(74, 4), learnt[0]);
        assertEquals(1.0, live.temperature(), 1e-9, "a learnt move does not act");
        receiver.map(receiver.map().with(ControlAction.TEMPERATURE, learnt[0]));
        receiver.controlChange(4, 74, 127);
        assertEquals(4.0, live.temperature(), 1e-9);
    }

    @Test
    @DisplayName("terminal keys change the same controls and quit asks the stream to stop")
    void terminalKeysDriveTheLiveControls() throws InterruptedException {
        LiveControls live = new LiveControls(1, 0, 25);
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        TerminalKeys keys = new TerminalKeys(live, new ByteArrayInputStream("++].,mpq".getBytes()),
                new PrintStream(shown, true));
        assertEquals("temperature 1.15, density +0.0, Gibbs steps 25, chromatic", keys.key('+'));
        keys.key('-');
        keys.key(']');
        keys.key('.');
        keys.key('m');
        assertEquals(1.0, live.temperature(), 1e-9);
        assertEquals(0.5, live.density(), 1e-9);
        assertEquals(30, live.gibbsSteps());
        assertTrue(live.muted());
        assertEquals("panic: all notes off", keys.key('p'));
        assertEquals(1, live.panics());
        keys.key('q');
        assertEquals(1, live.quits());
        assertEquals(TerminalKeys.HELP, keys.key('?'));
    }
}
