package dev.cadenza.cli;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.ClockFollower;
import dev.cadenza.bridge.control.ControlMap;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.control.TerminalKeys;
import dev.cadenza.bridge.keyboard.KeyboardOptions;
import dev.cadenza.bridge.keyboard.MidiFileKeyboard;
import dev.cadenza.bridge.keyboard.PlayMode;
import dev.cadenza.bridge.session.LiveSession;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.stream.Velocity;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.model.Scale;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.presets.Presets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cadenza play}: Improvise live into a MIDI port or the built-in synthesizer. */
@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Improvise live into a MIDI port or the built-in synthesizer, and record what was sent.",
            "Stops after --bars, on q or Ctrl-C; every sounding note is ended whatever stops it."})
final class PlayCommand implements Callable<Integer> {
    /** Bars played when not on a terminal and no length is given. */
    static final int DEFAULT_HEADLESS_BARS = 8;
    static final String DEFAULT_RECORDING = "cadenza-live.mid";
    static final String DEFAULT_CONTROL_MAP = "cadenza-controls.txt";

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "NAME|PATH", defaultValue = Presets.DEFAULT,
            description = "A bundled preset (cadenza info lists them) or a .cadenza file. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Mixin
    KeyboardModeOptions keyboard;

    @Option(names = "--out", paramLabel = "NAME[,NAME...]", split = ",",
            description = "MIDI output, by name or a unique part of it (cadenza ports); several, comma-separated, play"
                    + " at once. Default: the built-in synthesizer (none with --rtp).")
    List<String> out = List.of();

    @Option(names = "--jack", paramLabel = "NAME", arity = "0..1", fallbackValue = "Cadenza",
            description = "Play to JACK (Linux; PipeWire's JACK too) as a client with a MIDI port NAME:out, which"
                    + " every JACK program sees with no loopback driver (default name: Cadenza). With --out, both.")
    String jack;

    @Mixin
    MusicOptions music;

    @Mixin
    RtpOptions network;

    @Mixin
    ViewOptions liveView;

    @Mixin
    LinkOptions linkOptions;

    @Option(names = "--clock", paramLabel = "NAME",
            description = "Follow this input's MIDI clock (the DAW is master): Start, Stop, Continue, song position;"
                    + " jack: follow JACK's transport (start, stop, position, and the tempo of its timebase master).")
    String clockIn;

    @Option(names = "--send-clock", description = "Send MIDI clock (24 ppqn, Start, Stop) to --out as master.")
    boolean sendClock;

    @Option(names = "--record", paramLabel = "FILE.mid", defaultValue = DEFAULT_RECORDING,
            description = "Write everything sent, with its timing, to this MIDI file. Default: ${DEFAULT-VALUE}.")
    Path record;

    @Option(names = "--no-record", description = "Do not record.")
    boolean noRecord;

    @Option(names = "--bars", paramLabel = "N",
            description = "Bars of 4/4 to play, then stop. Default: endless on a terminal, " + DEFAULT_HEADLESS_BARS
                    + " otherwise.")
    Integer bars;

    @Option(names = "--endless", description = "Play until q or Ctrl-C.")
    boolean endless;

    @Option(names = "--bpm", defaultValue = "120", description = "Tempo of the internal clock. Default: ${DEFAULT-VALUE}.")
    double bpm;

    @Mixin
    SamplingOptions sampling;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--channel", defaultValue = "1", description = "MIDI channel 1..16. Default: ${DEFAULT-VALUE}.")
    int channel;

    @Option(names = "--program", paramLabel = "0..127", description = "Program change sent at the start.")
    Integer program;

    @Option(names = "--velocity", defaultValue = "90", paramLabel = "V|LOW-HIGH|model",
            description = "Fixed (90), humanised within a range (70-110), or the model's own (model). Default: ${DEFAULT-VALUE}.")
    String velocity;

    @Option(names = "--swing", defaultValue = "0",
            description = "Delay of every second step, as a fraction of a step (0..0.5). Default: ${DEFAULT-VALUE}.")
    double swing;

