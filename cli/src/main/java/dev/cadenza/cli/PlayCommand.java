package dev.cadenza.cli;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.ClockFollower;
import dev.cadenza.bridge.clock.ClockReceiver;
import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.control.ControlAction;
import dev.cadenza.bridge.control.ControlMap;
import dev.cadenza.bridge.control.ControlReceiver;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.control.TerminalKeys;
import dev.cadenza.bridge.port.MidiPorts;
import dev.cadenza.bridge.port.PortSource;
import dev.cadenza.bridge.rtpmidi.RtpMidiOut;
import dev.cadenza.bridge.rtpmidi.RtpMidiSession;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.bridge.stream.Velocity;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.presets.Presets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
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

    @Option(names = "--preset", paramLabel = "NAME|PATH", defaultValue = "jsb-rnnrbm",
            description = "A bundled preset (cadenza info lists them) or a .cadenza file. Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--out", paramLabel = "NAME",
            description = "MIDI output, by name or a unique part of it (cadenza ports). Default: the built-in synthesizer.")
    String out;

    @Option(names = "--rtp", paramLabel = "NAME[:PORT]",
            description = "Serve an RTP-MIDI network session named NAME on UDP PORT and PORT+1 (default 5004) and play to it.")
    String rtp;

    @Option(names = "--rtp-invite", paramLabel = "HOST:PORT",
            description = "Join the RTP-MIDI session at HOST:PORT (its control port) and play to it.")
    String rtpInvite;

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

    @Option(names = "--temperature", defaultValue = "1.0",
            description = "Sampling temperature: below 1 calmer, above 1 wilder. Default: ${DEFAULT-VALUE}.")
    double temperature;

    @Option(names = "--density", defaultValue = "0",
            description = "Bias on every note's odds of sounding (-6..6): positive gives more notes. Default: ${DEFAULT-VALUE}.")
    double density;

    @Option(names = "--gibbs", defaultValue = "25",
            description = "Gibbs steps per sample (RNN-RBM); fewer is faster. Default: ${DEFAULT-VALUE}.")
    int gibbs;

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

    @Option(names = "--lookahead-steps", defaultValue = "2",
            description = "Steps the model runs ahead of the clock (at least 1). Default: ${DEFAULT-VALUE}.")
    int lookaheadSteps;

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
        Velocity velocityMode = Velocity.parse(velocity);
        StepModel model = Models.fromPreset(Presets.load(preset));
        int stepsPerQuarter = model.stepsPerQuarter();
        long steps = endless ? StreamOptions.ENDLESS
                : bars != null ? (long) bars * 4 * stepsPerQuarter
                : terminal ? StreamOptions.ENDLESS : (long) DEFAULT_HEADLESS_BARS * 4 * stepsPerQuarter;
        StreamOptions options = StreamOptions.defaults()
                .withChannel(channel - 1)
                .withProgram(program == null ? -1 : program)
                .withVelocity(velocityMode)
                .withSwing(swing)
                .withLookaheadSteps(lookaheadSteps)
                .withLatencyNanos(Math.round(latencyMs * 1e6))
                .withSendClock(sendClock)
                .withSteps(steps)
                .withSeed(seed);
        LiveControls live = new LiveControls(temperature, density, gibbs);
        List<AutoCloseable> inputs = new ArrayList<>();
        NanoClock clock = NanoClock.system();
        RtpMidiSession session = rtpSession(say);
        PortSource port = session != null ? RtpMidiOut.source(session)
                : out == null ? PortSource.synthesizer(log) : PortSource.named(out);
        if (session != null) {
            inputs.add(session);
        }

        ClockFollower follower = null;
        ControlReceiver controlReceiver = null;
        if (controlIn != null) {
            controlReceiver = new ControlReceiver(live, controlMap());
        }
        if (clockIn != null) {
            follower = new ClockFollower();
        }
        try {
            openInputs(inputs, follower, controlReceiver, clock);
            if (learn) {
                learn(controlReceiver, say);
            }
            LiveStream.Builder builder = LiveStream.builder(model, port).clock(clock).options(options).controls(live)
                    .bpm(bpm).log(log).realtime(!noRealtime);
            if (follower != null) {
                builder.transport(follower);
            }
            if (!noRecord) {
                builder.record(record);
            }
            LiveStream stream = builder.build();
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
                stream.start();
                failure = stream.awaitEnd();
            } finally {
                if (keys != null) {
                    keys.close();
                }
            }
            report(say, stream.stats(), model, follower != null ? follower.bpm() : bpm);
            if (!noRecord && Files.exists(record)) {
                say.println("cadenza: recorded " + stream.recorder().count() + " messages to " + record);
            }
            if (failure != null) {
                throw new BridgeException("the model failed at step " + stream.stats().stepsPlayed() + ": "
                        + failure.getMessage() + " (every note was ended)", failure);
            }
            return 0;
        } finally {
            for (AutoCloseable c : inputs) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing an input at exit: nothing left to do about it
                }
            }
        }
    }

    private ControlMap controlMap() {
        if (controls != null) {
            return learn && !Files.exists(controls) ? ControlMap.defaults() : ControlMap.read(controls);
        }
        Path local = Path.of(DEFAULT_CONTROL_MAP);
        return Files.exists(local) ? ControlMap.read(local) : ControlMap.defaults();
    }

    /** Opens the clock and control inputs; one device can serve both. */
    private void openInputs(List<AutoCloseable> inputs, ClockFollower follower, ControlReceiver controls,
            NanoClock clock) {
        Receiver clockReceiver = follower == null ? null : new ClockReceiver(follower, clock);
        if (clockIn != null && controlIn != null
                && MidiPorts.resolveInput(clockIn).equals(MidiPorts.resolveInput(controlIn))) {
            inputs.add(MidiPorts.openInput(clockIn, both(clockReceiver, controls)));
            return;
        }
        if (clockReceiver != null) {
            inputs.add(MidiPorts.openInput(clockIn, clockReceiver));
        }
        if (controls != null) {
            inputs.add(MidiPorts.openInput(controlIn, controls));
        }
    }

    private static Receiver both(Receiver a, Receiver b) {
        return new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
                a.send(message, timeStamp);
                b.send(message, timeStamp);
            }

            @Override
            public void close() {
                // nothing held
            }
        };
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

    /** The RTP-MIDI session that --rtp or --rtp-invite asks for, or null. */
    private RtpMidiSession rtpSession(PrintWriter say) {
        if (rtp == null && rtpInvite == null) {
            return null;
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
        RtpMidiSession session = RtpMidiSession.start(name, port, (midi, nanos) -> { });
        say.printf("cadenza: RTP-MIDI session '%s' on UDP %d and %d%n", name, session.port(), session.port() + 1);
        if (rtpInvite != null) {
            int colon = rtpInvite.lastIndexOf(':');
            if (colon <= 0) {
                session.close();
                throw new IllegalArgumentException("invalid --rtp-invite: " + rtpInvite + " (expected HOST:PORT)");
            }
            String host = rtpInvite.substring(0, colon);
            int remote = parsePort(rtpInvite.substring(colon + 1), "--rtp-invite " + rtpInvite);
            try {
                session.invite(host, remote).get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                session.close();
                Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                throw new BridgeException("could not join the RTP-MIDI session at " + rtpInvite + ": " + cause.getMessage()
                        + " (is it running, and are UDP " + remote + " and " + (remote + 1) + " open?)", cause);
            }
            say.printf("cadenza: joined the RTP-MIDI session at %s%n", rtpInvite);
        }
        say.flush();
        return session;
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
