package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Scale;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generation side of a stream: runs the model up to {@code lookaheadSteps} ahead of the
 * transport and writes each step's events, at the step's time (plus swing, minus the latency
 * offset), into the ring.
 *
 * <p>A step whose frame is ready later than {@code guardNanos} before its time is missed: nothing
 * of it is written (the notes sounding are held), the miss is counted, the Gibbs steps in use are
 * halved (they creep back, one per 16 steps on time, to what the controls ask), and generation
 * jumps to the first step still ahead, so the music goes on on time rather than late in a burst.
 *
 * <p>Every start, stop or jump of the transport, and every panic, begins a new epoch: the emitter
 * silences everything and drops the events of earlier epochs still in the ring.
 *
 * <p>Thread contract: {@link #generate} and {@link #finish} on the generation thread only; they
 * allocate nothing (the model allocates nothing after construction). {@link #epoch} and
 * {@link #finished} from any thread.
 */
public final class Generator {
    private static final int RECOVER_AFTER_STEPS = 16;
    /** How often to look again while the transport is stopped or the ring is full. */
    private static final long IDLE_NANOS = 1_000_000;

    private final StepModel model;
    private final Part part;
    private final Transport transport;
    private final EventRing ring;
    private final StreamOptions options;
    private final LiveControls live;
    private final StreamStats stats;
    private final NanoClock clock;
    private final Controls controls;
    private final Frame frame;
    private final FrameToMidi toMidi;
    private final int stepsPerQuarter;
    private final int pulsesPerStep;
    private final AtomicInteger epoch = new AtomicInteger();
    private final int eventsPerStepMax;

    private int seenTransportEpoch = Integer.MIN_VALUE;
    private boolean runActive;
    private boolean resting;
    private long nextStep;
    private long firstStepOfRun;
    private int restartsHandled;
    private int panicsHandled;
    private int gibbsInUse;
    private int scaleInUse = Integer.MIN_VALUE;
    private int onTimeStreak;
    private long restartCount;
    private volatile boolean finished;
    private Runnable onNewEpoch = () -> { };
    /** Where the grid's tempo changes are noted for the recording (null: not recorded). */
    private EventRecorder tempoMap;
    /** The last step written in this epoch (-1: none yet), its start on the recording's clock and its length. */
    private long lastStep = -1;
    private long lastGridNanos;
    private long lastStepLength;
    private volatile RuntimeException failure;

    public Generator(StepModel model, Transport transport, EventRing ring, StreamOptions options,
            LiveControls live, StreamStats stats, NanoClock clock) {
        this(model, Part.solo(model), transport, ring, options, live, stats, clock);
    }

    /** A generator whose steps {@code part} decides (the keyboard modes); the part drives {@code model}. */
    public Generator(StepModel model, Part part, Transport transport, EventRing ring, StreamOptions options,
            LiveControls live, StreamStats stats, NanoClock clock) {
        this.model = model;
        this.part = part;
        this.transport = transport;
        this.ring = ring;
        this.options = options;
        this.live = live;
        this.stats = stats;
        this.clock = clock;
        this.controls = model.newControls();
        this.frame = new Frame(model.range());
        this.toMidi = new FrameToMidi(model.range(), options.channel(), options.velocity(), options.seed());
        this.stepsPerQuarter = model.stepsPerQuarter();
        this.pulsesPerStep = options.sendClock() ? Math.max(1, 24 / stepsPerQuarter) : 0;
        this.eventsPerStepMax = toMidi.maxEventsPerStep() + pulsesPerStep + 4;
        if (ring.capacity() < eventsPerStepMax * (options.lookaheadSteps() + 1)) {
            throw new dev.cadenza.bridge.BridgeException("ring of " + ring.capacity() + " events too small for "
                    + options.lookaheadSteps() + " steps ahead (expected at least "
                    + eventsPerStepMax * (options.lookaheadSteps() + 1) + ")");
        }
        this.restartsHandled = live.restarts();
        this.panicsHandled = live.panics();
        this.gibbsInUse = live.gibbsSteps();
        model.reset(options.seed());
    }

    /**
     * Lets the model hear {@code primer} (its range and grid) after its reset, before the stream
     * starts, so that it continues the primer. A restart ({@link LiveControls#restart}) starts
     * afresh without it. Control thread, before {@link #generate}.
     */
    public void hear(PianoRoll primer) {
        if (!primer.range().equals(model.range()) || primer.stepsPerQuarter() != stepsPerQuarter) {
            throw new IllegalArgumentException("primer of " + primer.range() + " at " + primer.stepsPerQuarter()
                    + " steps a quarter, expected the model's " + model.range() + " at " + stepsPerQuarter);
        }
        Frame heard = new Frame(model.range());
        for (int t = 0; t < primer.length(); t++) {
            primer.frame(t, heard);
            model.observe(heard);
        }
    }

    /** The ring capacity a stream of {@code model} and {@code options} needs. */
    public static int ringCapacity(StepModel model, StreamOptions options) {
        int perStep = 2 * model.range().size() + 24 + 4;
        return perStep * (options.lookaheadSteps() + 2);
    }

    /**
     * Generates every step that falls within the look-ahead window at {@code nowNanos}. Returns when
     * it next has work to do (a time on the stream's clock), or {@link Long#MAX_VALUE} once
     * finished. Generation thread only.
     */
    public long generate(long nowNanos) {
        if (finished) {
            return Long.MAX_VALUE;
        }
        int transportEpoch = transport.epoch();
        if (transportEpoch != seenTransportEpoch) {
            seenTransportEpoch = transportEpoch;
            if (runActive) {
                newEpoch(); // stopped or jumped: the emitter silences what sounds
                runActive = false;
            }
        }
        if (live.panics() != panicsHandled) {
            panicsHandled = live.panics();
            newEpoch(); // what was generated ahead is dropped: go on from the next step
            if (runActive && transport.running()) {
                nextStep = transport.firstStep(stepsPerQuarter, nowNanos + options.guardNanos());
            }
        }
        if (!transport.running()) {
            return nowNanos + IDLE_NANOS;
        }
        if (!runActive) {
            runActive = true;
            nextStep = transport.firstStep(stepsPerQuarter, nowNanos + options.guardNanos());
            firstStepOfRun = nextStep;
            writeRunStart(transport.stepNanos(nextStep, stepsPerQuarter) - options.latencyNanos());
        }
        if (resting) {
            nextStep = Math.max(nextStep, transport.firstStep(stepsPerQuarter, nowNanos + startMarginNanos()));
        }
        long partNext = part.prepare(nowNanos, nextStep);
        if (part.takeInterrupt()) {
            newEpoch(); // the player came in: what was generated ahead is dropped, what sounds is ended
            nextStep = Math.max(firstStepOfRun, transport.firstStep(stepsPerQuarter, nowNanos + startMarginNanos()));
        }
        while (true) {
            long stepStart = transport.stepNanos(nextStep, stepsPerQuarter);
            long stepLength = transport.stepNanos(nextStep + 1, stepsPerQuarter) - stepStart;
            long due = stepStart - options.lookaheadSteps() * stepLength;
            if (due > nowNanos) {
                return Math.min(due, partNext);
            }
            if (options.steps() != StreamOptions.ENDLESS && nextStep - firstStepOfRun >= options.steps()) {
                finishAt(stepStart - options.latencyNanos());
                return Long.MAX_VALUE;
            }
            if (ring.free() < eventsPerStepMax) {
                return nowNanos + IDLE_NANOS; // the emitter is behind; it frees slots as time passes
            }
            int result = step(stepStart, stepLength);
            if (result == FAILED) {
                return Long.MAX_VALUE;
            }
            if (result == RESTED) {
                // look again when the part asks, or when this step can no longer be made in time
                return Math.max(nowNanos + 1, Math.min(partNext, stepStart - startMarginNanos()));
            }
            nowNanos = clock.nanos();
        }
    }

    /**
     * How far ahead of a step's start its computation must begin when nothing was generated ahead:
     * the guard plus twice the mean compute time (at least a millisecond).
     */
    private long startMarginNanos() {
        return options.guardNanos() + Math.max(1_000_000L, 2 * (long) stats.computeNanosMean());
    }

    private static final int PLAYED = 0;
    private static final int RESTED = 1;
    private static final int FAILED = 2;

    /** Computes and writes one step: {@link #PLAYED}, {@link #RESTED} or {@link #FAILED}. */
    private int step(long stepStart, long stepLength) {
        applyLiveControls();
        long before = clock.nanos();
        boolean played;
        try {
            played = part.play(nextStep, controls, frame);
        } catch (RuntimeException e) {
            failure = e;
            finishAt(clock.nanos());
            return FAILED;
        }
        if (!played) {
            if (!resting && toMidi.soundingCount() > 0) {
                frame.clear(); // the part stops: end what sounds at this step's start
                stats.eventsOverflowed += toMidi.write(frame, stepStart - options.latencyNanos(), (int) nextStep,
                        epoch.get(), ring);
            }
            resting = true;
            return RESTED;
        }
        resting = false;
        long after = clock.nanos();
        long compute = after - before;
        stats.computeNanosTotal += compute;
        if (compute > stats.computeNanosMax) {
            stats.computeNanosMax = compute;
        }
        if (live.muted()) {
            frame.clear();
        }
        long swingNanos = (nextStep & 1) == 1 ? Math.round(options.swing() * stepLength) : 0;
        long eventNanos = stepStart + swingNanos - options.latencyNanos();
        long gridNanos = stepStart - options.latencyNanos();
        if (after > Math.min(eventNanos, gridNanos) - options.guardNanos()) {
            missed(after);
            return PLAYED;
        }
        if (tempoMap != null) {
            noteTempo(nextStep, gridNanos, stepLength);
        }
        int e = epoch.get();
        int step = (int) nextStep;
        int lost = 0;
        // clock pulses due before the (swung) notes, then the notes, then the rest of the pulses
        int pulse = 0;
        for (; pulse < pulsesPerStep; pulse++) {
            long pulseNanos = gridNanos + stepLength * pulse / pulsesPerStep;
            if (pulseNanos > eventNanos) {
                break;
            }
            lost += ring.offer(pulseNanos, MidiEvents.pack(MidiEvents.TIMING_CLOCK, 0, 0, e), step) ? 0 : 1;
        }
        lost += toMidi.write(frame, eventNanos, step, e, ring);
        for (; pulse < pulsesPerStep; pulse++) {
            long pulseNanos = gridNanos + stepLength * pulse / pulsesPerStep;
            lost += ring.offer(pulseNanos, MidiEvents.pack(MidiEvents.TIMING_CLOCK, 0, 0, e), step) ? 0 : 1;
        }
        stats.eventsOverflowed += lost;
        stats.stepsPlayed++;
        nextStep++;
        if (++onTimeStreak >= RECOVER_AFTER_STEPS && gibbsInUse < live.gibbsSteps()) {
            gibbsInUse++;
            onTimeStreak = 0;
        }
        return PLAYED;
    }

    private void missed(long nowNanos) {
        stats.stepsMissed++;
        onTimeStreak = 0;
        gibbsInUse = Math.max(Controls.MIN_GIBBS_STEPS, gibbsInUse / 2);
        long ahead = transport.firstStep(stepsPerQuarter, nowNanos + options.guardNanos());
        long skipped = Math.max(0, ahead - nextStep - 1);
        stats.stepsMissed += skipped;
        nextStep = Math.max(nextStep + 1, ahead);
    }

    private void applyLiveControls() {
        if (live.restarts() != restartsHandled) {
            restartsHandled = live.restarts();
            restartCount++;
            model.reset(options.seed() + restartCount);
        }
        int askedGibbs = live.gibbsSteps();
        if (gibbsInUse > askedGibbs) {
            gibbsInUse = askedGibbs;
        }
        int scale = live.scaleCode();
        if (scale != scaleInUse) {
            scaleInUse = scale;
            controls.allowPitchClassMask(Scale.maskOf(scale));
        }
        controls.temperature(live.temperature());
        controls.densityBias(live.density());
        controls.gibbsSteps(gibbsInUse);
        controls.likelyFrame(live.likelyFrame());
        stats.gibbsInUse = gibbsInUse;
    }

    private void writeRunStart(long nanos) {
        int e = epoch.get();
        int step = (int) nextStep;
        if (options.program() >= 0) {
            ring.offer(nanos, MidiEvents.pack(MidiEvents.PROGRAM_CHANGE | options.channel(), options.program(), 0, e),
                    step);
        }
        if (options.sendClock()) {
            ring.offer(nanos, MidiEvents.pack(MidiEvents.START, 0, 0, e), step);
        }
    }

    /** Ends the stream: note-offs for everything started, at {@code nanos}. */
    private void finishAt(long nanos) {
        int lost = toMidi.silence(nanos, (int) nextStep, epoch.get(), ring);
        stats.eventsOverflowed += lost;
        finished = true;
    }

    /** Stops generating (a stop from outside); the emitter's panic silences what sounds. */
    public void finish() {
        finished = true;
    }

    private void newEpoch() {
        epoch.incrementAndGet();
        toMidi.forget();
        lastStep = -1; // the next step starts the tempo map afresh
        onNewEpoch.run();
    }

    /**
     * Notes in {@code recorder} every change of the grid's step length, where the transport's tempo
     * can change while it plays ({@link Transport#tempoAdjustable}: the internal clock, Link), so
     * that the recording gets a tempo map. Control thread, before {@link #generate}.
     */
    public void recordTempo(EventRecorder recorder) {
        tempoMap = transport.tempoAdjustable() ? recorder : null;
    }

    /**
     * The tempo map's side of step {@code step}, about to be written at {@code gridNanos}: where
     * the steps since the last one written did not last as long as they were planned to (the grid
     * changed after they were generated), their real length; where this step's length differs
     * from the one before, the new one. Every step then starts on its own tick in the file.
     * Real-time safe.
     */
    private void noteTempo(long step, long gridNanos, long stepLength) {
        long length = lastStepLength;
        if (lastStep >= 0 && step > lastStep) {
            long actual = (gridNanos - lastGridNanos) / (step - lastStep);
            if (actual > 0 && differs(actual, length)) {
                tempoMap.tempo(lastGridNanos, (double) actual * stepsPerQuarter);
                length = actual;
            }
        }
        if (lastStep < 0 || differs(stepLength, length)) {
            tempoMap.tempo(gridNanos, (double) stepLength * stepsPerQuarter);
        }
        lastStep = step;
        lastGridNanos = gridNanos;
        lastStepLength = stepLength;
    }

    /** Lengths that differ by more than the grid's rounding (a step's nanosecond, a Link clock's microsecond). */
    private static boolean differs(long a, long b) {
        return Math.abs(a - b) > Math.max(2, Math.min(a, b) / 10_000);
    }

    /**
     * Runs {@code hook} on the generation thread at every new epoch, so the emitter can be woken to
     * silence what sounds at once; it must be real-time safe. Set before generation starts.
     */
    public void onNewEpoch(Runnable hook) {
        onNewEpoch = hook;
    }

    /** The current epoch; events of earlier ones are dropped by the emitter. Any thread. */
    public int epoch() {
        return epoch.get();
    }

    public boolean finished() {
        return finished;
    }

    /** The model's exception that ended the stream, or null. */
    public RuntimeException failure() {
        return failure;
    }

    /** The step the generator will compute next. */
    public long nextStep() {
        return nextStep;
    }

    public int stepsPerQuarter() {
        return stepsPerQuarter;
    }
}
