package dev.cadenza.bridge.testing;

import java.time.Duration;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.spi.MixerProvider;

/**
 * A sound card for tests, through javax.sound.sampled's public service interface (registered in
 * {@code META-INF/services/javax.sound.sampled.spi.MixerProvider}): while one is {@link #install
 * installed}, it is the default audio output (the {@code javax.sound.sampled.SourceDataLine}
 * property names it), it plays in real time as a device does, and it keeps every sample written
 * to it, so that a test can listen to what the JDK's synthesizer renders on a machine without an
 * audio device. It lists no mixer while none is installed, so other tests see the machine as it is.
 *
 * <p>Plays 16-bit signed little-endian PCM (the synthesizer's format), any rate and channels.
 */
public final class TestSoundCard extends MixerProvider {
    public static final String NAME = "Cadenza test sound card";
    private static final String DEFAULT_OUTPUT = "javax.sound.sampled.SourceDataLine";
    private static final Mixer.Info INFO = new Mixer.Info(NAME, "Cadenza", "keeps what it plays, for tests", "1") {
    };
    private static final DataLine.Info LINE = new DataLine.Info(SourceDataLine.class, new AudioFormat[] {
        new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, AudioSystem.NOT_SPECIFIED, 16, AudioSystem.NOT_SPECIFIED,
                AudioSystem.NOT_SPECIFIED, AudioSystem.NOT_SPECIFIED, false)}, AudioSystem.NOT_SPECIFIED,
            AudioSystem.NOT_SPECIFIED);
    private static volatile Card installed;

    /** For the service loader, which makes one whenever javax.sound.sampled looks for mixers. */
    public TestSoundCard() {
    }

    /**
     * Makes a new card the default audio output until it is closed. One at a time.
     *
     * @throws IllegalStateException when one is installed already
     */
    public static synchronized Card install() {
        if (installed != null) {
            throw new IllegalStateException("a test sound card is installed already (expected one at a time)");
        }
        Card card = new Card(System.getProperty(DEFAULT_OUTPUT));
        System.setProperty(DEFAULT_OUTPUT, "#" + NAME); // an instance name alone: searched in every provider
        installed = card;
        return card;
    }

    private static synchronized void uninstall(Card card) {
        if (installed != card) {
            return;
        }
        installed = null;
        if (card.previousDefault == null) {
            System.clearProperty(DEFAULT_OUTPUT);
        } else {
            System.setProperty(DEFAULT_OUTPUT, card.previousDefault);
        }
    }

    @Override
    public Mixer.Info[] getMixerInfo() {
        return installed == null ? new Mixer.Info[0] : new Mixer.Info[] {INFO};
    }

    @Override
    public Mixer getMixer(Mixer.Info info) {
        Card card = installed;
        if (card == null || info != INFO) {
            throw new IllegalArgumentException("no such mixer here: " + info);
        }
        return card.mixer;
    }

    /**
     * An installed card: the audio written to its one output line, in frames from the first, kept
     * as played. A frame's level is the largest magnitude of its channels' samples (0..32768).
     * Its queries may be called from any thread while the line is written.
     */
    public static final class Card implements AutoCloseable {
        private final String previousDefault;
        private final CardMixer mixer = new CardMixer();
        private final CardLine line = new CardLine(this);
        /** Each frame's level, in the order played; guarded by this. */
        private short[] levels = new short[1 << 16];
        private long frames;
        private float frameRate;

        private Card(String previousDefault) {
            this.previousDefault = previousDefault;
        }

        /** Frames played so far. */
        public synchronized long frames() {
            return frames;
        }

        /** The rate the line was opened at (0 before). */
        public synchronized float frameRate() {
            return frameRate;
        }

        /** Frames in {@code seconds} at the line's rate. */
        public synchronized long frames(double seconds) {
            return Math.round(seconds * frameRate);
        }

        /** The highest level of frames {@code from} (inclusive) to {@code to} (exclusive), all played already. */
        public synchronized int peak(long from, long to) {
            if (from < 0 || to > frames || from > to) {
                throw new IllegalArgumentException("frames " + from + ".." + to + " (expected within 0.." + frames + ")");
            }
            int peak = 0;
            for (long i = from; i < to; i++) {
                peak = Math.max(peak, level(i));
            }
            return peak;
        }

        /**
         * Waits until {@code count} frames have been played.
         *
         * @throws AssertionError when they were not within {@code within} (of real time)
         */
        public synchronized void awaitFrames(long count, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (frames < count) {
                waitUntil(deadline, () -> "played " + frames + " of " + count + " frames within " + within);
            }
        }

        /**
         * The first frame from {@code from} on whose level is at least {@code level}, waiting for it.
         *
         * @throws AssertionError when none was played within {@code withinFrames} of {@code from}, or
         *     within {@code wait} (of real time)
         */
        public synchronized long awaitLevel(long from, int level, long withinFrames, Duration wait)
                throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            long i = from;
            while (true) {
                for (; i < frames && i < from + withinFrames; i++) {
                    if (level(i) >= level) {
                        return i;
                    }
                }
                if (i >= from + withinFrames) {
                    throw new AssertionError("no frame of level " + level + " or more within " + withinFrames
                            + " frames from frame " + from + " (peak " + peak(from, i) + ")");
                }
                long reached = i;
                waitUntil(deadline, () -> "no frame of level " + level + " or more from frame " + from + " to "
                        + reached + " (peak " + peak(from, reached) + "), played within " + wait);
            }
        }

        /**
         * The first frame from {@code from} on that starts {@code quietFrames} frames all at most
         * {@code level}, waiting for them to be played.
         *
         * @throws AssertionError when no such stretch started within {@code withinFrames} of
         *     {@code from}, or was played within {@code wait} (of real time)
         */
        public synchronized long awaitQuiet(long from, int level, long quietFrames, long withinFrames, Duration wait)
                throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            long start = from;
            long i = from;
            while (true) {
                for (; i < frames; i++) {
                    if (level(i) > level) {
                        start = i + 1;
                    } else if (i + 1 - start >= quietFrames) {
                        return start;
                    }
                    if (start > from + withinFrames) {
                        throw new AssertionError("no " + quietFrames + " frames of level " + level
                                + " or less started within " + withinFrames + " frames from frame " + from);
                    }
                }
                long reached = i;
                long quietFrom = start;
                waitUntil(deadline, () -> "no " + quietFrames + " frames of level " + level + " or less from frame "
                        + from + " to " + reached + " (quiet from " + quietFrom + "), played within " + wait);
            }
        }

        private void waitUntil(long deadline, java.util.function.Supplier<String> failure) throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(failure.get());
            }
            wait(Math.max(1, left / 1_000_000L));
        }

        private int level(long frame) {
            return levels[(int) frame] & 0xFFFF;
        }

        private synchronized void opened(AudioFormat format) {
            frameRate = format.getFrameRate();
        }

        /** Keeps the frames of {@code b[off..off+len)}: 16-bit little-endian samples, {@code channels} a frame. */
        private synchronized void played(byte[] b, int off, int len, int channels) {
            int count = len / (2 * channels);
            if (frames + count > levels.length) {
                long size = Math.max(frames + count, 2L * levels.length);
                if (size > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("a test sound card keeps " + levels.length + " frames at most");
                }
                levels = java.util.Arrays.copyOf(levels, (int) size);
            }
            for (int f = 0; f < count; f++) {
                int peak = 0;
                for (int c = 0; c < channels; c++) {
                    int at = off + 2 * (f * channels + c);
                    int sample = (short) ((b[at] & 0xFF) | b[at + 1] << 8);
                    peak = Math.max(peak, Math.abs(sample));
                }
                levels[(int) frames++] = (short) peak; // 32768 reads back as such through & 0xFFFF
            }
            notifyAll();
        }

        /** Stops being the default output; the line stays readable. */
        @Override
        public void close() {
            uninstall(this);
        }

        private final class CardMixer extends NoControls implements Mixer {
            private boolean open;

            @Override
            public Mixer.Info getMixerInfo() {
                return INFO;
            }

            @Override
            public Line.Info[] getSourceLineInfo() {
                return new Line.Info[] {LINE};
            }

            @Override
            public Line.Info[] getTargetLineInfo() {
                return new Line.Info[0];
            }

            @Override
            public Line.Info[] getSourceLineInfo(Line.Info info) {
                return isLineSupported(info) ? new Line.Info[] {LINE} : new Line.Info[0];
            }

            @Override
            public Line.Info[] getTargetLineInfo(Line.Info info) {
                return new Line.Info[0];
            }

            @Override
            public boolean isLineSupported(Line.Info info) {
                return info.matches(LINE); // what is asked for (a format, a class) is a case of what it plays
            }

            @Override
            public Line getLine(Line.Info info) {
                if (!isLineSupported(info)) {
                    throw new IllegalArgumentException(NAME + " has no line " + info + " (expected " + LINE + ")");
                }
                return line;
            }

            @Override
            public int getMaxLines(Line.Info info) {
                return isLineSupported(info) ? 1 : 0;
            }

            @Override
            public Line[] getSourceLines() {
                return line.isOpen() ? new Line[] {line} : new Line[0];
            }

            @Override
            public Line[] getTargetLines() {
                return new Line[0];
            }

            @Override
            public void synchronize(Line[] lines, boolean maintainSync) {
                throw new IllegalArgumentException(NAME + " does not synchronise lines");
            }

            @Override
            public void unsynchronize(Line[] lines) {
                throw new IllegalArgumentException(NAME + " does not synchronise lines");
            }

            @Override
            public boolean isSynchronizationSupported(Line[] lines, boolean maintainSync) {
                return false;
            }

            @Override
            public Line.Info getLineInfo() {
                return new Line.Info(Mixer.class);
            }

            @Override
            public synchronized void open() {
                open = true;
            }

            @Override
            public synchronized void close() {
                open = false;
            }

            @Override
            public synchronized boolean isOpen() {
                return open;
            }

        }
    }

    /** What the card's mixer and line share: no controls, no events. */
    private abstract static class NoControls implements Line {
        @Override
        public Control[] getControls() {
            return new Control[0];
        }

        @Override
        public boolean isControlSupported(Control.Type control) {
            return false;
        }

        @Override
        public Control getControl(Control.Type control) {
            throw new IllegalArgumentException(NAME + " has no controls");
        }

        @Override
        public void addLineListener(LineListener listener) {
            // no events
        }

        @Override
        public void removeLineListener(LineListener listener) {
            // no events
        }
    }

    /**
     * The card's output line. It plays in real time from {@link #start}: a write waits while the
     * line holds a buffer's worth not yet played, as a device's does, so that the synthesizer
     * renders at the pace it would into speakers.
     */
    private static final class CardLine extends NoControls implements SourceDataLine {
        private static final AudioFormat DEFAULT_FORMAT = new AudioFormat(44_100, 16, 2, true, false);
        private final Card card;
        private AudioFormat format;
        private int bufferBytes;
        private boolean open;
        private boolean running;
        /** Frames written; frames played up to {@code sinceNanos}, when it last started or stopped. */
        private long written;
        private long playedBefore;
        private long sinceNanos;

        CardLine(Card card) {
            this.card = card;
        }

        @Override
        public synchronized void open(AudioFormat value, int bufferSize) {
            if (!AudioFormat.Encoding.PCM_SIGNED.equals(value.getEncoding()) || value.getSampleSizeInBits() != 16
                    || value.isBigEndian()) {
                throw new IllegalArgumentException(NAME + " plays 16-bit signed little-endian PCM, not " + value);
            }
            if (open) {
                return;
            }
            format = value;
            bufferBytes = bufferSize > 0 ? bufferSize - bufferSize % value.getFrameSize()
                    : value.getFrameSize() * Math.round(value.getFrameRate() / 2);
            open = true;
            card.opened(value);
        }

        @Override
        public void open(AudioFormat value) {
            open(value, AudioSystem.NOT_SPECIFIED);
        }

        @Override
        public void open() {
            open(DEFAULT_FORMAT);
        }

        /** Frames the device has played by now. */
        private long played() {
            if (!running) {
                return playedBefore;
            }
            long elapsed = (long) ((System.nanoTime() - sinceNanos) * (double) format.getFrameRate() / 1e9);
            return Math.min(written, playedBefore + elapsed);
        }

        @Override
        public int write(byte[] b, int off, int len) {
            if (len % format.getFrameSize() != 0) {
                throw new IllegalArgumentException("a write of " + len + " bytes is not whole frames of "
                        + format.getFrameSize());
            }
            int done = 0;
            synchronized (this) {
                while (done < len && open) {
                    long room = bufferBytes / format.getFrameSize() - (written - played());
                    if (room <= 0) {
                        try {
                            wait(1); // the device plays on
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            break;
                        }
                        continue;
                    }
                    int bytes = (int) Math.min(len - done, room * format.getFrameSize());
                    card.played(b, off + done, bytes, format.getChannels());
                    written += bytes / format.getFrameSize();
                    done += bytes;
                }
            }
            return done;
        }

        @Override
        public synchronized void drain() {
            while (open && running && played() < written) {
                try {
                    wait(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void flush() {
            // what was written counts as played: the card keeps it all
        }

        @Override
        public synchronized void start() {
            if (!running) {
                sinceNanos = System.nanoTime();
                running = true;
            }
        }

        @Override
        public synchronized void stop() {
            if (running) {
                playedBefore = played();
                running = false;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return running;
        }

        @Override
        public synchronized boolean isActive() {
            return running;
        }

        @Override
        public synchronized AudioFormat getFormat() {
            return format != null ? format : DEFAULT_FORMAT;
        }

        @Override
        public synchronized int getBufferSize() {
            return bufferBytes;
        }

        @Override
        public synchronized int available() {
            return open ? (int) (bufferBytes - (written - played()) * format.getFrameSize()) : 0;
        }

        @Override
        public synchronized int getFramePosition() {
            return (int) getLongFramePosition();
        }

        @Override
        public synchronized long getLongFramePosition() {
            return open ? played() : playedBefore;
        }

        @Override
        public synchronized long getMicrosecondPosition() {
            return format == null ? 0 : (long) (getLongFramePosition() * 1e6 / format.getFrameRate());
        }

        @Override
        public float getLevel() {
            return AudioSystem.NOT_SPECIFIED;
        }

        @Override
        public Line.Info getLineInfo() {
            return LINE;
        }

        @Override
        public synchronized void close() {
            stop();
            open = false;
            notifyAll();
        }

        @Override
        public synchronized boolean isOpen() {
            return open;
        }

    }
}
