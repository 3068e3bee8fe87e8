package dev.cadenza.bridge.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.BridgeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording kept on disk as it plays, and what a crash leaves of it. */
class UnfinishedTakeTest {
    private static final long ORIGIN = 2_000_000_000L;
    private static final long QUARTER = 500_000_000L; // 120 BPM

    @TempDir
    Path dir;

    @Test
    @DisplayName("after every flush the unfinished file reads as the messages so far, at the ticks of the finished take")
    void everyFlushLeavesAReadableFileOfTheTakeSoFar() throws Exception {
        EventRecorder recorder = new EventRecorder(1000);
        Path take = dir.resolve("take.mid");
        try (UnfinishedTake unfinished = UnfinishedTake.start(take, recorder, 120, () -> ORIGIN)) {
            assertEquals(dir.resolve("take.unfinished.mid"), unfinished.path());
            assertEquals(0, events(MidiSystem.getSequence(unfinished.path().toFile())).size());
            for (int bar = 0; bar < 3; bar++) {
                playBar(recorder, bar);
                assertTrue(unfinished.flush());
                assertFalse(unfinished.flush(), "nothing new, no empty track");

                Sequence sofar = MidiSystem.getSequence(unfinished.path().toFile());
                assertEquals(bar + 2, sofar.getTracks().length);
                recorder.write(dir.resolve("whole.mid"), 120, ORIGIN);
                assertEquals(events(MidiSystem.getSequence(dir.resolve("whole.mid").toFile())), events(sofar),
                        "bar " + bar);
            }
        }
    }

    @Test
    @DisplayName("a crash between a track and the header's count leaves a file whose counted tracks read whole")
    void aCrashMidFlushLosesOnlyThatFlush() throws Exception {
        EventRecorder recorder = new EventRecorder(1000);
        Path take = dir.resolve("take.mid");
        UnfinishedTake unfinished = UnfinishedTake.start(take, recorder, 120, () -> ORIGIN);
        playBar(recorder, 0);
        unfinished.flush();
        List<String> firstBar = events(MidiSystem.getSequence(unfinished.path().toFile()));
        long size = Files.size(unfinished.path());
        playBar(recorder, 1);
        unfinished.flush();
        unfinished.close(); // the process dies: its lock goes with it
        // as if it died after writing part of the second bar's track, before counting it in the header
        byte[] bytes = Files.readAllBytes(unfinished.path());
        ByteBuffer.wrap(bytes).putShort(10, (short) 2);
        Files.write(unfinished.path(), java.util.Arrays.copyOf(bytes, (int) size + 13));

        assertEquals(firstBar, events(MidiSystem.getSequence(unfinished.path().toFile())));
        Path recovered = UnfinishedTake.recover(take);
        assertEquals(dir.resolve("take.recovered.mid"), recovered);
        assertFalse(Files.exists(unfinished.path()));
        Sequence one = MidiSystem.getSequence(recovered.toFile());
        assertEquals(1, one.getTracks().length);
        List<String> expected = new ArrayList<>(firstBar);
        expected.add("2880 80 72 0"); // the note left sounding, closed at the last message
        assertEquals(expected, events(one));
    }

    @Test
    @DisplayName("recovery keeps earlier recoveries, and a file with no note is removed with nothing to recover")
    void recoveryNamesAFreeFileAndDropsEmptyTakes() throws Exception {
        Path take = dir.resolve("take.mid");
        Files.writeString(dir.resolve("take.recovered.mid"), "an earlier recovery");
        EventRecorder recorder = new EventRecorder(100);
        UnfinishedTake unfinished = UnfinishedTake.start(take, recorder, 120, () -> ORIGIN);
        playBar(recorder, 0);
        unfinished.flush();
        unfinished.close();
        assertEquals(dir.resolve("take.recovered-2.mid"), UnfinishedTake.recover(take));

        UnfinishedTake.start(take, new EventRecorder(10), 120, () -> ORIGIN).close();
        assertNull(UnfinishedTake.recover(take));
        assertFalse(Files.exists(UnfinishedTake.pathFor(take)));
        assertNull(UnfinishedTake.recover(take));
    }

    @Test
    @DisplayName("a take another stream is recording is neither recorded over nor recovered")
    void aTakeInUseIsRefused() {
        Path take = dir.resolve("take.mid");
        try (UnfinishedTake playing = UnfinishedTake.start(take, new EventRecorder(10), 120, () -> ORIGIN)) {
            BridgeException second = assertThrows(BridgeException.class,
                    () -> UnfinishedTake.start(take, new EventRecorder(10), 120, () -> ORIGIN));
            assertEquals("another Cadenza is recording to " + take + " now (" + playing.path()
                    + " is in use): give --record another path", second.getMessage());
            assertThrows(BridgeException.class, () -> UnfinishedTake.recover(take));
            assertTrue(Files.exists(playing.path()));
        }
    }

    @Test
    @DisplayName("a place where no file can be made is refused at the start, naming it")
    void anUnwritablePlaceIsRefused() throws Exception {
        Path notAFolder = dir.resolve("plain-file");
        Files.writeString(notAFolder, "x");
        Path take = notAFolder.resolve("take.mid");
        BridgeException e = assertThrows(BridgeException.class,
                () -> UnfinishedTake.start(take, new EventRecorder(10), 120, () -> ORIGIN));
        assertTrue(e.getMessage().startsWith("cannot record to " + take + " ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("check the folder's permissions and free space, or give --record another path"),
                e.getMessage());
    }

    /** One bar of 4/4: a note each quarter, the last one still sounding at the bar line. */
    private static void playBar(EventRecorder recorder, int bar) {
        for (int q = 0; q < 4; q++) {
            long at = ORIGIN + (bar * 4L + q) * QUARTER;
            if (bar > 0 || q > 0) {
                recorder.record(at, 0x80, 60 + 4 * ((bar * 4 + q + 3) % 4), 0);
            }
            recorder.record(at, 0x90, 60 + 4 * ((bar * 4 + q) % 4), 100);
            recorder.record(at + 1000, 0xF8, 0, 0); // a clock tick: not music, not recorded
        }
    }

    /** Every channel message of every track, as "tick status data1 data2", in time order. */
    private static List<String> events(Sequence sequence) {
        List<long[]> all = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                MidiEvent e = track.get(i);
                if (e.getMessage() instanceof ShortMessage m) {
                    all.add(new long[] {e.getTick(), m.getStatus(), m.getData1(), m.getData2(), all.size()});
                }
            }
        }
        all.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[4], b[4]));
        return all.stream().map(a -> a[0] + " " + Integer.toHexString((int) a[1]) + " " + a[2] + " " + a[3]).toList();
    }
}
