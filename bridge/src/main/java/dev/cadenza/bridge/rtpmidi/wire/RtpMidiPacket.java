package dev.cadenza.bridge.rtpmidi.wire;

import java.util.List;

/**
 * One RTP-MIDI packet (RFC 6295): the RTP header's sequence number, 10 kHz timestamp and
 * synchronisation source, and the MIDI command section. A recovery journal, when the sender
 * included one, was checked for length and skipped by the decoder; {@code journalSkipped} says so.
 *
 * @param sequenceNumber 0..65535, one more for each packet of the sender's stream
 * @param timestampTicks the RTP timestamp, in 100 µs ticks of the sender's clock, 0..2^32-1
 * @param ssrc the sender's synchronisation source, the same as in its invitation
 * @param commands the MIDI commands in order, each with its delta time
 * @param journalSkipped whether the packet carried a recovery journal (J=1), skipped here
 */
public record RtpMidiPacket(int sequenceNumber, long timestampTicks, int ssrc,
        List<MidiCommand> commands, boolean journalSkipped) {

    public RtpMidiPacket {
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException(
                    "invalid RTP sequence number: " + sequenceNumber + " (expected 0..65535)");
        }
        if (timestampTicks < 0 || timestampTicks > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(
                    "invalid RTP timestamp: " + timestampTicks + " (expected 0..4294967295)");
        }
        commands = List.copyOf(commands);
    }

    public RtpMidiPacket(int sequenceNumber, long timestampTicks, int ssrc, List<MidiCommand> commands) {
        this(sequenceNumber, timestampTicks, ssrc, commands, false);
    }
}
