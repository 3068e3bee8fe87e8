package dev.cadenza.bridge.control;

import dev.cadenza.engine.model.Scale;
import java.util.function.Consumer;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

/**
 * Turns control changes from a MIDI input into {@link LiveControls} changes through a
 * {@link ControlMap}; while learning, hands the next control change to a listener instead.
 *
 * <p>Thread contract: {@link #send} on the JDK's MIDI input thread; {@link #learnNext} and
 * {@link #map} from a control thread. Not on the real-time path (it may allocate a little).
 */
public final class ControlReceiver implements Receiver {
    private final LiveControls live;
    private volatile ControlMap map;
    private volatile Consumer<ControlMap.Binding> learner;
    private final boolean[] pressed = new boolean[16 * 128];

    public ControlReceiver(LiveControls live, ControlMap map) {
        this.live = live;
        this.map = map;
    }

    public void map(ControlMap value) {
        map = value;
    }

    public ControlMap map() {
        return map;
    }

    /** The next control change goes to {@code listener} (once) instead of driving the controls. */
    public void learnNext(Consumer<ControlMap.Binding> listener) {
        learner = listener;
    }

    @Override
    public void send(MidiMessage message, long timeStamp) {
        if (message instanceof ShortMessage m && m.getCommand() == ShortMessage.CONTROL_CHANGE) {
            controlChange(m.getChannel(), m.getData1(), m.getData2());
        }
    }

    /** One control change (channel 0..15). */
    public void controlChange(int channel, int controller, int value) {
        Consumer<ControlMap.Binding> l = learner;
        if (l != null && controller < 120) {
            learner = null;
            l.accept(new ControlMap.Binding(controller, channel));
            return;
        }
        int key = channel * 128 + controller;
        boolean wasPressed = pressed[key];
        boolean isPressed = value >= 64;
        pressed[key] = isPressed;
        for (ControlAction action : map.actionsFor(controller, channel)) {
            switch (action) {
                case TEMPERATURE -> live.temperature(ControlAction.temperatureOf(value));
                case DENSITY -> live.density(ControlAction.densityOf(value));
                case GIBBS -> live.gibbsSteps(ControlAction.gibbsOf(value));
                case MUTE -> live.muted(isPressed);
                case RESTART -> {
                    if (isPressed && !wasPressed) {
                        live.restart();
                    }
                }
                case PANIC -> {
                    if (isPressed && !wasPressed) {
                        live.panic();
                    }
                }
                case END_CALL -> {
                    if (isPressed && !wasPressed) {
                        live.endCall();
                    }
                }
                case LOOP -> {
                    if (isPressed && !wasPressed) {
                        live.toggleLoop();
                    }
                }
                case REROLL -> {
                    if (isPressed && !wasPressed) {
                        live.reroll();
                    }
                }
                case KEY -> live.scale(new Scale(ControlAction.keyOf(value), live.scale().mode()));
                case SCALE -> live.scale(new Scale(live.scale().tonic(), ControlAction.scaleOf(value)));
                case TEMPO -> live.tempo(ControlAction.tempoOf(value));
            }
        }
    }

    @Override
    public void close() {
        // nothing held
    }
}
