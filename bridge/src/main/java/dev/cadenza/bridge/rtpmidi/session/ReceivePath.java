package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.port.MidiReceiver;
import dev.cadenza.bridge.rtpmidi.wire.ClockSync;
import dev.cadenza.bridge.rtpmidi.wire.MidiCommand;
import dev.cadenza.bridge.rtpmidi.wire.RtpMidiPacket;
import java.lang.System.Logger.Level;

/**
 * The receive path: a connected participant's RTP-MIDI packets to the session's {@link
 * MidiReceiver}, one message at a time at its due time. A gap in the sequence numbers is counted, a
 * late or repeated packet and a SysEx segment dropped; the notes the participant holds are tracked,
 * so that when it leaves the receiver gets a note-off for each. A receiver that throws is counted
 * and logged; the session goes on. Event loop only.
 */
final class ReceivePath {
    private static final System.Logger LOG = System.getLogger(ReceivePath.class.getName());

    private final MidiReceiver receiver;
    private final RtpMidiCounters counters;
    private final NanoClock clock;

    ReceivePath(MidiReceiver receiver, RtpMidiCounters counters, NanoClock clock) {
        this.receiver = receiver;
        this.counters = counters;
        this.clock = clock;
    }

    /** Hands the receiver what {@code packet} from {@code p} carries, unless it comes late or twice. */
    void receive(Participant p, RtpMidiPacket packet, long nowNanos) {
        int sequence = packet.sequenceNumber();
        if (p.lastReceivedSequence >= 0) {
            int ahead = (sequence - p.lastReceivedSequence) & 0xFFFF;
            if (ahead == 0 || ahead >= 0x8000) {
                long n = counters.increment(RtpMidiCounter.OUT_OF_ORDER);
                if (RtpMidiCounters.worthLogging(n)) {
                    LOG.log(Level.WARNING, "RTP-MIDI: dropped packet {0} from {1}, after {2}", sequence, p,
                            p.lastReceivedSequence);
                }
                return;
            }
            if (ahead > 1) {
                counters.add(RtpMidiCounter.LOST, ahead - 1);
            }
        }
        p.lastReceivedSequence = sequence;
        p.feedbackDue = true;
        if (packet.journalSkipped()) {
            counters.increment(RtpMidiCounter.JOURNALS_SKIPPED);
        }
        long due = nowNanos;
        for (MidiCommand command : packet.commands()) {
            due += command.deltaTicks() * ClockSync.NANOS_PER_TICK;
            byte[] bytes = command.bytes();
            int status = bytes[0] & 0xFF;
            if (status == 0xF7 || (status == 0xF0 && (bytes[bytes.length - 1] & 0xFF) != 0xF7)) {
                counters.increment(RtpMidiCounter.SYSEX_SEGMENTS_DROPPED);
                continue;
            }
            p.heldNotes.track(bytes, 0, bytes.length);
            deliver(bytes, due);
        }
    }

    /** Hands the receiver a note-off, stamped now, for each note {@code p} still holds, and forgets them. */
    void releaseHeldNotes(Participant p) {
        p.heldNotes.releaseAll((channel, key) -> {
            counters.increment(RtpMidiCounter.NOTES_RELEASED);
            deliver(new byte[] {(byte) (0x80 | channel), (byte) key, 0}, clock.nanos());
        });
    }

    private void deliver(byte[] midi, long nanos) {
        counters.increment(RtpMidiCounter.MESSAGES_RECEIVED);
        try {
            receiver.onMidi(midi, nanos);
        } catch (RuntimeException e) {
            long n = counters.increment(RtpMidiCounter.LISTENER_FAILURES);
            if (RtpMidiCounters.worthLogging(n)) {
                LOG.log(Level.WARNING, "RTP-MIDI: the receiver failed; the session goes on", e);
            }
        }
    }
}
