package dev.cadenza.bridge.session;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.ClockFollower;
import dev.cadenza.bridge.clock.ClockReceiver;
import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.control.ControlMap;
import dev.cadenza.bridge.control.ControlReceiver;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.jack.JackInput;
import dev.cadenza.bridge.jack.JackOutput;
import dev.cadenza.bridge.jack.JackTransport;
import dev.cadenza.bridge.keyboard.KeyboardInput;
import dev.cadenza.bridge.keyboard.KeyboardOptions;
import dev.cadenza.bridge.keyboard.KeyboardPart;
import dev.cadenza.bridge.keyboard.KeyboardPort;
import dev.cadenza.bridge.keyboard.MidiFileKeyboard;
import dev.cadenza.bridge.link.LinkSession;
import dev.cadenza.bridge.link.LinkTransport;
import dev.cadenza.bridge.port.FanOut;
import dev.cadenza.bridge.port.MidiPorts;
import dev.cadenza.bridge.port.MidiReceiver;
import dev.cadenza.bridge.port.PortSource;
import dev.cadenza.bridge.rtpmidi.session.LeaveReason;
import dev.cadenza.bridge.rtpmidi.session.ParticipantInfo;
import dev.cadenza.bridge.rtpmidi.session.ParticipantListener;
import dev.cadenza.bridge.rtpmidi.session.RtpMidiConfig;
import dev.cadenza.bridge.rtpmidi.session.RtpMidiOut;
import dev.cadenza.bridge.rtpmidi.session.RtpMidiSession;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.NoteLog;
import dev.cadenza.bridge.stream.RealtimePriority;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.stream.UnfinishedTake;
import dev.cadenza.bridge.view.LiveView;
import dev.cadenza.bridge.view.ViewSource;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.PianoRoll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;

/**
 * A whole live system wired once, for the command line, the examples and any application that
 * embeds Cadenza alike: the output (a MIDI port, the built-in synthesizer or an RTP-MIDI network
 * session), the inputs (a keyboard, a MIDI clock to follow, a controller for the live controls; one
 * device may serve several, and an RTP-MIDI session's participants count as the keyboard), the
 * keyboard mode, and the {@link LiveStream} that plays.
 *
 * <p>{@link Builder#open} opens everything and builds the stream without starting it (a caller
 * may still learn a control map from the opened controller); {@link #start} starts it;
 * {@link #close} closes every input and the session. Whatever fails while opening closes what was
 * already open.
 */
public final class LiveSession implements AutoCloseable {
    private final LiveStream stream;
    private final KeyboardInput keyboard;
    private final MidiFileKeyboard fileKeyboard;
    private final ClockFollower follower;
    private final ControlReceiver controlReceiver;
    private final NanoClock clock;
    private final List<String> keyboardSources;
    private final List<AutoCloseable> inputs;
    private LiveView view;

    private LiveSession(LiveStream stream, KeyboardInput keyboard, MidiFileKeyboard fileKeyboard,
            ClockFollower follower, ControlReceiver controlReceiver, NanoClock clock, List<String> keyboardSources,
            List<AutoCloseable> inputs) {
        this.stream = stream;
        this.keyboard = keyboard;
        this.fileKeyboard = fileKeyboard;
        this.follower = follower;
        this.controlReceiver = controlReceiver;
        this.clock = clock;
        this.keyboardSources = keyboardSources;
        this.inputs = inputs;
    }

    /** The {@code --clock} that means JACK's transport rather than a MIDI input. */
    public static final String JACK_CLOCK = "jack";
    /** The {@code --in} that means Cadenza's own JACK MIDI input port rather than a system MIDI input. */
    public static final String JACK_INPUT = "jack";

    /** Notes the live view's log holds: minutes of notes, far more than its feed falls behind. */
    static final int NOTE_LOG_CAPACITY = 1 << 14;

