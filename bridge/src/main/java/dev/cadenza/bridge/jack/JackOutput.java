package dev.cadenza.bridge.jack;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.port.MidiOut;
import dev.cadenza.bridge.port.PortSource;
import dev.cadenza.bridge.stream.EventRing;
import dev.cadenza.bridge.stream.MidiEvents;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Cadenza as a JACK client ({@code --jack}): a MIDI output port, {@code Cadenza:out}, that every
 * JACK- or PipeWire-aware program sees with no loopback driver. The server is the one
 * {@code JACK_DEFAULT_SERVER} names (the default server otherwise); Cadenza never starts one.
 *
 * <p>How the events get their frames: the emission thread sends each message at its time, as to any
 * port, with the time it was scheduled for ({@link MidiOut#sendAt}); here a send only puts it, with
 * that time, in a ring. JACK's process callback takes the messages whose time came before the
 * cycle's first frame and writes each one period later, at the frame its time maps to (JACK's
 * estimate of the current frame against {@link System#nanoTime}, at the frame rate measured over
 * the last seconds): the whole stream is one period
 * late (add it to {@code --latency-ms} to make up for it), and each event keeps its place to the
 * frame, whatever the period and however late the emission thread woke. The callback allocates
 * nothing of its own and takes no lock.
 *
 * <p>A server that goes away (shut down, crashed) makes the port fail its sends; the stream then
 * retries as for any lost port, and {@link #present} says whether a server answers.
 */
public final class JackOutput implements PortSource {
    /** How long a stretch the frame rate is measured over. */
    private static final long RATE_WINDOW_NANOS = 4_000_000_000L;
    /** Longest that closing waits for the callback to write what is left in the ring. */
    private static final long DRAIN_NANOS = 1_000_000_000L;
    /** What closing waits after that, for the last cycle's buffer to be delivered. */
    private static final long DELIVERED_MILLIS = 20;
    /** Messages a cycle can take: far more than a step sends. */
    private static final int RING = 4096;

    private final String clientName;
    private volatile Port current;

    public JackOutput(String clientName) {
        this.clientName = clientName;
    }

    @Override
    public String name() {
        return "JACK " + clientName + ":out";
    }

    @Override
    public MidiOut open() {
        try {
            Port p = new Port(Jack.getInstance(), clientName);
            current = p;
            return p;
        } catch (JackException | RuntimeException | UnsatisfiedLinkError e) {
            throw new BridgeException("cannot open JACK client '" + clientName + "': " + reason(e)
                    + " (expected a running JACK server: jackd, or PipeWire's JACK; JACK_DEFAULT_SERVER names it)", e);
        }
    }

    private static String reason(Throwable e) {
        return e instanceof UnsatisfiedLinkError ? "libjack is not installed (Debian: apt-get install libjack-jackd2-0)"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Whether the server of the port opened last is still there (it has not shut the client down). */
    @Override
    public boolean present() {
        Port p = current;
        return p != null && !p.gone;
    }

    /** The port the stream sends to: a ring the process callback empties into JACK's buffer. */
    private static final class Port implements MidiOut {
        private final JackClient client;
        private final JackPort out;
        private final EventRing ring = new EventRing(RING);
        private final byte[] message3 = new byte[3];
        private final byte[] message2 = new byte[2];
        private final byte[] message1 = new byte[1];
        private final AtomicLong lost = new AtomicLong();
        private volatile boolean gone;
        /** Set by {@link #close}: sends are refused while the callback empties the ring. */
        private volatile boolean closing;
        private double framesPerNano;
        private long rateFromNanos = Long.MIN_VALUE;
        private long rateFromFrame;
        private boolean rateMeasured;

        Port(Jack jack, String name) throws JackException {
            EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
            client = jack.openClient(name, EnumSet.of(JackOptions.JackNoStartServer), status);
            try {
                out = client.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
                framesPerNano = client.getSampleRate() / 1e9;
                client.setProcessCallback((c, frames) -> process(frames));
                client.onShutdown(c -> gone = true);
                client.activate();
            } catch (JackException | RuntimeException e) {
                client.close();
                throw e;
            }
        }

        @Override
        public String name() {
            return "JACK " + client.getName() + ":out";
        }

        @Override
        public boolean send(int status, int data1, int data2) {
            return sendAt(status, data1, data2, System.nanoTime());
        }

        /** Emission thread: hands the message to the process callback with its time (System.nanoTime's clock). */
        @Override
        public boolean sendAt(int status, int data1, int data2, long atNanos) {
            if (gone || closing) {
                return false;
            }
            if (!ring.offer(atNanos, MidiEvents.pack(status, data1, data2, 0), 0)) {
                lost.incrementAndGet();
            }
            return true;
        }

        /**
         * JACK's process thread: the messages whose time fell before this cycle's first frame, one
         * period later, each at its own frame (JACK's frame clock mapped to System.nanoTime's
         * through its estimate of the current frame).
         */
        private boolean process(int frames) {
            try {
                long now = System.nanoTime();
                long frameNow = client.getFrameTime();
                long cycleStart = client.getLastFrameTime();
                measureRate(now, frameNow);
                JackMidi.clearBuffer(out);
                int lastOffset = 0;
                while (!ring.isEmpty()) {
                    long at = ring.peekNanos();
                    long frame = frameNow + (long) Math.floor((at - now) * framesPerNano);
                    if (frame >= cycleStart) {
                        break; // its time is in this cycle: it goes out, one period late, in the next
                    }
                    int message = ring.peekMessage();
                    ring.drop();
                    int offset = (int) Math.min(frames - 1, Math.max(lastOffset, frame + frames - cycleStart));
                    lastOffset = offset; // JACK wants a cycle's events in order
                    int status = MidiEvents.status(message);
                    int length = status >= 0xF0 ? 1 : (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 2 : 3;
                    byte[] bytes = length == 3 ? message3 : length == 2 ? message2 : message1;
                    bytes[0] = (byte) status;
                    if (length > 1) {
                        bytes[1] = (byte) MidiEvents.data1(message);
                    }
                    if (length > 2) {
                        bytes[2] = (byte) MidiEvents.data2(message);
                    }
                    JackMidi.eventWrite(out, offset, bytes, length);
                }
            } catch (JackException e) {
                lost.incrementAndGet(); // the buffer was full: the rest waits for the next cycle
            }
            return true; // false would fail the cycle and leave the client a zombie that close() may wait on
        }

        /**
         * Frames per nanosecond as the server really runs them, over the last few seconds: a sound
         * card's clock (or the dummy backend's timer) is never exactly its nominal rate, and the
         * transport a DAW shares counts its frames.
         */
        private void measureRate(long now, long frameNow) {
            if (rateFromNanos == Long.MIN_VALUE) {
                rateFromNanos = now;
                rateFromFrame = frameNow;
                return;
            }
            long span = now - rateFromNanos;
            if (span >= RATE_WINDOW_NANOS) {
                framesPerNano = (frameNow - rateFromFrame) / (double) span;
                rateFromNanos = now;
                rateFromFrame = frameNow;
            } else if (span >= RATE_WINDOW_NANOS / 8 && !rateMeasured) {
                framesPerNano = (frameNow - rateFromFrame) / (double) span; // a first estimate, soon
                rateMeasured = true;
            }
        }

        /**
         * Refuses new messages, lets the process callback write those still in the ring (the last
         * note-offs: their time may lie in the cycle now running, so they go out in the next one),
         * then leaves the server. Waits at most {@link #DRAIN_NANOS}, and not for a server that is gone.
         */
        @Override
        public void close() {
            if (closing) {
                return;
            }
            closing = true;
            long deadline = System.nanoTime() + DRAIN_NANOS;
            try {
                while (!gone && !ring.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Thread.sleep(DELIVERED_MILLIS); // the last cycle's buffer reaches the server's clients
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            client.close();
        }
    }
}