    @Option(names = "--lookahead-steps", paramLabel = "N",
            description = "Steps the model runs ahead of the clock (at least 1). Default: 2; 1 in accompany, so the"
                    + " model hears the keys held as late as it can.")
    Integer lookaheadSteps;

    @Option(names = "--latency-ms", defaultValue = "0",
            description = "Send everything this much early, to make up for a known delay downstream. Default: ${DEFAULT-VALUE}.")
    double latencyMs;

    @Option(names = "--control-in", paramLabel = "NAME",
            description = "Take live controls (MIDI control changes) from this input.")
    String controlIn;

    @Option(names = "--controls", paramLabel = "FILE",
            description = "Control-change map (action cc [channel] per line). Default: " + DEFAULT_CONTROL_MAP
                    + " if present, else CC 21..31 and 20 (tempo).")
    Path controls;

    @Option(names = "--learn", description = "Learn the control map: move a control for each action when asked.")
    boolean learn;

    @Option(names = "--no-keys", description = "Do not read live-control keys from the terminal.")
    boolean noKeys;

    @Option(names = "--no-realtime",
            description = "Leave the emission thread at normal priority (by default, on Linux, it asks for SCHED_FIFO"
                    + " through chrt, which needs root or an rtprio limit).")
    boolean noRealtime;

