package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.engine.AtomicFiles;
import dev.cadenza.engine.EngineException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongSupplier;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * The recording as it plays, so that a crash, a {@code kill -9} or a power cut loses at most the
 * last flush: {@code take.mid} is recorded into {@code take.unfinished.mid} beside it, a standard
 * MIDI file (format 1) that any MIDI reader opens at every moment between flushes.
 *
 * <p>The file starts as a header and a tempo track. Each {@link #flush} appends the messages sent
 * since the one before as one more complete track (its own length and end-of-track; its first
 * delta time counts from the start of the take), forces it to the disk, and only then counts it in
 * the header. A crash between the two leaves a file whose header counts the tracks before: readers
 * that follow the header (the JDK's, and {@link #recover}) ignore the last one.
 *
 * <p>At a normal stop the stream writes {@code take.mid} whole (one track) and {@link #discard}s
 * this file. After a crash, {@link #recover} (the next {@code play --record take.mid}) merges the
 * tracks into {@code take.recovered.mid}, closes the notes left sounding, and removes the
 * unfinished file. While a stream records, it holds a lock on the file, so a second Cadenza
 * recording to the same path is refused rather than recovering a take still playing.
 *
 * <p>Thread contract: {@link #flush} on one thread at a time (the stream's recording thread, then
 * the stopping thread after it ended); never on the emission thread.
 */
public final class UnfinishedTake implements AutoCloseable {
    /** Tracks an SMF header can count: at one flush a second, over 18 hours. */
    static final int MAX_TRACKS = 0xFFFF;
    private static final String SUFFIX = ".unfinished.mid";
    private static final int HEADER_BYTES = 14;
    private static final int TRACK_COUNT_OFFSET = 10;

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final EventRecorder recorder;
    private final LongSupplier origin;
    private long originNanos;
    private final double nanosPerTick;
    private ByteBuffer chunk = ByteBuffer.allocate(1 << 14);
    private int tracks;
    private int written;
    private long lastTick;

    private UnfinishedTake(Path path, FileChannel channel, FileLock lock, EventRecorder recorder, LongSupplier origin,
            double nanosPerTick) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.recorder = recorder;
        this.origin = origin;
        this.nanosPerTick = nanosPerTick;
    }

    /** Where a recording to {@code take} is kept while it plays: {@code take.unfinished.mid} beside it. */
    public static Path pathFor(Path take) {
        String name = take.getFileName().toString();
        String stem = name.toLowerCase(java.util.Locale.ROOT).endsWith(".mid") ? name.substring(0, name.length() - 4)
                : name;
        return take.resolveSibling(stem + SUFFIX);
    }

    /**
     * Starts the unfinished file of {@code take}: the header and a tempo track of {@code bpm},
     * ticks counted from {@code origin} (asked at the first flush, when the stream has started) as
     * {@link EventRecorder#write} counts them. Refuses a path where no file can be made, and one
     * another Cadenza records to.
     */
    public static UnfinishedTake start(Path take, EventRecorder recorder, double bpm, LongSupplier origin) {
        Path path = pathFor(take);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = lockOrRefuse(channel, take, path);
            channel.truncate(0);
            int microsPerQuarter = EventRecorder.microsPerQuarter(bpm);
            ByteBuffer start = ByteBuffer.allocate(HEADER_BYTES + 8 + 11);
            start.put(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1, 0, 1});
            start.putShort((short) EventRecorder.TICKS_PER_QUARTER);
            start.put(new byte[] {'M', 'T', 'r', 'k'}).putInt(11);
            start.put(new byte[] {0, (byte) 0xFF, 0x51, 3, (byte) (microsPerQuarter >> 16),
                    (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter, 0, (byte) 0xFF, 0x2F, 0});
            writeFully(channel, start.flip(), 0);
            channel.force(true);
            UnfinishedTake unfinished = new UnfinishedTake(path, channel, lock, recorder, origin,
                    microsPerQuarter * 1000.0 / EventRecorder.TICKS_PER_QUARTER);
            unfinished.tracks = 1;
            return unfinished;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof BridgeException b) {
                throw b;
            }
            throw new BridgeException("cannot record to " + take + " (" + AtomicFiles.describe(e) + " writing " + path
                    + "): check the folder's permissions and free space, or give --record another path", e);
        }
    }

    /**
     * Appends what was sent since the last flush as one track and counts it in the header, both
     * forced to the disk. Returns false, writing nothing, when nothing new was sent or the header
     * cannot count another track.
     */
    public boolean flush() throws IOException {
        int n = recorder.count();
        if (n == written || tracks == MAX_TRACKS) {
            return false;
        }
        if (written == 0) {
            originNanos = Math.min(origin.getAsLong(), recorder.nanos(0)); // as EventRecorder#write counts
        }
        chunk.clear();
        chunk.put(new byte[] {'M', 'T', 'r', 'k', 0, 0, 0, 0});
        long previousTick = 0;
        for (int i = written; i < n; i++) {
            int m = recorder.message(i);
            int status = MidiEvents.status(m);
            if (status >= 0xF0) {
                continue; // clock and transport are the session's, not the music's
            }
            long tick = Math.max(lastTick, Math.max(0, Math.round((recorder.nanos(i) - originNanos) / nanosPerTick)));
            ensure(16);
            putVariableLength(tick - previousTick);
            previousTick = tick;
            lastTick = tick;
            chunk.put((byte) status).put((byte) MidiEvents.data1(m));
            if (ShortMessage.PROGRAM_CHANGE != (status & 0xF0) && ShortMessage.CHANNEL_PRESSURE != (status & 0xF0)) {
                chunk.put((byte) MidiEvents.data2(m));
            }
        }
        ensure(4);
        chunk.put(new byte[] {0, (byte) 0xFF, 0x2F, 0});
        chunk.putInt(4, chunk.position() - 8);
        long end = channel.size();
        writeFully(channel, chunk.flip(), end);
        channel.force(false);
        ByteBuffer count = ByteBuffer.allocate(2).putShort(0, (short) (tracks + 1));
        writeFully(channel, count, TRACK_COUNT_OFFSET);
        channel.force(false);
        tracks++;
        written = n;
        return true;
    }

    public Path path() {
        return path;
    }

    /** Removes the file: the finished take was written whole. */
    public void discard() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    /**
     * Turns the unfinished file a crashed recording to {@code take} left behind into
     * {@code take.recovered.mid} (or {@code take.recovered-2.mid}, ... when taken): one track, every
     * note closed at the last message. Returns that file, or null when there was nothing to
     * recover. Refuses while another Cadenza records to {@code take}.
     */
    public static Path recover(Path take) {
        Path path = pathFor(take);
        if (!Files.exists(path)) {
            return null;
        }
        Sequence merged;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = lockOrRefuse(channel, take, path);
            try {
                merged = channel.size() <= HEADER_BYTES ? null : merge(MidiSystem.getSequence(path.toFile()));
            } finally {
                lock.release();
            }
        } catch (InvalidMidiDataException | IOException e) {
            throw new BridgeException("cannot recover the take cut short in " + path + " (" + AtomicFiles.describe(e)
                    + "): open it in a MIDI editor, or delete it to record to " + take, e);
        }
        Path recovered = null;
        if (merged != null) {
            recovered = freeName(take);
            try {
                Sequence sequence = merged;
                AtomicFiles.write(recovered, "the recovered take", out -> MidiSystem.write(sequence, 0, out));
            } catch (EngineException e) {
                throw new BridgeException(e.getMessage(), e);
            }
        }
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new BridgeException("cannot remove " + path + " after recovering it (" + AtomicFiles.describe(e)
                    + "): delete it by hand", e);
        }
        return recovered;
    }

    /** One track of every channel message, sorted by tick, each note still sounding closed at the end; null when none. */
    private static Sequence merge(Sequence unfinished) throws InvalidMidiDataException {
        Sequence one = new Sequence(Sequence.PPQ, unfinished.getResolution());
        Track track = one.createTrack();
        int[] sounding = new int[16 * 128];
        long last = 0;
        int notes = 0;
        for (Track t : unfinished.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                MidiMessage m = e.getMessage();
                if (m.getStatus() == 0xFF && m.getLength() > 1 && m.getMessage()[1] == 0x2F) {
                    continue; // each track's end; the merged track gets its own
                }
                track.add(e);
                last = Math.max(last, e.getTick());
                if (m instanceof ShortMessage s && s.getCommand() == ShortMessage.NOTE_ON && s.getData2() > 0) {
                    sounding[s.getChannel() * 128 + s.getData1()]++;
                    notes++;
                } else if (m instanceof ShortMessage s && (s.getCommand() == ShortMessage.NOTE_OFF
                        || s.getCommand() == ShortMessage.NOTE_ON)) {
                    int k = s.getChannel() * 128 + s.getData1();
                    sounding[k] = Math.max(0, sounding[k] - 1);
                }
            }
        }
        if (notes == 0) {
            return null;
        }
        for (int k = 0; k < sounding.length; k++) {
            for (int j = 0; j < sounding[k]; j++) {
                track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, k / 128, k % 128, 0), last));
            }
        }
        return one;
    }

    private static Path freeName(Path take) {
        String name = pathFor(take).getFileName().toString();
        String stem = name.substring(0, name.length() - SUFFIX.length());
        Path candidate = take.resolveSibling(stem + ".recovered.mid");
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = take.resolveSibling(stem + ".recovered-" + i + ".mid");
        }
        return candidate;
    }

    private static FileLock lockOrRefuse(FileChannel channel, Path take, Path path) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new BridgeException("another Cadenza is recording to " + take + " now (" + path
                    + " is in use): give --record another path");
        }
        return lock;
    }

    private void ensure(int bytes) {
        if (chunk.remaining() < bytes) {
            chunk = ByteBuffer.allocate(chunk.capacity() * 2).put(chunk.flip());
        }
    }

    private void putVariableLength(long value) {
        for (int s = (63 - Long.numberOfLeadingZeros(Math.max(1, value))) / 7 * 7; s > 0; s -= 7) {
            chunk.put((byte) (0x80 | (value >>> s) & 0x7F));
        }
        chunk.put((byte) (value & 0x7F));
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to lose
            }
        }
    }
}
