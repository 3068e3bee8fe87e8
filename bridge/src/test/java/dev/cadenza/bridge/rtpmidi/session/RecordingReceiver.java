package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.port.MidiReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** A fake receiver that keeps every message it gets, as upper-case hex, with its time. */
final class RecordingReceiver implements MidiReceiver, ParticipantListener {
    record Received(String hex, long nanos) {
    }

    private final List<Received> received = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    @Override
    public synchronized void onMidi(byte[] midi, long nanos) {
        received.add(new Received(HexFormat.ofDelimiter(" ").withUpperCase().formatHex(midi), nanos));
        notifyAll();
    }

    @Override
    public synchronized void joined(ParticipantInfo participant) {
        events.add("joined " + participant.name());
        notifyAll();
    }

    @Override
    public synchronized void left(ParticipantInfo participant, LeaveReason reason) {
        events.add("left " + participant.name() + " " + reason);
        notifyAll();
    }

    synchronized List<String> hex() {
        return received.stream().map(Received::hex).toList();
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** Waits until {@code count} messages have arrived; returns them all. */
    synchronized List<String> awaitMessages(int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (received.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("received " + received.size() + " of " + count
                        + " messages within " + within + ": " + hex());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return hex();
    }

    synchronized String awaitEvent(String prefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (String e : events) {
                if (e.startsWith(prefix)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no event \"" + prefix + "...\" within " + within + ": " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
