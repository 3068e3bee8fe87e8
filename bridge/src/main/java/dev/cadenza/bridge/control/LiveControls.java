package dev.cadenza.bridge.control;

import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Scale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The knobs a person turns while the model plays. Written by control threads (MIDI input, the
 * terminal), read by the generation thread once per step, so a change takes effect at the next
 * step. The ranges are the engine's ({@link Controls}): the starting values (the command line, a
 * preset's defaults) are checked against them and refused outside; keys and knobs move within them,
 * and a key pressed at a range's end leaves the value there.
 *
 * <p>Thread contract: setters from any thread; getters real-time safe (volatile reads, no lock).
 */
public final class LiveControls {
    private volatile double temperature;
    private volatile double density;
    private volatile int gibbsSteps;
    private volatile boolean likelyFrame;
    private volatile boolean muted;
    private volatile int scale = Scale.CHROMATIC.code();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger panics = new AtomicInteger();
    private final AtomicInteger quits = new AtomicInteger();
    private final AtomicInteger endCalls = new AtomicInteger();
    private final AtomicInteger rerolls = new AtomicInteger();
    private volatile boolean looping;
    private volatile Transport transport;

    /** What a tempo control says where the tempo follows another clock. */
    public static final String TEMPO_NOT_OURS = "the tempo follows the clock Cadenza follows (--clock): change it"
            + " there";

    /** Starting values, each within its range ({@link Controls}), else an exception naming it and the range. */
    public LiveControls(double temperature, double density, int gibbsSteps) {
        this.temperature = Controls.checkTemperature(temperature);
        this.density = Controls.checkDensity(density);
        this.gibbsSteps = Controls.checkGibbsSteps(gibbsSteps);
    }

    public double temperature() {
        return temperature;
    }

    public void temperature(double value) {
        temperature = Math.max(Controls.MIN_TEMPERATURE, Math.min(Controls.MAX_TEMPERATURE, value));
    }

    /** Bias added to every note's log-odds of sounding: positive gives more notes. */
    public double density() {
        return density;
    }

    public void density(double value) {
        density = Math.max(Controls.MIN_DENSITY, Math.min(Controls.MAX_DENSITY, value));
    }

    /** The Gibbs steps asked for; the engine may use fewer after a missed deadline. */
    public int gibbsSteps() {
        return gibbsSteps;
    }

    /** Whether an RNN-RBM's chain ends with its likely notes ({@link Controls#likelyFrame()}); a preset's default. */
    public boolean likelyFrame() {
        return likelyFrame;
    }

    public void likelyFrame(boolean value) {
        likelyFrame = value;
    }

    public void gibbsSteps(int value) {
        gibbsSteps = Math.max(Controls.MIN_GIBBS_STEPS, Math.min(Controls.MAX_GIBBS_STEPS, value));
    }

    /** The key and scale the notes keep to ({@link Scale#CHROMATIC}: every note). */
    public Scale scale() {
        return Scale.of(scale);
    }

    /** {@link #scale()} as its {@link Scale#code()}: real-time safe. */
    public int scaleCode() {
        return scale;
    }

    public void scale(Scale value) {
        scale = value.code();
    }

    /**
     * The transport whose tempo {@link #tempo(double)} changes: the stream's, set when the stream
     * is built.
     */
    public void transport(Transport value) {
        transport = value;
    }

    /** The tempo the stream plays at now, in quarter notes per minute; NaN before a stream plays. */
    public double tempo() {
        Transport t = transport;
        return t == null ? Double.NaN : t.bpm();
    }

    /** Whether {@link #tempo(double)} can change the tempo (not where it follows a MIDI clock or JACK's). */
    public boolean tempoAdjustable() {
        Transport t = transport;
        return t != null && t.tempoAdjustable();
    }

    /**
     * Asks for a new tempo from now on, the beat kept, moved into {@link Transport#MIN_BPM}..{@link
     * Transport#MAX_BPM}: the internal clock takes it at once, a Link session proposes it to every
     * peer. Returns false, changing nothing, where the tempo follows another clock ({@link
     * #tempoAdjustable}).
     */
    public boolean tempo(double bpm) {
        Transport t = transport;
        if (t == null || !t.tempoAdjustable() || !Double.isFinite(bpm)) {
            return false;
        }
        t.proposeTempo(Math.max(Transport.MIN_BPM, Math.min(Transport.MAX_BPM, bpm)));
        return true;
    }

    public boolean muted() {
        return muted;
    }

    public void muted(boolean value) {
        muted = value;
    }

    public void toggleMute() {
        muted = !muted;
    }

    /** Asks for the model to start afresh (a new seed) at the next step. */
    public void restart() {
        restarts.incrementAndGet();
    }

    /** Asks for every sounding note to be silenced now. */
    public void panic() {
        panics.incrementAndGet();
    }

    /** Asks the stream to stop (the terminal's quit key). */
    public void quit() {
        quits.incrementAndGet();
    }

    /** Asks for the player's call to end now (keyboard modes): the answer starts on the next step. */
    public void endCall() {
        endCalls.incrementAndGet();
    }

    /** Starts or stops looping the last answer (call-and-response). */
    public void toggleLoop() {
        looping = !looping;
    }

    public void looping(boolean value) {
        looping = value;
    }

    public boolean looping() {
        return looping;
    }

    /** Asks for the last answer to be thrown away and the same call answered afresh. */
    public void reroll() {
        rerolls.incrementAndGet();
    }

    public int endCalls() {
        return endCalls.get();
    }

    public int rerolls() {
        return rerolls.get();
    }

    /** Restart requests so far; the generator compares with the count it has handled. */
    public int restarts() {
        return restarts.get();
    }

    public int panics() {
        return panics.get();
    }

    public int quits() {
        return quits.get();
    }

    @Override
    public String toString() {
        double bpm = tempo();
        return String.format(java.util.Locale.ROOT, "%stemperature %.2f, density %+.1f, Gibbs steps %d, %s%s",
                Double.isNaN(bpm) ? "" : String.format(java.util.Locale.ROOT, "%.1f BPM, ", bpm), temperature, density,
                gibbsSteps, scale(), (muted ? ", muted" : "") + (looping ? ", looping" : ""));
    }
}
