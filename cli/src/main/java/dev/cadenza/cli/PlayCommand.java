package dev.cadenza.cli;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.ClockFollower;
import dev.cadenza.bridge.control.ControlAction;
import dev.cadenza.bridge.control.ControlMap;
import dev.cadenza.bridge.control.ControlReceiver;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.control.TerminalKeys;
import dev.cadenza.bridge.keyboard.KeyboardInput;
import dev.cadenza.bridge.keyboard.KeyboardOptions;
import dev.cadenza.bridge.keyboard.MidiFileKeyboard;
import dev.cadenza.bridge.keyboard.PlayMode;
import dev.cadenza.bridge.session.LiveSession;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.bridge.stream.Velocity;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.presets.Presets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
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

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "solo",
            description = "solo (free improvisation), continue (continues the phrase you play), call-response"
                    + " (answers each call) or accompany (plays around what you play). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--in", paramLabel = "NAME",
            description = "The keyboard: a MIDI input, by name or a unique part of it (cadenza ports).")
    String in;

    @Option(names = "--keyboard-file", paramLabel = "FILE.mid",
            description = "A virtual keyboard: replays this MIDI file as if played, in time with the stream, from its"
                    + " first beat.")
    Path keyboardFile;

    @Option(names = "--in-channel", paramLabel = "1..16",
            description = "Take the keyboard's notes from this channel only. Default: every channel.")
    Integer inChannel;

    @Option(names = "--thru", description = "Forward what is played to the output as it arrives (MIDI thru).")
    boolean thru;

    @Option(names = "--silence-beats", paramLabel = "BEATS", defaultValue = "2",
            description = "A call (or, in accompany, the playing) is over after this many beats without a key down."
                    + " Default: ${DEFAULT-VALUE}.")
    double silenceBeats;

    @Option(names = "--answer-bars", paramLabel = "BARS",
            description = "Length of each answer. Default: 4 bars in continue, as long as the call in call-response.")
    Integer answerBars;

    @Option(names = "--out", paramLabel = "NAME",
            description = "MIDI output, by name or a unique part of it (cadenza ports). Default: the built-in synthesizer.")
    String out;

    @Option(names = "--rtp", paramLabel = "NAME[:PORT]",
            description = "Serve an RTP-MIDI network session named NAME on UDP PORT and PORT+1 (default 5004) and play to it.")
    String rtp;

    @Option(names = "--rtp-invite", paramLabel = "HOST:PORT",
            description = "Join the RTP-MIDI session at HOST:PORT (its control port) and play to it.")
    String rtpInvite;

    @Option(names = "--no-advertise",
            description = "Do not announce the --rtp session by DNS-SD (Bonjour); peers then connect by address and port.")
    boolean noAdvertise;

    @Option(names = "--clock", paramLabel = "NAME",
            description = "Follow this input's MIDI clock (the DAW is master): Start, Stop, Continue, song position.")
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

    @Option(names = "--temperature",
            description = "Sampling temperature, 0.25..4: below 1 calmer, above 1 wilder. Default: the preset's own, else 1.")
    Double temperature;

    @Option(names = "--density",
            description = "Bias on every note's odds of sounding (-4..4): positive gives more notes. Default: the"
                    + " preset's own, else 0.")
    Double density;

    @Option(names = "--gibbs",
            description = "Gibbs steps per sample (RNN-RBM), 1..400; fewer is faster. Default: the preset's own, else 25.")
    Integer gibbs;

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
                    + " if present, else CC 21..26.")
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
        PlayMode playMode = PlayMode.parse(mode);
        KeyboardOptions keyboardOptions = keyboardOptions(playMode);
        MidiFileKeyboard fileKeyboard = keyboardFile == null ? null : MidiFileKeyboard.read(keyboardFile);
        Velocity velocityMode = Velocity.parse(velocity);
        Preset loaded = Presets.load(preset);
        StepModel model = Models.fromPreset(loaded);
        Sampling sampling = Sampling.of(loaded).with(temperature, gibbs, density);
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
                .withLatencyNanos(Math.round(latencyMs * 1e6))
                .withSendClock(sendClock)
                .withSteps(steps)
                .withSeed(seed);
        LiveControls live = new LiveControls(sampling.temperature(), sampling.density(), sampling.gibbsSteps());
        LiveSession.Builder wiring = LiveSession.builder(model, live).options(options).bpm(bpm).log(log)
                .realtime(!noRealtime).record(noRecord ? null : record).output(out).clockFrom(clockIn)
                .controlsFrom(controlIn).controlMap(controlMap());
        if (keyboardOptions != null) {
            wiring.keyboard(keyboardOptions, in, fileKeyboard,
                    keyboardFile == null ? null : keyboardFile.getFileName().toString());
        }
        rtp(wiring);
        try (LiveSession session = wiring.open()) {
            if (learn) {
                learn(session.controlReceiver(), say);
            }
            LiveStream stream = session.stream();
            ClockFollower follower = session.follower();
            if (keyboardOptions != null) {
                say.printf(Locale.ROOT, "cadenza: %s, listening to %s; a call ends after %s silent beats%s%n",
                        playMode.key(), session.keyboardSources(), fmt(silenceBeats), thru ? "; thru on" : "");
            }
            say.printf(Locale.ROOT, "cadenza: playing %s into %s, %s, %s%s%n", preset, stream.portName(),
                    follower != null ? "following the clock of " + clockIn + " (waiting for Start)"
                            : String.format(Locale.ROOT, "%.0f BPM", bpm),
                    steps == StreamOptions.ENDLESS ? "endless (q or Ctrl-C stops)" : steps / (4 * stepsPerQuarter) + " bars",
                    noRecord ? "" : "; recording to " + record);
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
            double playedBpm = follower != null ? follower.bpm() : bpm;
            report(say, stream.stats(), model, playedBpm);
            KeyboardInput keyboard = session.keyboard();
            if (keyboard != null) {
                reportKeyboard(say, stream.stats(), model, playedBpm, playMode);
                if (stream.stats().playedOutOfRange() > 0) {
                    say.printf("cadenza: %d played notes were outside %s's range %s and left out%n",
                            stream.stats().playedOutOfRange(), preset, model.range());
                }
                if (keyboard.dropped() > 0) {
                    say.printf("cadenza: %d played messages were lost: the stream did not take them in time%n",
                            keyboard.dropped());
                }
            }
            if (!noRecord && Files.exists(record)) {
                say.println("cadenza: recorded " + stream.recorder().count() + " messages to " + record);
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

    /** The keyboard options --mode and its options ask for; null in solo. */
    private KeyboardOptions keyboardOptions(PlayMode playMode) {
        boolean keyboardGiven = in != null || keyboardFile != null;
        if (playMode == PlayMode.SOLO) {
            if (keyboardGiven || thru) {
                throw new BridgeException("--in, --keyboard-file and --thru need a keyboard mode (expected --mode continue,"
                        + " call-response or accompany)");
            }
            return null;
        }
        if (!keyboardGiven && rtp == null && rtpInvite == null) {
            throw new BridgeException("--mode " + playMode.key() + " needs a keyboard (expected --in NAME, --keyboard-file"
                    + " FILE.mid, or an RTP-MIDI session with --rtp or --rtp-invite)");
        }
        if (in != null && keyboardFile != null) {
            throw new BridgeException("--in and --keyboard-file both name the keyboard: give one");
        }
        KeyboardOptions options = KeyboardOptions.of(playMode).withSilenceBeats(silenceBeats).withThru(thru);
        if (answerBars != null) {
            options = options.withAnswerBars(answerBars);
        }
        if (inChannel != null) {
            if (inChannel < 1 || inChannel > 16) {
                throw new BridgeException("invalid --in-channel: " + inChannel + " (expected 1..16)");
            }
            options = options.withChannel(inChannel - 1);
        }
        return options;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void reportKeyboard(PrintWriter say, StreamStats stats, StepModel model, double bpm, PlayMode mode) {
        int n = stats.answers();
        double stepMs = bpm > 0 ? 60_000.0 / bpm / model.stepsPerQuarter() : 0;
        if (mode != PlayMode.ACCOMPANY) {
            if (n == 0) {
                say.println("cadenza: no answer was played (no call ended while the stream ran)");
            } else {
                long[] fromEnd = new long[n];
                long[] fromLast = new long[n];
                for (int i = 0; i < n; i++) {
                    fromEnd[i] = stats.answerLatencyNanos(i);
                    fromLast[i] = stats.answerFromLastNoteNanos(i);
                }
                java.util.Arrays.sort(fromEnd);
                java.util.Arrays.sort(fromLast);
                say.printf(Locale.ROOT, "cadenza: %d answers; end of call to the answer's first note: p50 %.2f ms,"
                        + " max %.2f ms (a step is %.1f ms); last note of the call to the answer: p50 %.1f ms, max %.1f ms"
                        + " (this includes the silence that ends a call)%n",
                        n, fromEnd[(n - 1) / 2] / 1e6, fromEnd[n - 1] / 1e6, stepMs, fromLast[(n - 1) / 2] / 1e6,
                        fromLast[n - 1] / 1e6);
            }
        }
        if (stats.collisionsAvoided() > 0 || stats.thruSent() > 0) {
            say.printf(Locale.ROOT, "cadenza: %d generated notes kept off played ones; %d messages forwarded (thru)%n",
                    stats.collisionsAvoided(), stats.thruSent());
        }
        say.flush();
    }

    private void learn(ControlReceiver receiver, PrintWriter say) throws InterruptedException {
        ControlMap map = receiver.map();
        for (ControlAction action : ControlAction.values()) {
            say.printf("cadenza: move the %s for %s (20 s, or leave it as %s)%n",
                    action.isButton() ? "button" : "knob", action.key(),
                    map.binding(action) == null ? "unmapped" : "CC " + map.binding(action));
            say.flush();
            CompletableFuture<ControlMap.Binding> next = new CompletableFuture<>();
            receiver.learnNext(next::complete);
            try {
                ControlMap.Binding b = next.get(20, TimeUnit.SECONDS);
                map = map.with(action, b);
                say.println("cadenza:   " + action.key() + " = CC " + b);
                Thread.sleep(700); // let the rest of that movement go by
            } catch (TimeoutException e) {
                receiver.learnNext(null);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new BridgeException("learning " + action.key() + " failed: " + e.getCause().getMessage(), e);
            }
        }
        receiver.map(map);
        Path file = controls != null ? controls : Path.of(DEFAULT_CONTROL_MAP);
        map.write(file);
        say.println("cadenza: control map saved to " + file + " (used by later runs)");
        say.flush();
    }

    private static void report(PrintWriter say, StreamStats stats, StepModel model, double bpm) {
        say.println("cadenza: " + stats.summary());
        double stepMs = bpm > 0 ? 60_000.0 / bpm / model.stepsPerQuarter() : 0;
        if (stepMs > 0) {
            say.printf(Locale.ROOT, "cadenza: generation headroom: %.2f ms per step (max %.2f) against a step of"
                    + " %.1f ms at %.0f BPM%n", stats.computeNanosMean() / 1e6, stats.computeNanosMax() / 1e6, stepMs, bpm);
        }
        if (stats.stepsMissed() > 0) {
            say.println("cadenza: " + stats.stepsMissed() + " steps were not ready in time and were held;"
                    + " Gibbs steps in use ended at " + stats.gibbsInUse());
        }
        say.flush();
    }

    /** The RTP-MIDI session that --rtp or --rtp-invite asks for, if any. */
    private void rtp(LiveSession.Builder wiring) {
        if (rtp == null && rtpInvite == null) {
            return;
        }
        if (out != null) {
            throw new IllegalArgumentException("--out and --rtp/--rtp-invite both name the output: give one");
        }
        String name = "Cadenza";
        int port = rtp == null ? 0 : 5004;
        if (rtp != null) {
            int colon = rtp.lastIndexOf(':');
            name = colon < 0 ? rtp : rtp.substring(0, colon);
            port = colon < 0 ? 5004 : parsePort(rtp.substring(colon + 1), "--rtp " + rtp);
        }
        wiring.rtp(name, port, !noAdvertise);
        if (rtpInvite != null) {
            int colon = rtpInvite.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("invalid --rtp-invite: " + rtpInvite + " (expected HOST:PORT)");
            }
            wiring.rtpInvite(rtpInvite.substring(0, colon),
                    parsePort(rtpInvite.substring(colon + 1), "--rtp-invite " + rtpInvite));
        }
    }

    private static int parsePort(String text, String what) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65534) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid port in " + what + " (expected 1..65534)");
    }
}
