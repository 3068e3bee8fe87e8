package dev.cadenza.bridge.port;

import dev.cadenza.bridge.BridgeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Several outputs played at once ({@code --out a,b}): one port to the stream, every message sent to
 * each output that is there.
 *
 * <p>An output that vanishes is left out and the others play on: a send that fails, or the output
 * no longer listed, drops it; {@link #watch} (the stream's control thread) closes it, says so once,
 * and opens it again when it is back, from the next message on (it starts silent; note-offs of
 * notes it never got are harmless). Only when every output is gone is the port as a whole lost,
 * and the stream reopens it as it reopens any port.
 *
 * <p>Thread contract: the port's {@code send} on the emission thread, real-time safe (one volatile
 * read per output, a compare-and-set when one fails; nothing allocated, nothing locked);
 * {@link #watch}, {@link #open} and {@link #present} on control threads.
 */
public final class FanOut implements PortSource {
    private final List<PortSource> sources;
    private final Consumer<String> log;
    private final String name;
    /** The port of each output in use, or null while it is gone. */
    private final AtomicReferenceArray<MidiOut> playing;
    /** The port of each output that failed a send, for the control thread to close. */
    private final AtomicReferenceArray<MidiOut> failed;
    private final boolean[] reportedGone;

    private FanOut(List<PortSource> sources, Consumer<String> log) {
        this.sources = List.copyOf(sources);
        this.log = log;
        this.name = sources.stream().map(PortSource::name).collect(Collectors.joining(" + "));
        this.playing = new AtomicReferenceArray<>(sources.size());
        this.failed = new AtomicReferenceArray<>(sources.size());
        this.reportedGone = new boolean[sources.size()];
    }

    /**
     * {@code sources} played at once; one source is itself. Two sources of one name are refused.
     * Messages about outputs that come and go go to {@code log}.
     */
    public static PortSource of(List<PortSource> sources, Consumer<String> log) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no outputs to play to");
        }
        if (sources.size() == 1) {
            return sources.get(0);
        }
        List<String> seen = new ArrayList<>();
        for (PortSource s : sources) {
            if (seen.contains(s.name())) {
                throw new BridgeException("output '" + s.name() + "' is named twice (expected each output once)");
            }
            seen.add(s.name());
        }
        return new FanOut(sources, log);
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Opens every output that is there; the outputs that are not are left out (said on the log) and
     * taken in by {@link #watch} when they come. Throws when none can be opened.
     */
    @Override
    public MidiOut open() {
        List<String> missing = new ArrayList<>();
        int opened = 0;
        for (int i = 0; i < sources.size(); i++) {
            closeQuietly(failed.getAndSet(i, null));
            closeQuietly(playing.getAndSet(i, null));
            try {
                playing.set(i, sources.get(i).open());
                reportedGone[i] = false;
                opened++;
            } catch (RuntimeException e) {
                missing.add(e.getMessage());
                reportedGone[i] = true;
            }
        }
        if (opened == 0) {
            throw new BridgeException("none of the outputs could be opened: " + String.join("; ", missing));
        }
        for (String m : missing) {
            log.accept(m + "; playing into the other outputs, and into this one when it is there");
        }
        return new Port();
    }

    /** Whether any output is there. */
    @Override
    public boolean present() {
        for (PortSource s : sources) {
            if (s.present()) {
                return true;
            }
        }
        return false;
    }

    /** Drops the outputs that vanished and takes back those that returned. Control thread. */
    @Override
    public void watch() {
        for (int i = 0; i < sources.size(); i++) {
            PortSource source = sources.get(i);
            MidiOut out = playing.get(i);
            if (out != null && !source.present() && playing.compareAndSet(i, out, null)) {
                failed.set(i, out);
            }
            MidiOut gone = failed.getAndSet(i, null);
            if (gone != null) {
                closeQuietly(gone);
                if (!reportedGone[i]) {
                    reportedGone[i] = true;
                    log.accept("output '" + source.name() + "' is gone; playing on into the others");
                }
            }
            if (playing.get(i) == null && source.present()) {
                try {
                    playing.set(i, source.open());
                    reportedGone[i] = false;
                    log.accept("output '" + source.name() + "' is back");
                } catch (RuntimeException e) {
                    // still not there: try again at the next watch
                }
            }
        }
    }

    private static void closeQuietly(MidiOut out) {
        if (out != null) {
            try {
                out.close();
            } catch (RuntimeException e) {
                // a port that went away may fail to close: it is gone either way
            }
        }
    }

    /** The one port the stream sees. */
    private final class Port implements MidiOut {
        private volatile boolean closed;

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean send(int status, int data1, int data2) {
            return sendAt(status, data1, data2, Long.MIN_VALUE);
        }

        /** Sends to every output in use; false once none is left. */
        @Override
        public boolean sendAt(int status, int data1, int data2, long atNanos) {
            if (closed) {
                return false;
            }
            boolean any = false;
            for (int i = 0; i < playing.length(); i++) {
                MidiOut out = playing.get(i);
                if (out == null) {
                    continue;
                }
                if (atNanos == Long.MIN_VALUE ? out.send(status, data1, data2)
                        : out.sendAt(status, data1, data2, atNanos)) {
                    any = true;
                } else if (playing.compareAndSet(i, out, null)) {
                    failed.set(i, out);
                }
            }
            return any;
        }

        @Override
        public void close() {
            closed = true;
            for (int i = 0; i < playing.length(); i++) {
                closeQuietly(playing.getAndSet(i, null));
                closeQuietly(failed.getAndSet(i, null));
            }
        }
    }
}