    /** Steps the model samples before the stream starts, so that its first steps run compiled ({@link StepModel#warmUp}). */
    static final int WARM_UP_STEPS = 128;

    /** A session that plays {@code model} under {@code live}. */
    public static Builder builder(StepModel model, LiveControls live) {
        return new Builder(model, live);
    }

    /** Starts the stream, and the scripted keyboard if there is one, in time with it. */
    public void start() {
        stream.start();
        if (fileKeyboard != null) {
            fileKeyboard.setReceiver(keyboard);
            fileKeyboard.start(stream.transport(), clock, 0);
            inputs.add(fileKeyboard);
        }
    }

    /** Waits for the stream to end; the model's failure, if it failed (every note was ended). */
    public RuntimeException awaitEnd() throws InterruptedException {
        return stream.awaitEnd();
    }

    public LiveStream stream() {
        return stream;
    }

    /** The player's input in a keyboard mode, else null. */
    public KeyboardInput keyboard() {
        return keyboard;
    }

    /** The clock followed, else null (the internal clock). */
    public ClockFollower follower() {
        return follower;
    }

    /** The live view when one was asked for ({@link Builder#view}), else null. */
    public LiveView view() {
        return view;
    }

    /** The controller's receiver (to learn a control map from), else null. */
    public ControlReceiver controlReceiver() {
        return controlReceiver;
    }

    /** Where the player's notes come from, in words (e.g. "Keystation 49 and RTP-MIDI session 'Cadenza'"). */
    public String keyboardSources() {
        return String.join(" and ", keyboardSources);
    }

    /** Closes every input and the network session. */
    @Override
    public void close() {
        for (AutoCloseable c : inputs) {
            try {
                c.close();
            } catch (Exception e) {
                // closing an input at the end: nothing left to do about it
            }
        }
    }

    /** What to open and how to play. */
    public static final class Builder {
        private final StepModel model;
        private final LiveControls live;
        private StreamOptions options = StreamOptions.defaults();
        private NanoClock clock = NanoClock.system();
        private double bpm = 120;
        private Consumer<String> log = m -> System.err.println("cadenza: " + m);
        private boolean realtime;
        private Path record;
        private List<String> outs = List.of();
        private String jackClient;
        private PianoRoll primer;
        private String viewHost;
        private int viewPort;
        private String viewTitle;
        private RtpMidiConfig rtpConfig;
        private String inviteHost;
        private int invitePort;
        private String clockIn;
        private LinkSession.Options linkOptions;
        private double linkQuantum;
        private String controlIn;
        private ControlMap controlMap = ControlMap.defaults();
        private KeyboardOptions keyboardOptions;
        private String keyboardIn;
        private MidiFileKeyboard fileKeyboard;
        private String fileKeyboardName;

        private Builder(StepModel model, LiveControls live) {
            this.model = model;
            this.live = live;
        }

        public Builder options(StreamOptions value) {
            options = value;
            return this;
        }

        public Builder clock(NanoClock value) {
            clock = value;
            return this;
        }

        /** Tempo of the internal clock (when no clock is followed). */
        public Builder bpm(double value) {
            bpm = value;
            return this;
        }

        /** Where the session's messages go, each a line without the "cadenza: " prefix. */
        public Builder log(Consumer<String> value) {
            log = value;
            return this;
        }

        public Builder realtime(boolean value) {
            realtime = value;
            return this;
        }

        /** Records what was sent to this MIDI file; null records nothing. */
        public Builder record(Path file) {
            record = file;
            return this;
        }

        /** The MIDI output by name or a unique part of it; null (the default) is the built-in synthesizer. */
        public Builder output(String name) {
            return outputs(name == null ? List.of() : List.of(name));
        }

        /**
         * The MIDI outputs, each by name or a unique part of it, played at once ({@link FanOut});
         * none (the default) is the built-in synthesizer, or the RTP-MIDI session alone when there is one.
         */
        public Builder outputs(List<String> names) {
            outs = List.copyOf(names);
            return this;
        }

