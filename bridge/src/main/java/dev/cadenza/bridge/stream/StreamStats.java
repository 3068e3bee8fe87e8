package dev.cadenza.bridge.stream;

/**
 * What a stream counts: steps played and missed, events sent, dropped and stale, port losses,
 * the emission timing error |sent - scheduled| as a histogram, and the model's compute time per
 * step. Each field has one writing thread (the generator or the emitter); readers on other
 * threads see recent values (volatile), exact ones after the stream stopped.
 */
public final class StreamStats {
    /** Histogram resolution of the timing error. */
    public static final long BUCKET_NANOS = 1_000;
    private static final int BUCKETS = 100_000; // up to 100 ms; larger errors land in the last one

    // generator thread
    volatile long stepsPlayed;
    volatile long stepsMissed;
    volatile long eventsOverflowed;
    volatile long computeNanosTotal;
    volatile long computeNanosMax;
    volatile int gibbsInUse;

    // emitter thread
    volatile long eventsSent;
    volatile long lateDrops;
    volatile long staleDrops;
    volatile long unsentWhileLost;
    volatile long portLosses;
    volatile long errorMaxNanos;
    volatile long collisionsAvoided;
    volatile long thruSent;
    // generator thread, keyboard modes
    private volatile long playedOutOfRange;
    private final long[] errorHistogram = new long[BUCKETS];
    private long errorCount;

    // keyboard modes: answers, written by the generator (scheduled) and the emitter (first note sent)
    private static final int MAX_ANSWERS = 4096;
    private final long[] answerLatency = new long[MAX_ANSWERS];
    private final long[] answerFromLastNote = new long[MAX_ANSWERS];
    private volatile int answers;
    private volatile long answerStep = Long.MAX_VALUE;
    private volatile long answerDecidedNanos;
    private volatile long answerLastNoteNanos;

    /**
     * An answer was decided at {@code decidedNanos} (the call ended: a control, or the silence
     * after the call's last note, released at {@code lastNoteNanos}) and starts at {@code step}; the
     * first note-on sent from that step on measures its latency. Generator thread; real-time safe.
     */
    public void answerScheduled(long step, long decidedNanos, long lastNoteNanos) {
        answerDecidedNanos = decidedNanos;
        answerLastNoteNanos = lastNoteNanos;
        answerStep = step;
    }

    /** A note-on of {@code step} was sent at {@code sentNanos}. Emitter thread; real-time safe. */
    void noteOnSent(long step, long sentNanos) {
        if (step >= answerStep) {
            answerStep = Long.MAX_VALUE;
            int n = answers;
            if (n < MAX_ANSWERS) {
                answerLatency[n] = sentNanos - answerDecidedNanos;
                answerFromLastNote[n] = sentNanos - answerLastNoteNanos;
                answers = n + 1;
            }
        }
    }

    /** Answers whose first note was sent (keyboard modes). */
    public int answers() {
        return answers;
    }

    /** Latency of the {@code i}th answer: from the end of the call to the answer's first note-on sent. */
    public long answerLatencyNanos(int i) {
        return answerLatency[i];
    }

    /** From the release of the call's last note to the answer's first note-on sent. */
    public long answerFromLastNoteNanos(int i) {
        return answerFromLastNote[i];
    }

    /** Generated note-ons not sent, or ended early, because the player held or struck the pitch. */
    public long collisionsAvoided() {
        return collisionsAvoided;
    }

    /** The player's note-ons left out because their pitch is outside the model's range. */
    public long playedOutOfRange() {
        return playedOutOfRange;
    }

    /** Sets {@link #playedOutOfRange()}. Generator thread; real-time safe. */
    public void playedOutOfRange(long count) {
        playedOutOfRange = count;
    }

    /** The player's messages forwarded (MIDI thru). */
    public long thruSent() {
        return thruSent;
    }

    /** Records one sent event's timing error. Emitter thread only; real-time safe. */
    void recordError(long errorNanos) {
        long e = Math.abs(errorNanos);
        int bucket = (int) Math.min(BUCKETS - 1, e / BUCKET_NANOS);
        errorHistogram[bucket]++;
        errorCount++;
        if (e > errorMaxNanos) {
            errorMaxNanos = e;
        }
    }

    public long stepsPlayed() {
        return stepsPlayed;
    }

    public long stepsMissed() {
        return stepsMissed;
    }

    public long eventsOverflowed() {
        return eventsOverflowed;
    }

    public long eventsSent() {
        return eventsSent;
    }

    public long lateDrops() {
        return lateDrops;
    }

    public long staleDrops() {
        return staleDrops;
    }

    public long unsentWhileLost() {
        return unsentWhileLost;
    }

    public long portLosses() {
        return portLosses;
    }

    public int gibbsInUse() {
        return gibbsInUse;
    }

    public long computeNanosMax() {
        return computeNanosMax;
    }

    /** Mean model compute time per generated step, in nanoseconds. */
    public double computeNanosMean() {
        long n = stepsPlayed + stepsMissed;
        return n == 0 ? 0 : (double) computeNanosTotal / n;
    }

    public long errorMaxNanos() {
        return errorMaxNanos;
    }

    /** Events whose timing error was recorded. */
    public long errorCount() {
        return errorCount;
    }

    /**
     * The timing error at quantile {@code q} (0..1), to {@link #BUCKET_NANOS}: the upper edge of
     * the bucket that holds it. Call after the stream stopped (or accept a slightly stale answer).
     */
    public long errorQuantileNanos(double q) {
        long total = errorCount;
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += errorHistogram[i];
            if (seen >= rank && seen > 0) {
                return Math.min((i + 1) * BUCKET_NANOS, Math.max(errorMaxNanos, BUCKET_NANOS));
            }
        }
        return errorMaxNanos;
    }

    /** One line for people. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%d steps played, %d missed (held), %d events sent, %d late note-ons dropped, %d port losses; "
                        + "timing error p50 %.2f ms, p99 %.2f ms, max %.2f ms; model %.2f ms/step mean, %.2f max",
                stepsPlayed, stepsMissed, eventsSent, lateDrops, portLosses,
                errorQuantileNanos(0.5) / 1e6, errorQuantileNanos(0.99) / 1e6, errorMaxNanos / 1e6,
                computeNanosMean() / 1e6, computeNanosMax / 1e6);
    }
}
