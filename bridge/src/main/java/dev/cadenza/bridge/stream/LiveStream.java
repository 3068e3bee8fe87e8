package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.InternalTransport;
import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.port.MidiOut;
import dev.cadenza.bridge.port.PortSource;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A model improvising live into a port: the generation thread, the emission thread and a control
 * thread that watches the port, wired together.
 *
 * <p>Life cycle: {@link #builder} (prepare: the ring, the recorder, every buffer), {@link #start},
 * then {@link #awaitEnd} (the stream ends by itself after its steps, on a quit key or on an
 * exception in the model) or {@link #stop}. However it ends, every sounding note gets its note-off
 * and every channel used gets All Notes Off: on a normal end, on {@link #stop}, on an exception in
 * the model, and on Ctrl-C (a shutdown hook calls {@link #stop}).
 *
 * <p>A port that vanishes: the clock and the model keep running, the control thread logs it once,
 * tries to reopen it every {@link #REOPEN_INTERVAL_NANOS}, and sound resumes on the next beat once
 * it is back.
 *
 * <p>Thread contract: {@link #start}, {@link #stop} and {@link #awaitEnd} from control threads;
 * {@link #stop} is idempotent and safe from a shutdown hook.
 */
public final class LiveStream implements AutoCloseable {
    /** How often the control thread looks at the port. */
    public static final long WATCH_INTERVAL_NANOS = 250_000_000;
    /** How often a lost port is tried again. */
    public static final long REOPEN_INTERVAL_NANOS = 1_000_000_000;
    /** The emission thread looks at its flags at least this often. */
    private static final long EMITTER_POLL_NANOS = 5_000_000;
    private static final long GENERATOR_POLL_NANOS = 20_000_000;
    private static final long JOIN_MILLIS = 2_000;
    /** The recording reaches its unfinished file at least this often, and at least twice a bar of 4/4. */
    public static final long FLUSH_MAX_NANOS = 1_000_000_000;
    /** SCHED_FIFO priority of the emission thread (JACK's clients use 10..90). */
    public static final int REALTIME_PRIORITY = 20;

    private final StepModel model;
    private final NanoClock clock;
    private final Transport transport;
    private final InternalTransport internal;
    private final StreamOptions options;
    private final LiveControls live;
    private final PortSource portSource;
    private final Path recordFile;
    private final Consumer<String> log;
    private final StreamStats stats = new StreamStats();
    private final EventRing ring;
    private final EventRecorder recorder;
    private final Generator generator;
    private final Emitter emitter;
    private final MidiOut firstPort;
    private final PlayerInput player;
    private final Thread generatorThread;
    private final Thread emitterThread;
    private final Thread watcherThread;
    private final Thread recordingThread;
    private UnfinishedTake unfinished;
    private volatile boolean unfinishedFailed;
    private final Thread shutdownHook;
    private final int quitsAtStart;
    private final boolean realtime;

    private final java.util.concurrent.CountDownLatch stoppedLatch = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile BridgeException recordingFailure;
    private volatile boolean stopped;
    private volatile boolean started;
    private volatile long originNanos;

    private LiveStream(Builder b) {
        this.model = b.model;
        this.clock = b.clock;
        this.options = b.options;
        this.live = b.live != null ? b.live : new LiveControls(1.0, 0.0, dev.cadenza.engine.model.Controls.DEFAULT_GIBBS_STEPS);
        this.portSource = b.portSource;
        this.recordFile = b.recordFile;
        this.log = b.log;
        this.realtime = b.realtime;
        if (b.transport != null) {
            this.transport = b.transport;
            this.internal = null;
        } else {
            this.internal = new InternalTransport(clock, b.bpm);
            this.transport = internal;
        }
        live.transport(transport); // the tempo control changes this transport's tempo
        this.ring = new EventRing(Generator.ringCapacity(model, options));
        this.recorder = b.recordFile != null || b.keepRecording ? new EventRecorder(b.recordCapacity) : null;
        this.player = b.player;
        Part part = b.partFactory == null ? Part.solo(model)
                : b.partFactory.create(model, transport, live, stats, options.seed());
        this.generator = new Generator(model, part, transport, ring, options, live, stats, clock);
        if (recorder != null) {
            generator.recordTempo(recorder);
        }
        if (b.primer != null) {
            generator.hear(b.primer);
        }
        this.firstPort = b.port != null ? b.port : portSource.open();
        this.emitter = new Emitter(ring, generator, firstPort, stats, recorder, clock, options);
        if (b.player != null) {
            emitter.keyboard(b.player.messages(), b.thru);
        }
        if (b.noteLog != null) {
            emitter.noteLog(b.noteLog);
        }
        this.quitsAtStart = live.quits();
        this.generatorThread = new Thread(this::generateLoop, "cadenza-generator");
        this.emitterThread = new Thread(this::emitLoop, "cadenza-emitter");
        this.emitterThread.setPriority(Thread.MAX_PRIORITY);
        this.watcherThread = new Thread(this::watchLoop, "cadenza-port-watch");
        this.watcherThread.setDaemon(true);
        this.recordingThread = new Thread(this::recordLoop, "cadenza-recording");
        this.recordingThread.setDaemon(true);
        this.shutdownHook = new Thread(this::stop, "cadenza-shutdown");
        generator.onNewEpoch(() -> clock.wake(emitterThread)); // a stop, jump, panic or interruption: silence now
        if (player != null) {
            player.onArrival(() -> {
                clock.wake(generatorThread); // the part decides at once (an answer within a step)
                clock.wake(emitterThread); // thru and collisions at once
            });
        }
    }

    /** A stream of {@code model}'s steps into the port {@code portSource} opens. */
    public static Builder builder(StepModel model, PortSource portSource) {
        return new Builder(model, portSource, null);
    }

    /** A stream into an already open port, which cannot be reopened if it is lost. */
    public static Builder builder(StepModel model, MidiOut port) {
        return new Builder(model, null, port);
    }

    /** Starts the threads (and the internal transport, a few steps from now). */
    public synchronized LiveStream start() {
        if (started) {
            throw new BridgeException("stream already started (expected start() once)");
        }
        if (recordFile != null) { // before anything plays: a path where no take can be kept is refused now
            unfinished = UnfinishedTake.start(recordFile, recorder, transport.bpm() > 0 ? transport.bpm() : 120,
                    this::originNanos);
        }
        started = true;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        originNanos = clock.nanos();
        if (internal != null) {
            long stepNanos = Math.round(60e9 / internal.bpm() / model.stepsPerQuarter());
            internal.start((options.lookaheadSteps() + 1) * stepNanos + 50_000_000L + Math.max(0, options.latencyNanos()));
            // the song's first step, fixed now: a tempo change later moves the grid, not the take's start
            originNanos = internal.stepNanos(0, model.stepsPerQuarter()) - options.latencyNanos();
        }
        emitterThread.start();
        if (realtime) {
            String why = RealtimePriority.raise(emitterThread.getName(), REALTIME_PRIORITY);
            if (why != null) {
                log.accept("the emission thread keeps normal priority: " + why + "; timing may suffer on a busy machine");
            }
        }
        generatorThread.start();
        watcherThread.start();
        if (unfinished != null) {
            recordingThread.start();
        }
        return this;
    }

    private void generateLoop() {
        try {
            while (!stopRequested && !generator.finished()) {
                long now = clock.nanos();
                long next = generator.generate(now);
                if (next == Long.MAX_VALUE) {
                    break;
                }
                clock.waitUntil(Math.min(next, now + GENERATOR_POLL_NANOS));
            }
        } catch (RuntimeException e) {
            log.accept("generation stopped: " + e.getMessage());
            generator.finish();
        }
    }

    private void emitLoop() {
        PrecisionWaiter waiter = new PrecisionWaiter(clock);
        BooleanSupplier played = emitter::playedWaiting; // made once: the loop allocates nothing
        try {
            while (!stopRequested) {
                long now = clock.nanos();
                long next = emitter.emit(now);
                if (generator.finished() && ring.isEmpty()) {
                    break;
                }
                waiter.waitFor(next, now + EMITTER_POLL_NANOS, played);
            }
        } finally {
            emitter.panic();
        }
    }

    /** Keeps the unfinished file of the recording up to date while the stream plays. */
    private void recordLoop() {
        while (!stopRequested && !unfinishedFailed) {
            double bpm = transport.bpm() > 0 ? transport.bpm() : 120;
            LockSupport.parkNanos(Math.min(FLUSH_MAX_NANOS, Math.round(120e9 / bpm)));
            if (!stopRequested) {
                flushUnfinished();
            }
        }
    }

    private void flushUnfinished() {
        if (unfinishedFailed) {
            return;
        }
        try {
            unfinished.flush();
        } catch (IOException | RuntimeException e) {
            unfinishedFailed = true;
            log.accept("cannot keep the recording safe in " + unfinished.path() + " as it plays ("
                    + AtomicFiles.describe(e) + "); the take is kept in memory and written at the stop");
        }
    }

    /** Where the recording's tick 0 lies: the song's first step (the internal clock's), not the start delay. */
    private long originNanos() {
        return originNanos;
    }

    private void watchLoop() {
        boolean reported = false;
        long lastTry = clock.nanos() - REOPEN_INTERVAL_NANOS;
        while (!stopRequested) {
            long now = clock.nanos();
            if (live.quits() != quitsAtStart) {
                new Thread(this::stop, "cadenza-quit").start();
                return;
            }
            if (portSource != null && !emitter.portLost()) {
                if (portSource.present()) {
                    portSource.watch();
                } else {
                    emitter.markLost();
                }
            }
            MidiOut gone = emitter.takeLostPort();
            if (gone != null) {
                if (!reported) {
                    log.accept("output '" + gone.name() + "' is gone; the model keeps playing, retrying every "
                            + REOPEN_INTERVAL_NANOS / 1_000_000_000 + " s");
                    reported = true;
                }
                closeQuietly(gone);
            }
            if (emitter.portLost() && portSource != null && now - lastTry >= REOPEN_INTERVAL_NANOS) {
                lastTry = now;
                try {
                    MidiOut port = portSource.open();
                    emitter.replacePort(port);
                    log.accept("output '" + port.name() + "' is back; resuming on the next beat");
                    reported = false;
                } catch (RuntimeException e) {
                    // still gone: try again later, without repeating the message
                }
            }
            clock.waitUntil(now + WATCH_INTERVAL_NANOS);
        }
    }

    /**
     * Waits until the stream ends by itself (its steps played, a quit, an exception in the model),
     * then stops it. Returns the model's exception that ended it, or null.
     */
    public RuntimeException awaitEnd() throws InterruptedException {
        emitterThread.join();
        stop();
        return generator.failure();
    }

    /**
     * Stops now: the generator stops, the emitter silences every sounding note (note-offs, then All
     * Notes Off per channel used), the port is closed and the recording written. Idempotent.
     */
    public void stop() {
        boolean first;
        synchronized (this) {
            if (!started) {
                return;
            }
            first = !stopped;
            stopped = true;
        }
        if (!first) {
            awaitStopped(); // another thread (a quit key, the shutdown hook) is stopping it
            return;
        }
        try {
            stopNow();
        } finally {
            stoppedLatch.countDown();
        }
    }

    private void awaitStopped() {
        try {
            stoppedLatch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopNow() {
        stopRequested = true;
        if (player != null) {
            player.close();
        }
        generator.finish();
        LockSupport.unpark(generatorThread);
        LockSupport.unpark(emitterThread);
        joinQuietly(generatorThread);
        joinQuietly(emitterThread);
        if (emitterThread.isAlive()) {
            log.accept("the emission thread did not end within " + JOIN_MILLIS + " ms; some notes may sound on");
        }
        MidiOut port = emitter.port();
        closeQuietly(port);
        MidiOut gone = emitter.takeLostPort();
        if (gone != null && gone != port) {
            closeQuietly(gone);
        }
        if (recordFile != null) {
            LockSupport.unpark(recordingThread);
            joinQuietly(recordingThread);
            flushUnfinished(); // the tail too, in case the whole file cannot be written
            try {
                recorder.write(recordFile, transport.bpm() > 0 ? transport.bpm() : 120, originNanos());
            } catch (BridgeException e) {
                unfinished.close();
                recordingFailure = new BridgeException(e.getMessage() + (unfinishedFailed ? ""
                        : "; the take up to the stop is kept in " + unfinished.path()), e);
                log.accept(recordingFailure.getMessage());
            }
            if (recordingFailure == null) {
                try {
                    unfinished.discard();
                } catch (IOException e) {
                    log.accept("recorded to " + recordFile + ", but " + unfinished.path() + " could not be removed ("
                            + AtomicFiles.describe(e) + "): delete it by hand");
                }
            }
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void joinQuietly(Thread thread) {
        if (thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly(MidiOut port) {
        try {
            port.close();
        } catch (RuntimeException e) {
            log.accept("closing '" + port.name() + "': " + e.getMessage());
        }
    }

    /** The name of the output events go to now. */
    public String portName() {
        return emitter.port().name();
    }

    /** Whether the stream has started and not ended yet. */
    public boolean running() {
        return started && emitterThread.isAlive();
    }

    public StreamStats stats() {
        return stats;
    }

    public LiveControls controls() {
        return live;
    }

    public Transport transport() {
        return transport;
    }

    /** What was sent, or null when the stream does not record. */
    /** Whether the recording file was written when the stream stopped. */
    public boolean recordingWritten() {
        return recordFile != null && stoppedLatch.getCount() == 0 && recordingFailure == null;
    }

    /** Why the recording file could not be written when the stream stopped, or null. */
    public BridgeException recordingFailure() {
        return recordingFailure;
    }

    public EventRecorder recorder() {
        return recorder;
    }

    /** The model's exception that ended the stream, or null. */
    public RuntimeException failure() {
        return generator.failure();
    }

    /** Notes sounding on the port as far as the emitter knows: 0 once stopped. */
    public int soundingCount() {
        return emitter.soundingCount();
    }

    /** Builds a {@link LiveStream}. */
    public static final class Builder {
        private final StepModel model;
        private final PortSource portSource;
        private final MidiOut port;
        private NanoClock clock = NanoClock.system();
        private Transport transport;
        private double bpm = 120;
        private StreamOptions options = StreamOptions.defaults();
        private LiveControls live;
        private Path recordFile;
        private boolean keepRecording;
        private int recordCapacity = EventRecorder.DEFAULT_CAPACITY;
        private Consumer<String> log = message -> System.err.println("cadenza: " + message);
        private boolean realtime;
        private Part.Factory partFactory;
        private PlayerInput player;
        private boolean thru;
        private PianoRoll primer;
        private NoteLog noteLog;

        private Builder(StepModel model, PortSource portSource, MidiOut port) {
            this.model = model;
            this.portSource = portSource;
            this.port = port;
        }

        public Builder clock(NanoClock value) {
            clock = value;
            return this;
        }

        /** Follow this transport (e.g. a {@link dev.cadenza.bridge.clock.ClockFollower}) instead of the internal one. */
        public Builder transport(Transport value) {
            transport = value;
            return this;
        }

        /** Tempo of the internal transport. */
        public Builder bpm(double value) {
            bpm = value;
            return this;
        }

        public Builder options(StreamOptions value) {
            options = value;
            return this;
        }

        public Builder controls(LiveControls value) {
            live = value;
            return this;
        }

        /** Writes everything sent to this MIDI file when the stream stops. */
        public Builder record(Path file) {
            recordFile = file;
            return this;
        }

        /** Keeps what was sent in memory ({@link LiveStream#recorder()}), with room for {@code capacity} events. */
        public Builder keepRecording(int capacity) {
            keepRecording = true;
            recordCapacity = capacity;
            return this;
        }

        /**
         * Runs the emission thread under SCHED_FIFO on Linux where allowed (see
         * {@link RealtimePriority}); logs why not otherwise.
         */
        public Builder realtime(boolean value) {
            realtime = value;
            return this;
        }

        /**
         * Plays with a musician: {@code part} decides each step (e.g. a keyboard mode,
         * {@link dev.cadenza.bridge.keyboard.KeyboardPart#factory}), {@code input} is what the
         * player plays, forwarded to the output as it arrives when {@code thru} is on.
         */
        public Builder part(Part.Factory part, PlayerInput input, boolean thru) {
            partFactory = part;
            player = input;
            this.thru = thru;
            return this;
        }

        public Builder log(Consumer<String> value) {
            log = value;
            return this;
        }

        /** The model hears {@code roll} (its range and grid) before its first step, and continues it; null for none. */
        public Builder primer(PianoRoll roll) {
            primer = roll;
            return this;
        }

        /** Logs every note sent or played to {@code log}, for a view of the stream; null for none. */
        public Builder noteLog(NoteLog log) {
            noteLog = log;
            return this;
        }

        /** Prepares everything (and opens the port); nothing runs until {@link LiveStream#start}. */
        public LiveStream build() {
            return new LiveStream(this);
        }
    }
}