        /**
         * Serves the stream as the RTP-MIDI session {@code config} describes (name, ports, bind
         * address, participants allowed); in a keyboard mode its participants play into it too.
         */
        public Builder rtp(RtpMidiConfig config) {
            rtpConfig = config;
            return this;
        }

        /** Also joins the RTP-MIDI session at {@code host}:{@code port} (needs {@link #rtp}). */
        public Builder rtpInvite(String host, int port) {
            inviteHost = host;
            invitePort = port;
            return this;
        }

        /** Also plays to JACK as the client {@code clientName} ({@link JackOutput}); null for none. */
        public Builder jack(String clientName) {
            jackClient = clientName;
            return this;
        }

        /** The model hears {@code roll} (its range and grid) before its first step, and continues it; null for none. */
        public Builder primer(PianoRoll roll) {
            primer = roll;
            return this;
        }

        /**
         * Also serves the live view ({@link LiveView}) on {@code host}:{@code port} (port 0: any free
         * one), titled {@code title}; the session closes it.
         */
        public Builder view(String host, int port, String title) {
            viewHost = host;
            viewPort = port;
            viewTitle = title;
            return this;
        }

        /** Follows the Ableton Link session on the network, bars aligned to {@code quantum} beats. */
        public Builder link(LinkSession.Options options, double quantum) {
            linkOptions = options;
            linkQuantum = quantum;
            return this;
        }

        /** Follows the MIDI clock arriving at this input; {@value #JACK_CLOCK}, JACK's transport instead. */
        public Builder clockFrom(String input) {
            clockIn = input;
            return this;
        }

        /** Takes live controls from this input. */
        public Builder controlsFrom(String input) {
            controlIn = input;
            return this;
        }

        /** How control changes map to the live controls (the controller's and the keyboard's). */
        public Builder controlMap(ControlMap map) {
            controlMap = map;
            return this;
        }

        /**
         * Plays with a musician in the mode of {@code options}, listening to the MIDI input
         * {@code input} (may be null), to {@code file} replayed as if played (may be null, named
         * {@code fileName}), and to the RTP-MIDI session's participants when there is one.
         */
        public Builder keyboard(KeyboardOptions keyboardOptions, String input, MidiFileKeyboard file, String fileName) {
            this.keyboardOptions = keyboardOptions;
            keyboardIn = input;
            fileKeyboard = file;
            fileKeyboardName = fileName;
            return this;
        }

        /** Opens the output and every input and builds the stream; closes what it opened if anything fails. */
        public LiveSession open() {
            List<AutoCloseable> inputs = new ArrayList<>();
            try {
                return open(inputs);
            } catch (RuntimeException e) {
                for (AutoCloseable c : inputs) {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // the failure to open is the error worth reporting
                    }
                }
                throw e;
            }
        }

