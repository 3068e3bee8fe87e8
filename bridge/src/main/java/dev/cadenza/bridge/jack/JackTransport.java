package dev.cadenza.bridge.jack;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.Transport;
import java.util.EnumSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPosition;
import org.jaudiolibs.jnajack.JackPositionBits;
import org.jaudiolibs.jnajack.JackStatus;
import org.jaudiolibs.jnajack.JackTransportState;

/**
 * JACK's transport as the stream's clock ({@code --clock jack}): start and stop, the song position,
 * and the tempo when a timebase master gives one (bars and beats), as a DAW on JACK sets them.
 * Without a timebase master the position is JACK's frame count at the {@code --bpm} tempo.
 *
 * <p>A thread of its own asks JACK where the transport is every {@value #POLL_MICROS} µs and
 * publishes one immutable timeline (where song position 0 falls on {@link System#nanoTime}'s clock,
 * which is JACK's, and the tempo); the stream reads it without locking. The position is mapped to
 * that clock through JACK's own estimate of the frame now ({@code jack_frame_time}, filtered over
 * the cycles), the mapping {@link JackOutput} places its events by, not through the start time of
 * the cycle the position was read in: a cycle that starts late, as the dummy backend's do on a busy
 * machine, would move the grid by its lateness for the steps planned meanwhile. A start, a stop or
 * a jump of the transport's frame against the server's (a relocation, more than 20 ms) changes the
 * {@link #epoch}, so the stream silences and starts again on the grid; a new tempo moves the steps
 * still to come.
 */
public final class JackTransport implements Transport, AutoCloseable {
    private static final long POLL_MICROS = 2000;
    /** How often one poll reads when a cycle began while it read, before it leaves it to the next poll. */
    private static final int TRIES = 4;
    private record Timeline(boolean running, double originNanos, double bpm, int epoch) {
    }

    private final JackClient client;
    private final double fallbackBpm;
    private final Consumer<String> log;
    private final Thread thread;
    private final JackPosition position = new JackPosition();
    private volatile Timeline timeline;
    private volatile boolean closed;
    private long lastFrame;
    private long lastCycle = Long.MIN_VALUE;
    private boolean lastRunning;
    private long anchorFrame;
    private double anchorQuarters;

    private JackTransport(JackClient client, double fallbackBpm, Consumer<String> log) {
        this.client = client;
        this.fallbackBpm = fallbackBpm;
        this.log = log;
        this.timeline = new Timeline(false, 0, fallbackBpm, 0);
        this.thread = new Thread(this::run, "cadenza-jack-transport");
        this.thread.setDaemon(true);
    }

    /**
     * Follows the transport of the JACK server {@code JACK_DEFAULT_SERVER} names (the default one
     * otherwise), through a client {@code clientName}; {@code fallbackBpm} is the tempo while no
     * timebase master gives one.
     */
    public static JackTransport open(String clientName, double fallbackBpm, Consumer<String> log) {
        try {
            JackClient client = Jack.getInstance().openClient(clientName, EnumSet.of(JackOptions.JackNoStartServer),
                    EnumSet.noneOf(JackStatus.class));
            JackTransport transport = new JackTransport(client, fallbackBpm, log);
            client.onShutdown(c -> {
                transport.closed = true;
                log.accept("the JACK server went away: the transport stops here");
            });
            transport.poll();
            transport.thread.start();
            return transport;
        } catch (JackException | RuntimeException | UnsatisfiedLinkError e) {
            throw new BridgeException("cannot follow JACK's transport: " + (e instanceof UnsatisfiedLinkError
                    ? "libjack is not installed (Debian: apt-get install libjack-jackd2-0)" : e.getMessage())
                    + " (expected a running JACK server: jackd, or PipeWire's JACK; JACK_DEFAULT_SERVER names it)", e);
        }
    }

    private void run() {
        while (!closed) {
            try {
                poll();
            } catch (JackException | RuntimeException e) {
                // the server is going away: its shutdown callback says so
            }
            LockSupport.parkNanos(POLL_MICROS * 1000);
        }
        Timeline t = timeline;
        if (t.running) {
            timeline = new Timeline(false, t.originNanos, t.bpm, t.epoch + 1);
        }
    }

