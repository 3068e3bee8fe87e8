package dev.cadenza.bridge.keyboard;

import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.bridge.stream.EventRing;
import dev.cadenza.bridge.stream.MidiEvents;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;

/**
 * What the player played, quantised to the stream's step grid: the keyboard side of the piano
 * roll.
 *
 * <p>Quantisation: a note-on belongs to the step whose start is nearest to its arrival (a
 * tolerance of half a step either way: a note up to half a step early counts for the coming step,
 * up to half a step late for the one that began); a note ends at the step start nearest to its
 * note-off, and lasts at least one step. So the frame of step {@code k} is final once half of step
 * {@code k} has gone by ({@link #finalAt}). A note-on for a pitch already down ends that note and
 * strikes it again. Pitches outside the model's range are left out and counted.
 *
 * <p>Thread contract: generation thread only; real-time safe (preallocated; at most
 * {@value #MAX_RELEASED} released notes are remembered, the oldest forgotten first).
 */
public final class PlayedRoll {
    static final int MAX_RELEASED = 1024;

    private final PitchRange range;
    private final Transport transport;
    private final int stepsPerQuarter;
    private final EventRing input;
    private final boolean[] down = new boolean[128];
    private final long[] onStep = new long[128];
    private final int[] releasedPitch = new int[MAX_RELEASED];
    private final long[] releasedOn = new long[MAX_RELEASED];
    private final long[] releasedEnd = new long[MAX_RELEASED];
    private int releasedHead;
    private int releasedCount;
    private int downCount;
    private long outOfRange;
    private long lastOnsetNanos = Long.MIN_VALUE;
    private long lastReleaseNanos = Long.MIN_VALUE;

    public PlayedRoll(PitchRange range, Transport transport, int stepsPerQuarter, EventRing input) {
        this.range = range;
        this.transport = transport;
        this.stepsPerQuarter = stepsPerQuarter;
        this.input = input;
    }

    /** Takes every note that arrived; returns how many note-ons were among them. */
    public int take() {
        int struck = 0;
        while (!input.isEmpty()) {
            long nanos = input.peekNanos();
            int message = input.peekMessage();
            input.drop();
            int status = MidiEvents.status(message);
            int pitch = MidiEvents.data1(message);
            int velocity = MidiEvents.data2(message);
            if (!range.contains(pitch)) {
                if (MidiEvents.isNoteOn(status, velocity)) {
                    outOfRange++;
                }
                continue;
            }
            long step = nearestStep(nanos);
            if (MidiEvents.isNoteOn(status, velocity)) {
                if (down[pitch]) {
                    release(pitch, step);
                }
                down[pitch] = true;
                onStep[pitch] = step;
                downCount++;
                struck++;
                lastOnsetNanos = nanos;
            } else if (MidiEvents.isNoteOff(status, velocity) && down[pitch]) {
                release(pitch, step);
                lastReleaseNanos = nanos;
            }
        }
        return struck;
    }

    private void release(int pitch, long step) {
        long end = Math.max(onStep[pitch] + 1, step);
        down[pitch] = false;
        downCount--;
        int slot = (releasedHead + releasedCount) % MAX_RELEASED;
        if (releasedCount == MAX_RELEASED) {
            releasedHead = (releasedHead + 1) % MAX_RELEASED; // forget the oldest
        } else {
            releasedCount++;
        }
        releasedPitch[slot] = pitch;
        releasedOn[slot] = onStep[pitch];
        releasedEnd[slot] = end;
    }

    /** The step whose start is nearest to {@code nanos}. */
    long nearestStep(long nanos) {
        long next = transport.firstStep(stepsPerQuarter, nanos);
        if (next <= 0) {
            return next;
        }
        long previous = next - 1;
        return nanos - transport.stepNanos(previous, stepsPerQuarter)
                < transport.stepNanos(next, stepsPerQuarter) - nanos ? previous : next;
    }

    /** When the frame of {@code step} is final: half the step has gone by. */
    public long finalAt(long step) {
        long start = transport.stepNanos(step, stepsPerQuarter);
        return start + (transport.stepNanos(step + 1, stepsPerQuarter) - start) / 2;
    }

    /**
     * Writes what was played at {@code step} into {@code out}: the notes held over it, struck
     * where they began. With {@code heldFromNow}, a key down now counts for {@code step} even if its
     * note began after it (what accompaniment clamps ahead of time).
     */
    public void fill(long step, Frame out, boolean heldFromNow) {
        out.clear();
        for (int n = 0; n < releasedCount; n++) {
            int slot = (releasedHead + n) % MAX_RELEASED;
            if (releasedOn[slot] <= step && step < releasedEnd[slot]) {
                mark(out, releasedPitch[slot], releasedOn[slot] == step);
            }
        }
        if (downCount > 0) {
            for (int pitch = range.low(); pitch <= range.high(); pitch++) {
                if (down[pitch] && (onStep[pitch] <= step || heldFromNow)) {
                    mark(out, pitch, onStep[pitch] == step);
                }
            }
        }
    }

    private void mark(Frame out, int pitch, boolean struck) {
        int i = range.index(pitch);
        if (struck || !out.sounding(i)) {
            out.set(i, struck ? Cell.STRUCK : Cell.HELD);
        }
    }

    /** Forgets released notes that ended at or before {@code step}. */
    public void forgetBefore(long step) {
        while (releasedCount > 0 && releasedEnd[releasedHead] <= step) {
            releasedHead = (releasedHead + 1) % MAX_RELEASED;
            releasedCount--;
        }
    }

    /** Keys down now. */
    public int downCount() {
        return downCount;
    }

    /** Note-ons left out because their pitch is outside the model's range. */
    public long outOfRange() {
        return outOfRange;
    }

    /** Arrival of the last note-on, or {@link Long#MIN_VALUE}. */
    public long lastOnsetNanos() {
        return lastOnsetNanos;
    }

    /** Arrival of the last note-off, or {@link Long#MIN_VALUE}. */
    public long lastReleaseNanos() {
        return lastReleaseNanos;
    }
}