        private LiveSession open(List<AutoCloseable> inputs) {
            // before any port is open: the first steps run interpreted, far slower than the clock
            model.warmUp(WARM_UP_STEPS);
            if (record != null) {
                prepareRecording(record);
            }
            KeyboardInput keyboard = keyboardOptions == null ? null
                    : new KeyboardInput(clock, keyboardOptions.channel()).controls(new ControlReceiver(live, controlMap));
            RtpMidiSession rtp = rtpConfig == null ? null : startRtp(keyboard, inputs);
            List<PortSource> ports = new ArrayList<>();
            if (rtp != null) {
                ports.add(RtpMidiOut.source(rtp));
            }
            for (String name : outs) {
                ports.add(PortSource.named(name));
            }
            if (jackClient != null) {
                ports.add(new JackOutput(jackClient));
            }
            PortSource port = ports.isEmpty() ? PortSource.synthesizer(log) : FanOut.of(ports, log);
            boolean jackClock = JACK_CLOCK.equals(clockIn);
            ClockFollower follower = clockIn == null || jackClock ? null : new ClockFollower();
            JackTransport jackTransport = null;
            if (jackClock) {
                jackTransport = JackTransport.open((jackClient != null ? jackClient : "Cadenza") + "-transport", bpm, log);
                inputs.add(jackTransport);
            }
            LinkTransport linkTransport = null;
            if (linkOptions != null) {
                if (clockIn != null) {
                    throw new BridgeException("--link and --clock " + clockIn + " exclude each other (expected one"
                            + " clock to follow)");
                }
                LinkSession link = LinkSession.join(clock, linkOptions, log);
                inputs.add(link);
                linkTransport = LinkTransport.follow(link, clock, linkQuantum, linkOptions.startStopSync());
            }
            ControlReceiver controls = controlIn == null ? null : new ControlReceiver(live, controlMap);
            openInputs(inputs, follower, controls, keyboard);

            LiveStream.Builder builder = LiveStream.builder(model, port).clock(clock).options(options).controls(live)
                    .bpm(bpm).log(log).realtime(realtime).primer(primer);
            if (follower != null) {
                builder.transport(follower);
            } else if (jackTransport != null) {
                builder.transport(jackTransport);
            } else if (linkTransport != null) {
                builder.transport(linkTransport);
            }
            if (record != null) {
                builder.record(record);
            }
            if (keyboard != null) {
                builder.part(KeyboardPart.factory(keyboardOptions, keyboard), keyboard, keyboardOptions.thru());
            }
            List<String> sources = new ArrayList<>();
            if (JACK_INPUT.equals(keyboardIn)) {
                sources.add("JACK port " + (jackClient != null ? jackClient : "Cadenza") + "-in:in");
            } else if (keyboardIn != null) {
                sources.add(MidiPorts.resolveInput(keyboardIn));
            }
            if (fileKeyboard != null) {
                sources.add(fileKeyboardName + " (virtual keyboard)");
            }
            if (rtp != null) {
                sources.add("RTP-MIDI session '" + rtp.name() + "'");
            }
            NoteLog notes = viewHost == null ? null : new NoteLog(NOTE_LOG_CAPACITY);
            LiveView view = viewHost == null ? null : LiveView.listen(viewHost, viewPort, log);
            if (view != null) {
                inputs.add(view); // listening before the stream opens its port: a port in use fails early
            }
            LiveStream stream = builder.noteLog(notes).build();
            LiveSession session = new LiveSession(stream, keyboard, fileKeyboard, follower, controls, clock, sources,
                    inputs);
            if (view != null) {
                view.show(new ViewSource(viewTitle, model.range(), model.stepsPerQuarter(), keyboardOptions != null,
                        live, stream.stats(), notes, stream.transport(), clock));
                session.view = view;
            }
            return session;
        }

        /**
         * Refuses a folder as the recording, and recovers a take to the same path that a crash cut
         * short ({@link UnfinishedTake#recover}). Whether a file can be made there is checked when
         * the stream starts its unfinished file, still before anything plays.
         */
        private void prepareRecording(Path file) {
            if (Files.isDirectory(file)) {
                throw new BridgeException("cannot record to " + file + ": it is a folder (expected a file such as "
                        + file.resolve("take.mid") + ")");
            }
            Path recovered = UnfinishedTake.recover(file);
            if (recovered != null) {
                log.accept("a take to " + file + " was cut short earlier; recovered it to " + recovered);
            }
        }

        /** The ranges a session admits, IPv4 first, for one log line. */
        private String admittedRanges(RtpMidiSession session) {
            List<String> ranges = session.admitted().stream()
                    .sorted(java.util.Comparator.comparing(r -> r.network().getAddress().length))
                    .map(Object::toString).toList();
            return (rtpConfig.allowed().isEmpty() ? "this machine's networks, " : "") + String.join(", ", ranges)
                    + (rtpConfig.allowed().isEmpty() ? " (--rtp-allow to change)" : "");
        }

