package dev.cadenza.bridge.clock;

/**
 * Where the music is in time: whether it runs, and when each step of a grid starts. The streaming
 * engine asks it for the start of the steps it generates ahead; the internal transport knows them
 * exactly, an external clock follower predicts them from the pulses it has seen.
 *
 * <p>Thread contract: written by its own control thread (or the MIDI input thread for a follower),
 * read by the generation thread; every method here is real-time safe and lock-free.
 */
public interface Transport {
    /** The slowest tempo Cadenza keeps or proposes, in quarter notes per minute. */
    double MIN_BPM = 20;
    /** The fastest tempo Cadenza keeps or proposes. */
    double MAX_BPM = 400;

    /**
     * A number that changes on every start, stop, continue or position jump. The engine compares it
     * with the one it saw last and, when it differs, silences what sounds and starts again from
     * {@link #firstStep}.
     */
    int epoch();

    /** Whether the transport runs and {@link #stepNanos} can be trusted. */
    boolean running();

    /**
     * The first step of the current epoch at {@code stepsPerQuarter} that has not started yet at
     * {@code nowNanos}: where the engine (re)starts generating.
     */
    long firstStep(int stepsPerQuarter, long nowNanos);

    /** The (predicted) start of {@code step}, counted from the song's start, at {@code stepsPerQuarter}. */
    long stepNanos(long step, int stepsPerQuarter);

    /** Current tempo in quarter notes per minute (a follower's estimate). */
    double bpm();

    /**
     * Whether {@link #proposeTempo} can change the tempo: false where it is another's to set (a
     * MIDI clock's, JACK's timebase master's).
     */
    default boolean tempoAdjustable() {
        return false;
    }

    /**
     * Asks for {@code bpm} (within {@link #MIN_BPM}..{@link #MAX_BPM}) from now on, the beat kept:
     * the internal clock takes it at once, a Link session proposes it to every peer. Control
     * threads; only where {@link #tempoAdjustable}.
     */
    default void proposeTempo(double bpm) {
        throw new UnsupportedOperationException("the tempo follows another clock");
    }
}
