package dev.cadenza.bench;

import dev.cadenza.bridge.port.MidiReceiver;
import dev.cadenza.bridge.rtpmidi.session.ParticipantListener;
import dev.cadenza.bridge.rtpmidi.session.RtpMidiConfig;
import dev.cadenza.bridge.rtpmidi.session.RtpMidiSession;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.RealtimePriority;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures note latency through the whole RTP-MIDI stack on the loopback: {@link
 * RtpMidiSession#send} in one session to the {@link MidiReceiver} of another (encode, Netty, UDP,
 * Netty, decode, session logic). One note at a time, so that no queueing adds to the figure.
 *
 * <p>With {@code realtime}, both sessions' threads and the measuring thread (standing for the
 * stream's emission thread) run at SCHED_FIFO, as {@code cadenza play --rtp} runs them (Linux, with
 * the right to: root, CAP_SYS_NICE or an rtprio limit).
 *
 * <pre>java -cp ... dev.cadenza.bench.LoopbackLatencyBench [notes] [warm-up notes] [realtime]</pre>
 */
public final class LoopbackLatencyBench {
    private static volatile long receivedNanos;
    private static volatile int receivedCount;

    private LoopbackLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int notes = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        boolean realtime = args.length > 2 && args[2].equals("realtime");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        RtpMidiConfig base = RtpMidiConfig.named("bench").withPort(0).withBindAddress(loopback).withAdvertise(false);
        Thread measuring = Thread.currentThread();
        MidiReceiver stamp = (midi, nanos) -> {
            receivedNanos = System.nanoTime();
            receivedCount++; // one writer: the receiving session's event loop
            LockSupport.unpark(measuring);
        };
        try (RtpMidiSession sender = RtpMidiSession.start(base.withSsrc(1), MidiReceiver.NONE, ParticipantListener.NONE);
                RtpMidiSession receiver = RtpMidiSession.start(base.withSsrc(2), stamp, ParticipantListener.NONE)) {
            sender.invite(loopback.getHostAddress(), receiver.port()).get(10, TimeUnit.SECONDS);
            String priority = "normal priority";
            if (realtime) {
                String why = null;
                for (String tid : new String[] {sender.threadId(), receiver.threadId(), RealtimePriority.currentThreadId()}) {
                    String failed = RealtimePriority.raiseThreadId(tid, LiveStream.REALTIME_PRIORITY);
                    why = why != null ? why : failed;
                }
                priority = why == null ? "SCHED_FIFO " + LiveStream.REALTIME_PRIORITY + " (both sessions and the sender)"
                        : "normal priority: " + why;
            }
            byte[] on = {(byte) 0x90, 60, 100};
            byte[] off = {(byte) 0x80, 60, 0};
            long[] latencies = new long[notes];
            long[] sentAt = new long[notes];
            int lost = 0;
            var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long allocatedAtStart = 0;
            for (int i = 0; i < warmUp + notes; i++) {
                if (i == warmUp) {
                    allocatedAtStart = threads.getCurrentThreadAllocatedBytes();
                }
                byte[] message = i % 2 == 0 ? on : off;
                int before = receivedCount;
                long sent = System.nanoTime();
                sender.send(message, 0, message.length);
                long deadline = sent + TimeUnit.MILLISECONDS.toNanos(100);
                while (receivedCount == before && System.nanoTime() < deadline) {
                    // parked, not spinning: a spinning thread would take one of two cores from the
                    // event loops whose wake-ups are what is measured
                    LockSupport.parkNanos(deadline - System.nanoTime());
                }
                if (receivedCount == before) {
                    lost++;
                    continue;
                }
                if (i >= warmUp) {
                    latencies[i - warmUp] = receivedNanos - sent;
                    sentAt[i - warmUp] = sent;
                }
                LockSupport.parkNanos(200_000); // let both event loops go idle, as between real notes
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedAtStart;
            String slowest = slowest(latencies, sentAt, 5);
            Arrays.sort(latencies);
            System.out.printf("RTP-MIDI loopback note latency, send() to receiver, %d notes after %d warm-up, %s:%n",
                    notes, warmUp, priority);
            System.out.printf("  p50 %.1f µs, p90 %.1f µs, p99 %.1f µs, max %.1f µs, lost %d%n",
                    micros(latencies, 0.50), micros(latencies, 0.90), micros(latencies, 0.99),
                    latencies[latencies.length - 1] / 1000.0, lost);
            System.out.printf("  slowest: %s%n", slowest);
            System.out.printf(java.util.Locale.ROOT, "  %.1f bytes allocated on the sending thread per send (%d in"
                    + " %d sends; one participant)%n", (double) allocated / notes, allocated, notes);
            System.out.printf("  %s %s, %d cores, %s %s%n", System.getProperty("java.vm.name"),
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name"), System.getProperty("os.arch"));
        }
    }

    /** The {@code count} slowest notes: latency, and when they were sent (ms after the first measured note). */
    private static String slowest(long[] latencies, long[] sentAt, int count) {
        Integer[] order = new Integer[latencies.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(latencies[b], latencies[a]));
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < Math.min(count, order.length); k++) {
            int i = order[k];
            out.append(String.format(java.util.Locale.ROOT, "%s%.2f ms at %.0f ms", k == 0 ? "" : ", ",
                    latencies[i] / 1e6, (sentAt[i] - sentAt[0]) / 1e6));
        }
        return out.toString();
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(quantile * (sorted.length - 1)))] / 1000.0;
    }
}
