package dev.cadenza.bridge.rtpmidi.session;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One remote participant of a session, with its state in the session protocol. Confined to the
 * session's event loop, except {@link #dataAddress} and {@link #nextSequenceNumber}, which the
 * sending thread uses.
 */
final class Participant {
    enum State {
        /** We invited it on its control port and wait for OK. */
        INVITING_CONTROL,
        /** It accepted on the control port; we invited its data port and wait for OK. */
        INVITING_DATA,
        /** It invited us on our control port; we wait for its invitation on the data port. */
        AWAITING_DATA,
        /** Both ports joined: MIDI and clock sync flow. */
        CONNECTED
    }

    static final int MAX_CLOCK_SAMPLES = 8;

    final boolean invitedByUs;
    final int token;
    final long createdNanos;
    final NoteState heldNotes = new NoteState();
    final ArrayDeque<ClockSample> clockSamples = new ArrayDeque<>(MAX_CLOCK_SAMPLES);
    final CompletableFuture<ParticipantInfo> connection; // completed when connected (our invitations)
    private final AtomicInteger sequenceNumber;

    State state;
    int ssrc;
    String name = "";
    InetSocketAddress controlAddress;
    volatile InetSocketAddress dataAddress;
    long lastHeardNanos;
    long lastInvitationNanos;
    int invitationsSent;
    long nextSyncNanos;
    int syncsStarted;
    long lastProbeNanos;
    int lastReceivedSequence = -1;
    boolean feedbackDue;
    long lastFeedbackNanos;

    Participant(boolean invitedByUs, int token, State state, InetSocketAddress controlAddress,
            long nowNanos, int firstSequenceNumber, CompletableFuture<ParticipantInfo> connection) {
        this.invitedByUs = invitedByUs;
        this.token = token;
        this.state = state;
        this.controlAddress = controlAddress;
        this.createdNanos = nowNanos;
        this.lastHeardNanos = nowNanos;
        this.sequenceNumber = new AtomicInteger(firstSequenceNumber);
        this.connection = connection;
    }

    boolean connected() {
        return state == State.CONNECTED;
    }

    /** Whether the remote SSRC is known (not before its OK when we invite). */
    boolean hasSsrc() {
        return state != State.INVITING_CONTROL;
    }

    /** The RTP sequence number of the next packet to it. Any thread; real-time safe. */
    int nextSequenceNumber() {
        return sequenceNumber.getAndIncrement() & 0xFFFF;
    }

    void addClockSample(ClockSample sample) {
        if (clockSamples.size() == MAX_CLOCK_SAMPLES) {
            clockSamples.removeFirst();
        }
        clockSamples.addLast(sample);
    }

    ParticipantInfo info() {
        return new ParticipantInfo(name, ssrc, controlAddress, invitedByUs, connected(),
                java.util.List.copyOf(clockSamples));
    }

    @Override
    public String toString() {
        return String.format("\"%s\" (SSRC %08X at %s)", name, ssrc, controlAddress);
    }
}
