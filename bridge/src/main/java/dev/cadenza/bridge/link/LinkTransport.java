package dev.cadenza.bridge.link;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.bridge.link.LinkSession.State;

/**
 * The stream's transport from a Link session: step {@code k} at {@code stepsPerQuarter} falls on
 * the session's beat {@code origin + k / stepsPerQuarter}, where the origin is a multiple of the
 * quantum, so bars line up with every peer's (phase agrees modulo the quantum). The tempo follows
 * the session's; a tempo change keeps the beat, so the steps ahead simply move. A new session, a
 * jump of the beat grid, or (with start/stop sync) a start or stop begins a new {@link #epoch}:
 * the stream silences what sounds and starts again on the grid. Without start/stop sync it always
 * runs.
 *
 * <p>Thread contract: the session's thread writes one immutable snapshot, the stream reads it:
 * every method here is real-time safe and lock-free.
 */
public final class LinkTransport implements Transport {
    /** A beat grid that moved by more than this many beats at the same moment has jumped. */
    private static final double JUMP_BEATS = 1e-3;

    private final NanoClock clock;
    private final LinkSession session;
    private final double quantum;
    private final boolean startStopSync;
    private volatile Snapshot now;

    private record Snapshot(State state, double originBeat, int epoch) {
    }

    /**
     * Follows {@code session}.
     *
     * @param quantum beats a bar (phase is kept modulo it), e.g. 4
     */
    public static LinkTransport follow(LinkSession session, NanoClock clock, double quantum, boolean startStopSync) {
        LinkTransport t = new LinkTransport(session, clock, session.state(), quantum, startStopSync);
        session.onChange(t::update);
        t.update(session.state());
        return t;
    }

    LinkTransport(LinkSession session, NanoClock clock, State initial, double quantum, boolean startStopSync) {
        this.session = session;
        this.clock = clock;
        this.quantum = checkQuantum(quantum);
        this.startStopSync = startStopSync;
        now = new Snapshot(initial, origin(initial, clock.nanos()), 0);
    }

    /** {@code quantum} when it is a bar's beats that Link can keep: 1..64. */
    public static double checkQuantum(double quantum) {
        if (!(quantum >= 1 && quantum <= 64)) {
            throw new BridgeException("invalid --quantum: " + quantum + " (expected 1..64 beats)");
        }
        return quantum;
    }

    /** Takes the session's new state; the session's thread. */
    void update(State next) {
        Snapshot was = now;
        State prev = was.state();
        long t = clock.nanos();
        boolean jumped = next.sessionId() != prev.sessionId()
                || Math.abs(next.beatsAt(t) - prev.beatsAt(t)) > JUMP_BEATS
                || startStopSync && next.startStop().playing() != prev.startStop().playing();
        now = jumped ? new Snapshot(next, origin(next, t), was.epoch() + 1) : new Snapshot(next, was.originBeat(), was.epoch());
    }

    /** The start of the bar (a multiple of the quantum) in which host time {@code t} falls. */
    private double origin(State s, long t) {
        return Math.floor(s.beatsAt(t) / quantum) * quantum;
    }

    @Override
    public int epoch() {
        return now.epoch();
    }

    @Override
    public boolean running() {
        return !startStopSync || now.state().startStop().playing();
    }

    @Override
    public long firstStep(int stepsPerQuarter, long nowNanos) {
        Snapshot s = now;
        double beats = s.state().beatsAt(nowNanos) - s.originBeat();
        return beats <= 0 ? 0 : (long) Math.ceil(beats * stepsPerQuarter - 1e-9);
    }

    @Override
    public long stepNanos(long step, int stepsPerQuarter) {
        Snapshot s = now;
        return s.state().hostNanosAt(s.originBeat() + (double) step / stepsPerQuarter);
    }

    @Override
    public double bpm() {
        return now.state().timeline().bpm();
    }

    @Override
    public boolean tempoAdjustable() {
        return session != null;
    }

    /** Proposes {@code bpm} to the session: every peer takes it, this transport when the session's state has it. */
    @Override
    public void proposeTempo(double bpm) {
        session.proposeTempo(bpm);
    }

    /** The quantum, in beats. */
    public double quantum() {
        return quantum;
    }
}
