package dev.cadenza.bridge.rtpmidi.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.rtpmidi.wire.AppleMidiCommand;
import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import dev.cadenza.bridge.rtpmidi.wire.EndSession;
import dev.cadenza.bridge.rtpmidi.wire.Invitation;
import dev.cadenza.bridge.rtpmidi.wire.InvitationAccepted;
import dev.cadenza.bridge.rtpmidi.wire.InvitationRejected;
import dev.cadenza.bridge.rtpmidi.wire.ReceiverFeedback;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Throws random and mutated datagrams at both ports of a live session through the real Netty
 * channels on the loopback.
 */
class RtpMidiFuzzTest {
    private static final int DATAGRAMS = 100_000;
    /**
     * Datagrams sent before the fuzzer waits for the session to have read them all, so that at most
     * this many wait in the kernel. On the loopback a datagram is dropped only when its socket's
     * receive buffer is full; the kernel charges a queued datagram its bytes plus under a kilobyte
     * of bookkeeping, and the fuzz averages 34 bytes (at most 6,095, an oversized one in a
     * thousand), so a batch takes well under 100 KiB of a port's buffer even with oversized ones in
     * it (about 35 KiB at most with this seed), against the 1 MiB the session asks for or, where the
     * system caps it, the 416 KiB that Linux's default cap (rmem_max, 208 KiB, doubled) still
     * grants. The loopback then loses nothing: the session must count every datagram sent, however
     * slowly it reads them.
     */
    private static final int BATCH = 50;
    /** A batch is read within a millisecond or so, a few on a loaded machine; only a lost datagram waits this long. */
    private static final Duration BATCH_WAIT = Duration.ofSeconds(30);
    /** Datagrams after which the session's buffers, pools and code paths are warm: memory is measured from here. */
    private static final int WARM = 10_000;
    /**
     * What the heap may grow by from {@link #WARM} datagrams to the end, once the fuzzer's
     * participants have timed out. By design the session then keeps nothing of the traffic: no
     * participant, one host's invitation budget (it was there at the first measure), counters. A
     * session that kept even one object per datagram, 16 bytes at least, would grow by this much
     * over the {@code DATAGRAMS - WARM} datagrams; what does grow (Netty's and the JDK's caches
     * filling up) was about 0.3 MiB when measured.
     */
    private static final long RETAINED_BOUND = (DATAGRAMS - WARM) * 16L;

