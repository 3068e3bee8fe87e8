package dev.cadenza.examples;

import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.keyboard.KeyboardOptions;
import dev.cadenza.bridge.keyboard.MidiFileKeyboard;
import dev.cadenza.bridge.keyboard.PlayMode;
import dev.cadenza.bridge.session.LiveSession;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.presets.Presets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * A scripted keyboard session: a virtual keyboard plays three calls (a MIDI file replayed in real
 * time, as a musician would play them) and the model answers each one in call-and-response, into
 * a MIDI output (by name, or the built-in synthesizer), recording both sides.
 *
 * <pre>java dev.cadenza.examples.KeyboardSession PRESET RECORDING.mid [BPM [OUTPUT_NAME]]</pre>
 *
 * The same session from the command line: {@code ./cadenza play --mode call-response --thru
 * --keyboard-file examples/keyboard/calls.mid} (that file is what {@link #calls} writes).
 */
public final class KeyboardSession {
    /** A call every four bars: room for an answer as long as the call. */
    static final double CALL_SPACING_BEATS = 16;

    private KeyboardSession() {
    }

    public static void main(String[] args) throws Exception {
        StepModel model = Models.fromPreset(Presets.load(args[0]));
        Path calls = Path.of(args[1]).resolveSibling("calls.mid");
        writeCalls(calls);
        MidiFileKeyboard keyboard = MidiFileKeyboard.read(calls);
        KeyboardOptions options = KeyboardOptions.of(PlayMode.CALL_RESPONSE).withSilenceBeats(1).withThru(true);
        double bpm = args.length > 2 ? Double.parseDouble(args[2]) : 120;
        int bars = (int) Math.ceil(keyboard.lengthBeats() / 4) + 2;
        LiveStream stream;
        try (LiveSession session = LiveSession.builder(model, new LiveControls(0.9, 0, 25))
                .bpm(bpm)
                .options(StreamOptions.defaults().withSteps((long) bars * 4 * model.stepsPerQuarter()).withSeed(3)
                        .withChannel(1))
                .output(args.length > 3 ? args[3] : null)
                .keyboard(options, null, keyboard, calls.getFileName().toString())
                .record(Path.of(args[1]))
                .log(System.out::println)
                .open()) {
            session.start();
            RuntimeException failure = session.awaitEnd();
            if (failure != null) {
                throw failure;
            }
            stream = session.stream();
        }
        StreamStats stats = stream.stats();
        System.out.printf(Locale.ROOT, "%d calls answered; the answers began %s after the calls ended%n",
                stats.answers(), latencies(stats));
    }

    private static String latencies(StreamStats stats) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < stats.answers(); i++) {
            s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f ms", stats.answerLatencyNanos(i) / 1e6));
        }
        return s.toString();
    }

    /**
     * Three calls on channel 1, one every four bars, with room for the answers: a rising C major
     * phrase and a C minor cadence, each ended by silence, and a syncopated figure ended by the
     * end-call control (CC 27).
     */
    public static Sequence calls() throws InvalidMidiDataException {
        Sequence sequence = new Sequence(Sequence.PPQ, 480);
        Track track = sequence.createTrack();
        double[][] first = {{60, 0, 1}, {64, 1, 1}, {67, 2, 1}, {72, 3, 0.5}, {71, 3.5, 0.5}, {67, 4, 2}, {48, 0, 4}, {55, 4, 2}};
        double[][] second = {{48, 0, 1}, {55, 0, 1}, {63, 0, 1}, {53, 1, 1}, {60, 1, 1}, {68, 1, 1},
            {55, 2, 1}, {59, 2, 1}, {62, 2, 1}, {48, 3, 2}, {55, 3, 2}, {60, 3, 2}, {63, 3, 2}};
        double[][] third = {{62, 0, 0.5}, {65, 0.75, 0.5}, {69, 1.5, 0.5}, {67, 2.25, 0.75}, {65, 3, 1},
            {50, 0, 2}, {55, 2, 2}};
        double[][][] calls = {first, second, third};
        // the third call is ended by the end-call control (CC 27), while its last note is still held
        double thirdStart = 2 * CALL_SPACING_BEATS;
        track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 27, 127), Math.round((thirdStart + 3.6) * 480)));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 27, 0), Math.round((thirdStart + 3.7) * 480)));
        for (int c = 0; c < calls.length; c++) {
            double start = c * CALL_SPACING_BEATS;
            for (double[] n : calls[c]) {
                track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, (int) n[0], 80),
                        Math.round((start + n[1]) * 480)));
                track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, (int) n[0], 0),
                        Math.round((start + n[1] + n[2]) * 480)));
            }
        }
        return sequence;
    }

    /** Writes {@link #calls} to {@code file}. */
    public static void writeCalls(Path file) throws IOException, InvalidMidiDataException {
        MidiSystem.write(calls(), 0, file.toFile());
    }
}