    /**
     * One look at the transport; publishes a new timeline when it changed. The position is the
     * transport's frame count, which is exact; the bars and beats of a timebase master only anchor
     * it (where the song is when it starts rolling, is moved, or changes tempo) and give the tempo,
     * since masters count their ticks in whole numbers per cycle and drift from their own frames.
     */
    private void poll() throws JackException {
        JackTransportState state;
        long cycle;
        long now;
        long frameNow;
        int tries = 0;
        do { // the position, the cycle's first frame and the frame now, all of one cycle
            if (tries++ == TRIES) {
                return; // a new cycle began during every read: look again at the next poll
            }
            cycle = client.getLastFrameTime();
            state = client.transportQuery(position);
            now = System.nanoTime();
            frameNow = client.getFrameTime();
        } while (client.getLastFrameTime() != cycle);
        boolean running = state == JackTransportState.JackTransportRolling
                || state == JackTransportState.JackTransportLooping;
        long frame = position.getFrame() & 0xFFFFFFFFL;
        int rate = Math.max(1, position.getFrameRate());
        boolean bbt = position.getValid().contains(JackPositionBits.JackPositionBBT) && position.getBeatsPerMinute() > 0;
        double beatType = bbt && position.getBeatType() > 0 ? position.getBeatType() : 4;
        double bpm = bbt ? Math.max(20, Math.min(400, position.getBeatsPerMinute() * 4 / beatType)) : fallbackBpm;
        Timeline t = timeline;
        boolean first = lastCycle == Long.MIN_VALUE;
        // the server's frame counts are 32 bits and wrap: their differences are taken as ints
        long served = first ? 0 : (int) (cycle - lastCycle);
        boolean moved = !first && Math.abs(frame - lastFrame - (running && lastRunning ? served : 0)) > rate / 50.0;
        boolean reanchor = running != lastRunning || moved || bpm != t.bpm || first;
        lastFrame = frame;
        lastCycle = cycle;
        lastRunning = running;
        if (reanchor) {
            anchorFrame = frame;
            anchorQuarters = bbt ? ((position.getBar() - 1) * (double) position.getBeatsPerBar() + position.getBeat() - 1
                    + position.getTick() / Math.max(1, position.getTicksPerBeat())) * 4 / beatType
                    : frame / (double) rate * bpm / 60;
        }
        if (!running && !t.running && !reanchor) {
            return; // stopped: nothing moves
        }
        long frameOfNow = running ? frame + (int) (frameNow - cycle) : frame;
        double quarters = anchorQuarters + (frameOfNow - anchorFrame) / (double) rate * bpm / 60;
        double origin = now - quarters * 60e9 / bpm;
        int epoch = t.epoch;
        if (running != t.running) {
            epoch++;
            if (running) {
                log.accept(String.format(java.util.Locale.ROOT, "JACK transport rolling at %.1f BPM", bpm));
            }
        } else if (running && moved) {
            epoch++; // relocated while rolling
        }
        if (epoch != t.epoch || bpm != t.bpm || Math.abs(origin - t.originNanos) > 50_000) {
            timeline = new Timeline(running, origin, bpm, epoch);
        }
    }

    @Override
    public int epoch() {
        return timeline.epoch;
    }

    @Override
    public boolean running() {
        return timeline.running;
    }

    @Override
    public long firstStep(int stepsPerQuarter, long nowNanos) {
        Timeline t = timeline;
        double stepNanos = 60e9 / t.bpm / stepsPerQuarter;
        double elapsed = nowNanos - t.originNanos;
        return elapsed <= 0 ? 0 : (long) Math.ceil(elapsed / stepNanos);
    }

    @Override
    public long stepNanos(long step, int stepsPerQuarter) {
        Timeline t = timeline;
        return Math.round(t.originNanos + step * 60e9 / t.bpm / stepsPerQuarter);
    }

    @Override
    public double bpm() {
        return timeline.bpm;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
