package dev.cadenza.bridge.keyboard;

import dev.cadenza.bridge.control.ControlMap;
import dev.cadenza.bridge.control.ControlReceiver;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.testing.RecordingPort;
import dev.cadenza.bridge.testing.RecordingPort.Sent;
import dev.cadenza.bridge.testing.VirtualClock;
import dev.cadenza.engine.model.StepModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;

/**
 * A live stream played by a virtual keyboard, in virtual time: a {@link MidiFileKeyboard} replays
 * a phrase into the stream's {@link KeyboardInput}, the stream plays into a {@link RecordingPort}.
 * Keeps what the keyboard played, with the time it arrived.
 */
final class KeyboardRig {
    static final double BPM = 120;
    static final long BEAT = 500_000_000L;
    static final long STEP = BEAT / 4;
    /** The model plays on channel 2; the keyboard plays on channel 1. */
    static final int MODEL_CHANNEL = 1;
    /**
     * The threads that wait on the rig's clock: the stream's generator, emitter and port watcher
     * (it records nothing, so it has no recording thread, which sleeps on its own anyway) and the
     * keyboard's replay thread.
     */
    private static final int CLOCK_THREADS = 4;
    /** Far beyond the milliseconds a loaded machine takes to start four threads; only a failure gets there. */
    private static final long START_TIMEOUT_MILLIS = 30_000;

    final VirtualClock clock = new VirtualClock();
    final RecordingPort port = new RecordingPort("recording out", clock);
    final LiveControls live = new LiveControls(1.0, 0.0, 25);
    final List<Sent> played = Collections.synchronizedList(new ArrayList<>());
    final KeyboardInput input = new KeyboardInput(clock, -1);
    final LiveStream stream;
    final MidiFileKeyboard keyboard;
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    KeyboardRig(StepModel model, KeyboardOptions options, Path phrase, int bars, long seed) {
        input.controls(new ControlReceiver(live, ControlMap.defaults()));
        stream = LiveStream.builder(model, port).clock(clock).bpm(BPM).controls(live)
                .options(StreamOptions.defaults().withSteps((long) bars * 4 * model.stepsPerQuarter()).withSeed(seed)
                        .withChannel(MODEL_CHANNEL)
                        .withLookaheadSteps(options.mode() == PlayMode.ACCOMPANY ? 1 : 2))
                .part(KeyboardPart.factory(options, input), input, options.thru()).log(log::add).build();
        keyboard = MidiFileKeyboard.read(phrase);
        keyboard.setReceiver(new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
                byte[] b = message.getMessage();
                played.add(new Sent(clock.nanos(), b[0] & 0xFF, b[1], b.length > 2 ? b[2] : 0));
                input.send(message, timeStamp);
            }

            @Override
            public void close() {
            }
        });
    }

    /** Plays the phrase from beat {@code offsetBeats} of the stream, until the stream's bars are over. */
    KeyboardRig run(double offsetBeats) throws InterruptedException {
        clock.hold(); // time stands still until the stream's threads and the keyboard all take part
        try {
            stream.start();
            keyboard.start(stream.transport(), clock, offsetBeats);
            clock.awaitParticipants(CLOCK_THREADS, START_TIMEOUT_MILLIS);
        } catch (RuntimeException | InterruptedException e) {
            clock.release(); // time runs again, so that the threads that did come can end
            keyboard.close();
            stream.stop();
            throw e;
        }
        clock.release();
        RuntimeException failure = stream.awaitEnd();
        keyboard.close();
        if (failure != null) {
            throw failure;
        }
        return this;
    }

    /** Time of beat {@code beat} of the stream. */
    long beatNanos(double beat) {
        return stream.transport().stepNanos(Math.round(beat * 480), 480);
    }

    /** The model's note messages (on and off) that reached the port. */
    List<Sent> generated() {
        return port.sent().stream().filter(s -> (s.noteOn() || s.noteOff()) && (s.status() & 0x0F) == MODEL_CHANNEL)
                .toList();
    }

    /** The model's note-ons that reached the port. */
    List<Sent> generatedOns() {
        return generated().stream().filter(Sent::noteOn).toList();
    }

    /** The player's notes forwarded by thru. */
    List<Sent> forwarded() {
        return port.sent().stream().filter(s -> (s.noteOn() || s.noteOff()) && (s.status() & 0x0F) == 0).toList();
    }

    /** Intervals [on, off) of every note in {@code messages}, per pitch. */
    static List<long[]> intervals(List<Sent> messages, int pitch) {
        List<long[]> result = new ArrayList<>();
        long on = Long.MIN_VALUE;
        for (Sent s : messages) {
            if (s.data1() != pitch) {
                continue;
            }
            if (s.noteOn()) {
                if (on != Long.MIN_VALUE) {
                    result.add(new long[] {on, s.nanos()});
                }
                on = s.nanos();
            } else if (s.noteOff() && on != Long.MIN_VALUE) {
                result.add(new long[] {on, s.nanos()});
                on = Long.MIN_VALUE;
            }
        }
        if (on != Long.MIN_VALUE) {
            result.add(new long[] {on, Long.MAX_VALUE});
        }
        return result;
    }
}