        /** The RTP-MIDI session: a keyboard on it plays into the keyboard mode; otherwise its MIDI is ignored. */
        private RtpMidiSession startRtp(KeyboardInput keyboard, List<AutoCloseable> inputs) {
            RtpMidiSession session = RtpMidiSession.start(rtpConfig,
                    keyboard != null ? keyboard : MidiReceiver.NONE,
                    keyboard == null ? ParticipantListener.NONE : new ParticipantListener() {
                        @Override
                        public void left(ParticipantInfo participant, LeaveReason reason) {
                            keyboard.releaseAll(); // a keyboard that left (or vanished) holds no key
                        }
                    });
            inputs.add(session);
            if (realtime) {
                String why = RealtimePriority.raiseThreadId(session.threadId(), LiveStream.REALTIME_PRIORITY);
                if (why != null) {
                    log.accept("the RTP-MIDI session's thread keeps normal priority: " + why
                            + "; its timing may suffer on a busy machine");
                }
            }
            log.accept(String.format("RTP-MIDI session '%s' on UDP %d and %d%s; invitations from %s",
                    rtpConfig.name(), session.port(), session.port() + 1,
                    rtpConfig.bindAddress() == null ? "" : " of " + rtpConfig.bindAddress().getHostAddress(),
                    admittedRanges(session)));
            if (inviteHost != null) {
                String at = inviteHost + ":" + invitePort;
                try {
                    session.invite(inviteHost, invitePort).get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    throw new BridgeException("could not join the RTP-MIDI session at " + at + ": " + cause.getMessage()
                            + " (is it running, and are UDP " + invitePort + " and " + (invitePort + 1) + " open?)",
                            cause);
                }
                log.accept("joined the RTP-MIDI session at " + at);
            }
            return session;
        }

        /** Opens the keyboard, clock and control inputs; one device can serve several. */
        private void openInputs(List<AutoCloseable> inputs, ClockFollower follower, ControlReceiver controls,
                KeyboardInput keyboard) {
            String clockName = JACK_CLOCK.equals(clockIn) ? null : clockIn; // JACK's transport needs no MIDI input
            String controlName = controlIn;
            if (JACK_INPUT.equals(keyboardIn)) { // the keyboard plays into Cadenza's JACK input port
                inputs.add(JackInput.open((jackClient != null ? jackClient : "Cadenza") + "-in", keyboard, log));
            } else if (keyboardIn != null) {
                String keyboardName = MidiPorts.resolveInput(keyboardIn);
                boolean sameForClock = clockName != null && MidiPorts.resolveInput(clockName).equals(keyboardName);
                Receiver clockReceiver = sameForClock ? new ClockReceiver(follower, clock) : null;
                inputs.add(KeyboardPort.open(keyboardIn, clockReceiver == null ? keyboard : both(keyboard, clockReceiver),
                        keyboard, log));
                if (sameForClock) {
                    clockName = null;
                }
                if (controlName != null && MidiPorts.resolveInput(controlName).equals(keyboardName)) {
                    controlName = null; // the keyboard's control changes reach the live controls through the keyboard
                }
            }
            Receiver clockReceiver = clockName == null ? null : new ClockReceiver(follower, clock);
            ControlReceiver controlReceiver = controlName == null ? null : controls;
            if (clockReceiver != null && controlReceiver != null
                    && MidiPorts.resolveInput(clockName).equals(MidiPorts.resolveInput(controlName))) {
                inputs.add(MidiPorts.openInput(clockName, both(clockReceiver, controlReceiver)));
                return;
            }
            if (clockReceiver != null) {
                inputs.add(MidiPorts.openInput(clockName, clockReceiver));
            }
            if (controlReceiver != null) {
                inputs.add(MidiPorts.openInput(controlName, controlReceiver));
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
    }
}
