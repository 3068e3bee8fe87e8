package dev.cadenza.bridge.jack;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.stream.EventRing;
import dev.cadenza.bridge.stream.MidiEvents;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
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
 * A JACK MIDI input, {@code NAME:in} ({@code --in jack}): what a keyboard or a DAW sends to it reaches
 * a {@link Receiver} (the keyboard modes' input, the live controls), as a MIDI port's messages do.
 *
 * <p>JACK's process callback copies each short message of its cycle into a ring, allocating nothing
 * and taking no lock; a thread of the input's own hands them on, a millisecond later at most (the
 * receivers may allocate and lock). System exclusive and other long messages are left out.
 */
public final class JackInput implements AutoCloseable {
    private static final int RING = 4096;
    private static final long DRAIN_NANOS = 1_000_000;

    private final JackClient client;
    private final JackPort in;
    private final Receiver receiver;
    private final EventRing ring = new EventRing(RING);
    private final JackMidi.Event event = new JackMidi.Event();
    private final byte[] bytes = new byte[3];
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    private JackInput(JackClient client, JackPort in, Receiver receiver) {
        this.client = client;
        this.in = in;
        this.receiver = receiver;
        this.thread = new Thread(this::drain, "cadenza-jack-in");
        this.thread.setDaemon(true);
    }

    /**
     * Registers the JACK client {@code clientName} with a MIDI input port {@code in} on the server
     * {@code JACK_DEFAULT_SERVER} names; its messages go to {@code receiver}.
     */
    public static JackInput open(String clientName, Receiver receiver, Consumer<String> log) {
        JackClient client = null;
        try {
            client = Jack.getInstance().openClient(clientName, EnumSet.of(JackOptions.JackNoStartServer),
                    EnumSet.noneOf(JackStatus.class));
            JackPort port = client.registerPort("in", JackPortType.MIDI, JackPortFlags.JackPortIsInput);
            JackInput input = new JackInput(client, port, receiver);
            client.setProcessCallback((c, frames) -> input.process());
            client.onShutdown(c -> log.accept("the JACK server went away: no more input from " + clientName + ":in"));
            client.activate();
            input.thread.start();
            return input;
        } catch (JackException | RuntimeException | UnsatisfiedLinkError e) {
            if (client != null) {
                client.close();
            }
            throw new BridgeException("cannot open JACK input '" + clientName + ":in': " + (e instanceof UnsatisfiedLinkError
                    ? "libjack is not installed (Debian: apt-get install libjack-jackd2-0)" : e.getMessage())
                    + " (expected a running JACK server: jackd, or PipeWire's JACK; JACK_DEFAULT_SERVER names it)", e);
        }
    }

    /**
     * JACK's process thread: this cycle's short messages into the ring. Always true: JNAJack turns
     * false into a failed cycle, after which the server drops the client as a zombie and closing it
     * can hang; {@link #close} closes the client instead.
     */
    private boolean process() {
        if (closed) {
            return true;
        }
        try {
            int count = JackMidi.getEventCount(in);
            long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                JackMidi.eventGet(event, in, i);
                int size = event.size();
                if (size < 1 || size > 3) {
                    continue; // system exclusive and the like
                }
                event.read(bytes);
                int status = bytes[0] & 0xFF;
                if (status < 0x80 || status == 0xF0) {
                    continue;
                }
                int message = MidiEvents.pack(status, size > 1 ? bytes[1] : 0, size > 2 ? bytes[2] : 0, 0);
                if (!ring.offer(now, message, 0)) {
                    dropped.incrementAndGet();
                }
            }
        } catch (JackException e) {
            dropped.incrementAndGet();
        }
        return true;
    }

    /** The input's own thread: hands the messages on as javax.sound.midi short messages. */
    private void drain() {
        while (!closed) {
            while (!ring.isEmpty()) {
                int message = ring.peekMessage();
                ring.drop();
                int status = MidiEvents.status(message);
                try {
                    ShortMessage m = new ShortMessage(status, MidiEvents.data1(message), MidiEvents.data2(message));
                    receiver.send(m, -1);
                } catch (InvalidMidiDataException | RuntimeException e) {
                    dropped.incrementAndGet(); // a malformed message: counted and left out
                }
            }
            LockSupport.parkNanos(DRAIN_NANOS);
        }
    }

    /** Messages left out: malformed, too long, or more than the ring holds. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        client.close();
    }
}
