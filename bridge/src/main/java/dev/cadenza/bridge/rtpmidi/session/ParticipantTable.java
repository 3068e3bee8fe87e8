package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.BridgeException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The session's participants, joined or joining: found by SSRC or by our invitation's token,
 * counted per host while half-open, and the connected ones as an array that the send path reads
 * without a lock. Tells the listener when one joins or leaves, and one that leaves first releases
 * the notes it held. Event loop only, but {@link #connected}.
 */
final class ParticipantTable {
    private static final System.Logger LOG = System.getLogger(ParticipantTable.class.getName());

    private final List<Participant> participants = new ArrayList<>();
    /** Replaced whole, never changed, whenever a participant joins or a connected one leaves. */
    private volatile Participant[] connected = new Participant[0];
    private final ParticipantListener listener;
    private final ReceivePath receivePath;
    private final RtpMidiCounters counters;

    ParticipantTable(ParticipantListener listener, ReceivePath receivePath, RtpMidiCounters counters) {
        this.listener = listener;
        this.receivePath = receivePath;
        this.counters = counters;
    }

    /** Adds a participant that is joining (not yet connected). */
    void add(Participant p) {
        participants.add(p);
    }

    /** How many participants there are, joined or joining. */
    int size() {
        return participants.size();
    }

    /** A copy of the participants, to walk while some are removed. */
    List<Participant> all() {
        return List.copyOf(participants);
    }

    /** Snapshots of the participants, joined or joining. */
    List<ParticipantInfo> infos() {
        return participants.stream().map(Participant::info).toList();
    }

    /** The connected participants. Any thread; real-time safe. */
    Participant[] connected() {
        return connected;
    }

    /** The participant whose SSRC is {@code ssrc}, or null (the SSRC of ours is known only once it accepted). */
    Participant bySsrc(int ssrc) {
        for (Participant p : participants) {
            if (p.hasSsrc() && p.ssrc == ssrc) {
                return p;
            }
        }
        return null;
    }

    /** The participant that we invited with {@code token}, or null. */
    Participant byToken(int token) {
        for (Participant p : participants) {
            if (p.invitedByUs && p.token == token) {
                return p;
            }
        }
        return null;
    }

    /** How many participants from {@code host} invited us on the control port and not yet on the data port. */
    int halfOpenFrom(InetAddress host) {
        int n = 0;
        for (Participant p : participants) {
            if (p.state == Participant.State.AWAITING_DATA && p.controlAddress.getAddress().equals(host)) {
                n++;
            }
        }
        return n;
    }

    /** Marks {@code p} connected (both ports joined): the send path plays to it, our invitation completes, the listener hears. */
    void connect(Participant p) {
        p.state = Participant.State.CONNECTED;
        rebuildConnected();
        LOG.log(Level.INFO, "RTP-MIDI: {0} joined the session", p);
        ParticipantInfo info = p.info();
        if (p.connection != null) {
            p.connection.complete(info);
        }
        tellListener(() -> listener.joined(info));
    }

    /**
     * Forgets {@code p}: the receiver gets note-offs for the notes it held, our invitation to it
     * fails, and the listener hears that it left (if it had joined or was joining on its own
     * invitation). Nothing when it is already gone.
     */
    void remove(Participant p, LeaveReason reason) {
        if (!participants.remove(p)) {
            return;
        }
        if (p.connected()) {
            rebuildConnected();
        }
        receivePath.releaseHeldNotes(p);
        if (p.connection != null && !p.connection.isDone()) {
            p.connection.completeExceptionally(new BridgeException(String.format(
                    "invitation to %s failed: %s", p.controlAddress, reason.name().toLowerCase().replace('_', ' '))));
        }
        if (p.state == Participant.State.CONNECTED || p.state == Participant.State.AWAITING_DATA) {
            tellListener(() -> listener.left(p.info(), reason));
        }
    }

    private void rebuildConnected() {
        connected = participants.stream().filter(Participant::connected).toArray(Participant[]::new);
    }

    private void tellListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            counters.increment(RtpMidiCounter.LISTENER_FAILURES);
            LOG.log(Level.WARNING, "RTP-MIDI: the participant listener failed", e);
        }
    }
}
