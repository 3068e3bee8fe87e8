package dev.cadenza.bridge.stream;

import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import java.util.SplittableRandom;

/**
 * Turns piano-roll steps into note events: a struck cell is a note-on (ending the previous note of
 * that pitch first), a held cell continues, a silent cell ends the note. A held cell whose pitch
 * is not sounding (after a mute, a skipped step or at the very start) is struck. Keeps which
 * pitches it has started, so that a stop can end them.
 *
 * <p>Prepare in the constructor; {@link #write}, {@link #silence} and {@link #forget} are
 * real-time safe. Generation thread only.
 */
public final class FrameToMidi {
    private final PitchRange range;
    private final int channel;
    private final Velocity velocity;
    private final boolean[] sounding;
    private final SplittableRandom random;
    private int soundingCount;

    public FrameToMidi(PitchRange range, int channel, Velocity velocity, long seed) {
        this.range = range;
        this.channel = channel;
        this.velocity = velocity;
        this.sounding = new boolean[range.size()];
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    /** The most events one step can produce: an off and an on per pitch. */
    public int maxEventsPerStep() {
        return 2 * range.size();
    }

    /**
     * Writes the events of {@code frame} at {@code nanos} into {@code ring}: every note-off first,
     * then the note-ons. Returns the number of events that did not fit (0 when the ring had room;
     * the caller checks {@link EventRing#free()} against {@link #maxEventsPerStep()} first).
     */
    public int write(Frame frame, long nanos, int step, int epoch, EventRing ring) {
        int lost = 0;
        int off = MidiEvents.NOTE_OFF | channel;
        int on = MidiEvents.NOTE_ON | channel;
        for (int i = 0; i < sounding.length; i++) {
            if (sounding[i] && (frame.struck(i) || !frame.sounding(i))) {
                sounding[i] = false;
                soundingCount--;
                if (!ring.offer(nanos, MidiEvents.pack(off, range.pitch(i), 0, epoch), step)) {
                    lost++;
                }
            }
        }
        for (int i = 0; i < sounding.length; i++) {
            if (frame.sounding(i) && !sounding[i]) {
                sounding[i] = true;
                soundingCount++;
                if (!ring.offer(nanos, MidiEvents.pack(on, range.pitch(i), velocityOf(frame, i), epoch), step)) {
                    lost++;
                }
            }
        }
        return lost;
    }

    /** Writes a note-off for every pitch this converter started and has not ended. */
    public int silence(long nanos, int step, int epoch, EventRing ring) {
        int lost = 0;
        int off = MidiEvents.NOTE_OFF | channel;
        for (int i = 0; i < sounding.length; i++) {
            if (sounding[i]) {
                sounding[i] = false;
                if (!ring.offer(nanos, MidiEvents.pack(off, range.pitch(i), 0, epoch), step)) {
                    lost++;
                }
            }
        }
        soundingCount = 0;
        return lost;
    }

    /** Forgets what sounds, after the emitter silenced everything itself (a panic, a new epoch). */
    public void forget() {
        java.util.Arrays.fill(sounding, false);
        soundingCount = 0;
    }

    public int soundingCount() {
        return soundingCount;
    }

    private int velocityOf(Frame frame, int i) {
        if (velocity.fromModel()) {
            int v = frame.velocity(i);
            if (v > 0) {
                return v;
            }
        }
        return velocity.low() == velocity.high()
                ? velocity.low()
                : velocity.low() + random.nextInt(velocity.high() - velocity.low() + 1);
    }
}
