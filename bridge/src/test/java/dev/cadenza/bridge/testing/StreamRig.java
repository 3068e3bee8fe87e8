package dev.cadenza.bridge.testing;

import dev.cadenza.bridge.clock.InternalTransport;
import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.stream.Emitter;
import dev.cadenza.bridge.stream.EventRecorder;
import dev.cadenza.bridge.stream.EventRing;
import dev.cadenza.bridge.stream.Generator;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.engine.model.StepModel;

/**
 * The generation and emission sides of a stream, driven on one thread by a manual clock: each
 * turn runs whatever is due now, then moves the clock to the next thing that is due. Events are
 * therefore sent exactly when the emitter first could, which is what the tests check.
 */
public final class StreamRig {
    public final ManualClock clock = new ManualClock(1_000_000_000L);
    /** The model when it is a {@link FakeModel}, else null. */
    public final FakeModel model;
    public final StepModel stepModel;
    public final StreamOptions options;
    public final InternalTransport transport;
    public final Transport followed;
    public final LiveControls live = new LiveControls(1.0, 0.0, 24);
    public final StreamStats stats = new StreamStats();
    public final EventRing ring;
    public final Generator generator;
    public final RecordingPort port;
    public final EventRecorder recorder = new EventRecorder(100_000);
    public final Emitter emitter;

    public StreamRig(FakeModel model, StreamOptions options, double bpm) {
        this(model, options, bpm, null);
    }

    /** A rig that follows {@code external} (e.g. a clock follower) instead of its internal transport. */
    public StreamRig(FakeModel model, StreamOptions options, double bpm, Transport external) {
        this((StepModel) model, options, bpm, external);
    }

    /** A rig around a real model ({@link #model} is then null: {@link #stepModel} is the model). */
    public StreamRig(StepModel model, StreamOptions options, double bpm) {
        this(model, options, bpm, null);
    }

    private StreamRig(StepModel model, StreamOptions options, double bpm, Transport external) {
        this.model = model instanceof FakeModel fake ? fake : null;
        this.stepModel = model;
        this.options = options;
        this.transport = new InternalTransport(clock, bpm);
        this.followed = external;
        this.ring = new EventRing(Generator.ringCapacity(model, options));
        this.generator = new Generator(model, external != null ? external : transport, ring, options, live, stats,
                clock);
        this.port = new RecordingPort("fake out", clock);
        this.emitter = new Emitter(ring, generator, port, stats, recorder, clock, options);
    }

    /** Starts the transport {@code delayNanos} from now. */
    public StreamRig start(long delayNanos) {
        transport.start(delayNanos);
        return this;
    }

    /** Runs until the clock reaches {@code untilNanos} (or everything is done). */
    public void runUntil(long untilNanos) {
        runUntil(untilNanos, now -> Long.MAX_VALUE);
    }

    /**
     * Runs until {@code untilNanos}; {@code outside} is called at each turn with the time and
     * returns when it next wants a turn (e.g. to feed MIDI clock pulses at their times).
     */
    public void runUntil(long untilNanos, java.util.function.LongUnaryOperator outside) {
        while (true) {
            long now = clock.nanos();
            long outsideNext = outside.applyAsLong(now);
            long generatorNext = generator.generate(now);
            long emitterNext = emitter.emit(now);
            long next = Math.min(Math.min(Math.min(generatorNext, emitterNext), outsideNext), untilNanos);
            if (next <= now) {
                if (now >= untilNanos) {
                    return;
                }
                next = now + 1;
            }
            if (next == Long.MAX_VALUE) {
                return;
            }
            clock.set(next);
        }
    }

    /** Runs for {@code nanos} more. */
    public void runFor(long nanos) {
        runUntil(clock.nanos() + nanos);
    }

    /** What the stream does when stopped: the generator stops, the emitter silences everything. */
    public void stop() {
        generator.finish();
        emitter.panic();
    }
}
