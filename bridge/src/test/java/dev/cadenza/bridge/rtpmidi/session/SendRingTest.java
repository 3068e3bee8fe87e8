package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sending thread's hand-off to the event loop: records in order, across the end of the array, refused when full. */
class SendRingTest {

    @Test
    @DisplayName("records of every length come out as they went in, across the array's end, and a full ring refuses")
    void recordsInOrderAcrossTheEnd() {
        SendRing ring = new SendRing(64);
        SplittableRandom random = new SplittableRandom(5);
        long written = 0;
        long read = 0;
        for (int round = 0; round < 2_000; round++) {
            int length = 1 + random.nextInt(20);
            byte[] midi = new byte[length];
            for (int i = 0; i < length; i++) {
                midi[i] = (byte) (written + i);
            }
            if (ring.offer(written, midi, 0, length)) {
                written++;
            } else {
                assertTrue(written > read, "refused while empty");
            }
            if (random.nextInt(3) == 0 || written - read > 3) {
                int record = ring.peek();
                assertTrue(record >= 0);
                assertEquals(read, ring.nanos(record), "records come out in order");
                for (int i = 0; i < ring.length(record); i++) {
                    assertEquals((byte) (read + i), ring.bytes()[SendRing.midiOffset(record) + i]);
                }
                ring.drop(record);
                read++;
            }
        }
        assertTrue(written > 500, "the ring went round many times: " + written + " records");
        while (read < written) {
            int record = ring.peek();
            assertEquals(read++, ring.nanos(record));
            ring.drop(record);
        }
        assertEquals(-1, ring.peek());
        SendRing small = new SendRing(32);
        assertTrue(small.offer(1, new byte[20], 0, 20));
        assertFalse(small.offer(2, new byte[3], 0, 3), "no room for a second record");
    }

    @Test
    @DisplayName("a producer and a consumer thread pass 200,000 records without losing or reordering one")
    void twoThreads() throws Exception {
        SendRing ring = new SendRing(1 << 12);
        int records = 200_000;
        Thread producer = new Thread(() -> {
            byte[] midi = {(byte) 0x90, 60, 100};
            for (long n = 0; n < records; ) {
                midi[1] = (byte) (n % 128);
                if (ring.offer(n, midi, 0, 1 + (int) (n % 3))) {
                    n++;
                } else {
                    Thread.onSpinWait();
                }
            }
        });
        producer.start();
        for (long n = 0; n < records; ) {
            int record = ring.peek();
            if (record < 0) {
                Thread.onSpinWait();
                continue;
            }
            assertEquals(n, ring.nanos(record));
            assertEquals(1 + (int) (n % 3), ring.length(record));
            if (ring.length(record) > 1) {
                assertEquals((byte) (n % 128), ring.bytes()[SendRing.midiOffset(record) + 1]);
            }
            ring.drop(record);
            n++;
        }
        producer.join();
        assertEquals(-1, ring.peek());
    }
}
