package dev.cadenza.bridge.rtpmidi.session;

import java.lang.System.Logger.Level;

/**
 * The timed half of the session protocol, run every tick: our invitations retried and then given
 * up, half-open invitations and silent participants ended, clock syncs started (we invited) or a
 * quiet inviter probed (it invited us), receiver feedback sent, and the idle guard given its chance.
 * A tick that throws is counted and logged; the next one runs as usual. Event loop only.
 */
final class Housekeeping {
    private static final System.Logger LOG = System.getLogger(Housekeeping.class.getName());
    private static final long FEEDBACK_INTERVAL_NANOS = 1_000_000_000L;

    private final RtpMidiConfig config;
    private final RtpMidiCounters counters;
    private final ParticipantTable participants;
    private final SessionMessages messages;
    private final ClockExchange clocks;
    private final SendPath sendPath;

    Housekeeping(RtpMidiConfig config, RtpMidiCounters counters, ParticipantTable participants,
            SessionMessages messages, ClockExchange clocks, SendPath sendPath) {
        this.config = config;
        this.counters = counters;
        this.participants = participants;
        this.messages = messages;
        this.clocks = clocks;
        this.sendPath = sendPath;
    }

    /** One tick of housekeeping; never throws. */
    void tick() {
        try {
            tick(config.clock().nanos());
        } catch (RuntimeException e) {
            long n = counters.increment(RtpMidiCounter.INTERNAL_ERRORS);
            if (RtpMidiCounters.worthLogging(n)) {
                LOG.log(Level.WARNING, "RTP-MIDI: housekeeping failed; the session goes on", e);
            }
        }
    }

    private void tick(long now) {
        long timeout = config.participantTimeout().toNanos();
        for (Participant p : participants.all()) {
            switch (p.state) {
                case INVITING_CONTROL, INVITING_DATA -> invitingTick(p, now);
                case AWAITING_DATA -> {
                    // half a session holds a place: free it soon (a real peer invites its data port at once)
                    if (now - p.createdNanos > Math.min(timeout, Admission.HALF_OPEN_NANOS)) {
                        timedOut(p);
                    }
                }
                case CONNECTED -> connectedTick(p, now, timeout);
            }
        }
        sendPath.guardIdleOutput(now);
    }

    private void invitingTick(Participant p, long now) {
        if (now - p.lastInvitationNanos < config.inviteRetryInterval().toNanos()) {
            return;
        }
        if (p.invitationsSent < config.inviteAttempts()) {
            messages.invite(p, now);
            return;
        }
        counters.increment(RtpMidiCounter.INVITATIONS_FAILED);
        LOG.log(Level.WARNING, "RTP-MIDI: no answer from {0} after {1} invitations", p.controlAddress,
                p.invitationsSent);
        if (p.state == Participant.State.INVITING_DATA) {
            messages.end(p);
        }
        participants.remove(p, LeaveReason.UNANSWERED);
    }

    private void connectedTick(Participant p, long now, long timeout) {
        if (now - p.lastHeardNanos > timeout) {
            timedOut(p);
            return;
        }
        if (p.invitedByUs && now - p.nextSyncNanos >= 0) {
            messages.clockSync(p.dataAddress, clocks.start(p, now));
        } else if (!p.invitedByUs && now - p.lastHeardNanos > timeout / 3
                && now - p.lastProbeNanos > timeout / 3) {
            // the inviting side syncs; when it has been quiet a while, ask whether it is still there
            p.lastProbeNanos = now;
            messages.clockSync(p.dataAddress, clocks.probe(now));
        }
        if (p.feedbackDue && now - p.lastFeedbackNanos >= FEEDBACK_INTERVAL_NANOS) {
            p.feedbackDue = false;
            p.lastFeedbackNanos = now;
            messages.feedback(p);
        }
    }

    private void timedOut(Participant p) {
        counters.increment(RtpMidiCounter.PARTICIPANTS_TIMED_OUT);
        LOG.log(Level.WARNING, "RTP-MIDI: {0} went silent for over {1}; ending it", p, config.participantTimeout());
        messages.end(p);
        participants.remove(p, LeaveReason.TIMED_OUT);
    }
}
