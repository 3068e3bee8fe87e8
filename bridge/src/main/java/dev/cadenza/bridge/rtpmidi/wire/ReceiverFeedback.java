package dev.cadenza.bridge.rtpmidi.wire;

/**
 * {@code RS}: the sender has received every RTP-MIDI packet up to this sequence number, so the
 * other side may trim its recovery journal. Cadenza sends no journal, so it only counts these.
 *
 * @param ssrc the synchronisation source of the participant giving the feedback
 * @param sequenceNumber the last RTP sequence number received, 0..65535
 */
public record ReceiverFeedback(int ssrc, int sequenceNumber) implements AppleMidiMessage {

    public ReceiverFeedback {
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException(
                    "invalid RS sequence number: " + sequenceNumber + " (expected 0..65535)");
        }
    }

    @Override
    public AppleMidiCommand command() {
        return AppleMidiCommand.RECEIVER_FEEDBACK;
    }
}