    @Test
    @DisplayName("a hundred thousand random and mutated datagrams on both ports break nothing, memory stays flat, and a real session works afterwards")
    void fuzzBothPorts() throws Exception {
        AtomicLong delivered = new AtomicLong();
        RtpMidiConfig config = RtpMidiSessionTest.loopback("Target")
                .withParticipantTimeout(Duration.ofMillis(600))
                .withTickInterval(Duration.ofMillis(50));
        try (RtpMidiSession target = RtpMidiSession.start(config, (midi, nanos) -> delivered.incrementAndGet(),
                ParticipantListener.NONE);
                DatagramChannel fuzzer = DatagramChannel.open()) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            fuzzer.bind(new InetSocketAddress(loopback, 0));
            InetSocketAddress control = new InetSocketAddress(loopback, target.port());
            InetSocketAddress data = new InetSocketAddress(loopback, target.port() + 1);
            Random random = new Random(20_260_611);
            List<byte[]> seeds = seeds();
            ByteBuffer buffer = ByteBuffer.allocateDirect(8192);

            long usedBefore = 0;
            int maxParticipants = 0;
            for (int sent = 0; sent < DATAGRAMS; ) {
                for (int i = 0; i < BATCH; i++, sent++) {
                    byte[] datagram = mutate(random, seeds);
                    buffer.clear();
                    buffer.put(datagram).flip();
                    fuzzer.send(buffer, random.nextBoolean() ? control : data);
                }
                awaitReceived(target, sent);
                if (sent == WARM) {
                    usedBefore = usedHeapAfterGc();
                }
                if (sent % 10_000 == 0) {
                    maxParticipants = Math.max(maxParticipants, target.participants().size());
                }
            }
            assertEquals(DATAGRAMS, target.counters().get(RtpMidiCounter.DATAGRAMS_RECEIVED),
                    "every datagram sent reached the session");
            assertEquals(0, target.counters().get(RtpMidiCounter.INTERNAL_ERRORS), target.counters().toString());
            long dropped = target.counters().get(RtpMidiCounter.MALFORMED)
                    + target.counters().get(RtpMidiCounter.UNKNOWN_COMMAND)
                    + target.counters().get(RtpMidiCounter.OVERSIZED)
                    + target.counters().get(RtpMidiCounter.MISDIRECTED);
            assertTrue(dropped > DATAGRAMS / 2, "most fuzz should be dropped as malformed: " + target.counters());
            assertTrue(maxParticipants <= 16, "participants " + maxParticipants);

            // the fuzzer's participants go silent and time out
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!target.participants().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), target.participants());
            long usedAfter = usedHeapAfterGc();
            assertTrue(usedAfter - usedBefore < RETAINED_BOUND, "heap grew by " + (usedAfter - usedBefore)
                    + " bytes (from " + usedBefore + ") over " + (DATAGRAMS - WARM) + " datagrams (expected under "
                    + RETAINED_BOUND + ")");

            RecordingReceiver atPeer = new RecordingReceiver();
            RecordingReceiver atTarget = new RecordingReceiver();
            try (RtpMidiSession peer = RtpMidiSession.start(RtpMidiSessionTest.loopback("After the storm"), atPeer, atPeer)) {
                peer.invite("127.0.0.1", target.port()).get(10, TimeUnit.SECONDS);
                long before = delivered.get();
                peer.send(RtpMidiSessionTest.hex("90 3C 64"));
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (delivered.get() == before && System.nanoTime() < wait) {
                    Thread.sleep(5);
                }
                assertEquals(before + 1, delivered.get(), "the note reached the fuzzed session");
                target.send(RtpMidiSessionTest.hex("80 3C 00"));
                assertEquals(List.of("80 3C 00"), atPeer.awaitMessages(1, Duration.ofSeconds(10)));
            }
            assertEquals(0, target.counters().get(RtpMidiCounter.INTERNAL_ERRORS), target.counters().toString());
        }
    }

    /**
     * Paces the fuzzer: waits until the session has read every datagram sent so far, so that the
     * kernel's receive buffer never holds more than a batch (see {@link #BATCH}).
     */
    private static void awaitReceived(RtpMidiSession target, long sent) throws InterruptedException {
        long deadline = System.nanoTime() + BATCH_WAIT.toNanos();
        while (target.counters().get(RtpMidiCounter.DATAGRAMS_RECEIVED) < sent) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the session read " + target.counters().get(RtpMidiCounter.DATAGRAMS_RECEIVED)
                        + " of the " + sent + " datagrams sent so far within " + BATCH_WAIT + ": " + target.counters());
            }
            Thread.sleep(0, 200_000);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    /** Well-formed datagrams of every kind, for mutation. */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        int ssrc = 0x00F0_0F00;
        int token = 0x7777;
        seeds.add(RawPeer.encode(new Invitation(token, ssrc, "Fuzz")));
        seeds.add(RawPeer.encode(new InvitationAccepted(token, ssrc, "Fuzz")));
        seeds.add(RawPeer.encode(new InvitationRejected(token, ssrc, "Fuzz")));
        seeds.add(RawPeer.encode(new EndSession(token, ssrc)));
        for (int count = 0; count < 3; count++) {
            seeds.add(RawPeer.encode(new ClockSync(ssrc, count, 1000, 2000, 3000)));
        }
        seeds.add(RawPeer.encode(new ReceiverFeedback(ssrc, 12)));
        seeds.add(RawPeer.encode(RtpMidiSessionTest.rtp(1, ssrc, "903C64", "F8", "803C00")));
        seeds.add(RawPeer.encode(RtpMidiSessionTest.rtp(2, ssrc, "F07E0102F7", "B07B00")));
        seeds.add(RtpMidiCodecTest.bytes("80610003 00000000 00F00F00 43903C64 E00005 0004AABB 000508CCDD"));
        seeds.add(RtpMidiCodecTest.bytes("80610004 00000000 00F00F00 08903C64 00F8 003E50"));
        seeds.add(RtpMidiCodecTest.bytes("80610005 00000000 00F00F00 A00A 05903C64 8148803C00"));
        return seeds;
    }

    static byte[] mutate(Random random, List<byte[]> seeds) {
        int kind = random.nextInt(100);
        if (kind < 20) { // noise
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            return b;
        }
        if (kind < 30) { // a signature and a known command, then noise
            byte[] b = new byte[4 + random.nextInt(60)];
            random.nextBytes(b);
            AppleMidiCommand[] commands = AppleMidiCommand.values();
            int code = commands[random.nextInt(commands.length)].code();
            b[0] = (byte) 0xFF;
            b[1] = (byte) 0xFF;
            b[2] = (byte) (code >>> 8);
            b[3] = (byte) code;
            return b;
        }
        if (kind == 30 && random.nextInt(10) == 0) { // oversized
            return new byte[4097 + random.nextInt(2000)];
        }
        byte[] seed = seeds.get(random.nextInt(seeds.size())).clone();
        if (kind < 40) {
            return seed; // some well-formed traffic from a stranger, in any state
        }
        if (kind < 55) { // cut or extended
            int length = Math.max(0, seed.length + random.nextInt(17) - 10);
            byte[] b = java.util.Arrays.copyOf(seed, length);
            for (int i = seed.length; i < length; i++) {
                b[i] = (byte) random.nextInt(256);
            }
            return b;
        }
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(seed.length);
            seed[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (seed[at] ^ (1 << random.nextInt(8)));
        }
        return seed;
    }
}