    @Override
    public Integer call() throws Exception {
        PrintWriter say = spec.commandLine().getOut();
        Consumer<String> log = m -> {
            say.println("cadenza: " + m);
            say.flush();
        };
        boolean terminal = System.console() != null;
        if (bars != null && bars < 1) {
            throw new BridgeException("invalid --bars: " + bars + " (expected 1 or more, or --endless)");
        }
        if (channel < 1 || channel > 16) {
            throw new BridgeException("invalid --channel: " + channel + " (expected 1..16)");
        }
        if (sendClock && clockIn != null) {
            throw new BridgeException("--send-clock and --clock " + clockIn
                    + " exclude each other (expected Cadenza as master or as follower, not both)");
        }
        if (learn && controlIn == null) {
            throw new BridgeException("--learn needs --control-in NAME (the controller to learn from; cadenza ports"
                    + " lists inputs)");
        }
        PlayMode playMode = keyboard.playMode();
        KeyboardOptions keyboardOptions = keyboard.keyboardOptions(network.asked());
        MidiFileKeyboard fileKeyboard = keyboard.fileKeyboard();
        Velocity velocityMode = Velocity.parse(velocity);
        Preset loaded = Presets.load(preset);
        StepModel model = Models.fromPreset(loaded, music.scale());
        Sampling defaults = sampling.of(loaded);
        int stepsPerQuarter = model.stepsPerQuarter();
        int headlessBars = fileKeyboard == null ? DEFAULT_HEADLESS_BARS
                : (int) Math.ceil(fileKeyboard.lengthBeats() / 4) + Math.max(4, keyboardOptions.answerBars()) + 1;
        long steps = endless ? StreamOptions.ENDLESS
                : bars != null ? (long) bars * 4 * stepsPerQuarter
                : terminal && fileKeyboard == null ? StreamOptions.ENDLESS : (long) headlessBars * 4 * stepsPerQuarter;
        StreamOptions options = StreamOptions.defaults()
                .withChannel(channel - 1)
                .withProgram(program == null ? -1 : program)
                .withVelocity(velocityMode)
                .withSwing(swing)
                .withLookaheadSteps(lookaheadSteps != null ? lookaheadSteps : playMode == PlayMode.ACCOMPANY ? 1 : 2)
                .withLatencyMillis(latencyMs)
                .withSendClock(sendClock)
                .withSteps(steps)
                .withSeed(seed);
        LiveControls live = new LiveControls(defaults.temperature(), defaults.density(), defaults.gibbsSteps());
        live.likelyFrame(defaults.likelyFrame());
        live.scale(music.scale());
        PianoRoll primer = music.primer(model, log);
        LiveSession.Builder wiring = LiveSession.builder(model, live).options(options).bpm(bpm).log(log)
                .realtime(!noRealtime).record(noRecord ? null : record).outputs(out).clockFrom(clockIn)
                .controlsFrom(controlIn).controlMap(controlMap()).primer(primer).jack(jack);
        if (keyboardOptions != null) {
            wiring.keyboard(keyboardOptions, keyboard.in, fileKeyboard,
                    keyboard.keyboardFile == null ? null : keyboard.keyboardFile.getFileName().toString());
        }
        network.applyTo(wiring);
        liveView.applyTo(wiring, preset);
        linkOptions.applyTo(wiring, bpm);
        // on Ctrl-C or SIGTERM the stream's own hook stops it; the summary and the recording's fate still get out
        try (ShutdownGrace grace = ShutdownGrace.hold(5); LiveSession session = wiring.open()) {
            if (learn) {
                PlayReport.learn(session.controlReceiver(), say,
                        controls != null ? controls : Path.of(DEFAULT_CONTROL_MAP));
            }
            LiveStream stream = session.stream();
            if (session.view() != null) {
                say.println("cadenza: live view at " + session.view().url());
            }
            ClockFollower follower = session.follower();
            if (keyboardOptions != null) {
                say.printf(Locale.ROOT, "cadenza: %s, listening to %s; a call ends after %s silent beats%s%n",
                        playMode.key(), session.keyboardSources(), PlayReport.fmt(keyboard.silenceBeats),
                        keyboard.thru ? "; thru on" : "");
            }
            say.printf(Locale.ROOT, "cadenza: playing %s into %s, %s, %s%s%n", preset, stream.portName(),
                    linkOptions.on() ? String.format(Locale.ROOT, "with Ableton Link (%.0f BPM until it finds a session%s)",
                            bpm, linkOptions.startStop ? "; waiting for a peer to start" : "")
                    : LiveSession.JACK_CLOCK.equals(clockIn) ? "following JACK's transport (waiting for it to roll)"
                            : follower != null ? "following the clock of " + clockIn + " (waiting for Start)"
                            : String.format(Locale.ROOT, "%.0f BPM", bpm),
                    steps == StreamOptions.ENDLESS ? "endless (q or Ctrl-C stops)" : steps / (4 * stepsPerQuarter) + " bars",
                    (live.scale().equals(Scale.CHROMATIC) ? "" : ", in " + live.scale())
                            + (primer == null ? "" : ", continuing " + music.primer.getFileName())
                            + (noRecord ? "" : "; recording to " + record));
            say.flush();
            TerminalKeys keys = null;
            if (terminal && !noKeys) {
                say.println("cadenza: " + TerminalKeys.HELP);
                say.flush();
                keys = new TerminalKeys(live, System.in, System.out).start(true);
            }
            RuntimeException failure;
            try {
                session.start();
                failure = session.awaitEnd();
            } finally {
                if (keys != null) {
                    keys.close();
                }
            }
            double playedBpm = stream.transport().bpm();
            PlayReport.stream(say, stream.stats(), model, playedBpm);
            if (session.keyboard() != null) {
                PlayReport.keyboard(say, stream.stats(), model, playedBpm, playMode, preset, session.keyboard());
            }
            if (stream.recordingWritten()) {
                say.println("cadenza: recorded " + stream.recorder().count() + " messages to " + record);
            } else if (stream.recordingFailure() != null) {
                throw stream.recordingFailure(); // it says what became of the take
            }
            if (failure != null) {
                throw new BridgeException("the model failed at step " + stream.stats().stepsPlayed() + ": "
                        + failure.getMessage() + " (every note was ended)", failure);
            }
            return 0;
        }
    }

    private ControlMap controlMap() {
        if (controls != null) {
            return learn && !Files.exists(controls) ? ControlMap.defaults() : ControlMap.read(controls);
        }
        Path local = Path.of(DEFAULT_CONTROL_MAP);
        return Files.exists(local) ? ControlMap.read(local) : ControlMap.defaults();
    }
}
