package dev.cadenza.bridge.keyboard;

import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.stream.Part;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;

/**
 * The keyboard modes, as the stream's {@link Part}: what the model does, step by step, while a
 * musician plays.
 *
 * <ul>
 *   <li><b>continue</b> and <b>call-response</b>: while the player plays (the call), each step's
 *       frame, once final ({@link PlayedRoll}), goes through the model's {@code observe}, rests
 *       inside the call too (at most a bar of them in a row), so the model's state follows what
 *       was played. The call ends when no key was down for the set number of beats, or at once on
 *       an end-call control; the answer then starts on the first step that can still be computed
 *       in time, so it follows the call within a step. Continue answers for a set number of bars;
 *       call-response for as long as the call (or a set length). Then it listens again. A note
 *       played during an answer cuts it short: that note begins the next call. A loop control
 *       repeats the last answer (from memory, not the model) until pressed again or the player
 *       plays; a re-roll control answers the last call afresh (the model is reset with a new seed
 *       and observes the call again).
 *   <li><b>accompany</b>: while the player plays (until the set number of silent beats), every step
 *       is sampled with the keys held clamped, so the model fills the other voices around them;
 *       the clamped notes themselves are not played (the player plays them; thru forwards them).
 *       A key struck after its step was computed is kept from colliding by the emitter.
 * </ul>
 *
 * <p>Thread contract: generation thread only; real-time safe after construction (the call and the
 * last answer are kept in preallocated frames, {@value #MAX_STEPS} steps each).
 */
public final class KeyboardPart implements Part {
    /** Steps of a call (for re-roll) and of an answer (for looping) that are kept. */
    public static final int MAX_STEPS = 1024;
    private static final long NONE = Long.MIN_VALUE;

    private final StepModel model;
    private final KeyboardOptions options;
    private final PlayedRoll roll;
    private final Transport transport;
    private final LiveControls live;
    private final StreamStats stats;
    private final int stepsPerQuarter;
    private final long seed;
    private final int maxRests;
    private final Frame played;
    private final Frame silent;
    private final Frame[] call = new Frame[MAX_STEPS];
    private final Frame[] answer = new Frame[MAX_STEPS];

    // listening
    private long observedThrough = Long.MIN_VALUE;
    /** The call's first sounding step, or {@link #NONE} before it (a key down counts as a call too). */
    private long callFirstStep = NONE;
    private long callLastStep;
    private int callStored;
    private int pendingRests;
    // answering
    private boolean answering;
    private boolean replaying;
    private long answerStart;
    private long answerLength;
    private int answerStored;
    private long decidedNanos;
    private long lastNoteNanos;
    private boolean interrupt;
    // controls seen
    private int seenEndCalls;
    private int seenRerolls;
    private long rerolls;
    // accompany
    private boolean accompanying;
    private long accompanyUntil = Long.MIN_VALUE;

    /** The part a stream makes for the keyboard mode of {@code options}, played on {@code input}. */
    public static Part.Factory factory(KeyboardOptions options, KeyboardInput input) {
        return (model, transport, live, stats, seed) -> new KeyboardPart(model, options, input, transport, live,
                stats, seed);
    }

    /**
     * @param model the stream's model (the part drives it)
     * @param input the notes played ({@link KeyboardInput#notes()})
     * @param seed the stream's seed (re-rolls use the next ones)
     */
    public KeyboardPart(StepModel model, KeyboardOptions options, KeyboardInput input, Transport transport,
            LiveControls live, StreamStats stats, long seed) {
        this.model = model;
        this.options = options;
        this.transport = transport;
        this.live = live;
        this.stats = stats;
        this.seed = seed;
        this.stepsPerQuarter = model.stepsPerQuarter();
        this.maxRests = 4 * stepsPerQuarter;
        this.roll = new PlayedRoll(model.range(), transport, stepsPerQuarter, input.notes());
        this.played = new Frame(model.range());
        this.silent = new Frame(model.range());
        for (int i = 0; i < MAX_STEPS; i++) {
            call[i] = new Frame(model.range());
            answer[i] = new Frame(model.range());
        }
        this.seenEndCalls = live.endCalls();
        this.seenRerolls = live.rerolls();
    }

    @Override
    public long prepare(long nowNanos, long nextStep) {
        int struck = roll.take();
        stats.playedOutOfRange(roll.outOfRange());
        long silence = silenceNanos();
        if (options.mode() == PlayMode.ACCOMPANY) {
            long lastRelease = roll.lastReleaseNanos();
            accompanyUntil = roll.downCount() > 0 ? Long.MAX_VALUE
                    : lastRelease == Long.MIN_VALUE ? Long.MIN_VALUE : lastRelease + silence;
            accompanying = accompanyUntil > nowNanos;
            return accompanying && roll.downCount() == 0 ? lastRelease + silence : Long.MAX_VALUE;
        }
        int endCalls = live.endCalls();
        boolean endAsked = endCalls != seenEndCalls;
        seenEndCalls = endCalls;
        int rerollsAsked = live.rerolls();
        if (rerollsAsked != seenRerolls) {
            seenRerolls = rerollsAsked;
            if (callStored > 0 && !inCall()) {
                reroll(nowNanos);
                return Long.MAX_VALUE;
            }
        }
        if (answering) {
            if (struck == 0) {
                return Long.MAX_VALUE; // the generator plays the answer; a note played wakes us
            }
            answering = false; // the player came in: this note begins the next call
            replaying = false;
            interrupt = true;
            observedThrough = roll.nearestStep(roll.lastOnsetNanos()) - 1;
        }
        if (observedThrough == Long.MIN_VALUE) {
            observedThrough = nextStep - 1;
        }
        observeFinal(nowNanos);
        if (inCall()) {
            // the call is over once the silence lasts until the first step that can still be played:
            // so the answer starts on the first step at or after the silence's end
            long silenceEnd = silenceEnd(silence);
            boolean silent = roll.downCount() == 0 && transport.stepNanos(nextStep, stepsPerQuarter) >= silenceEnd;
            if (endAsked || silent) {
                endCall(endAsked ? nowNanos : silenceEnd);
                return Long.MAX_VALUE;
            }
        }
        long next = roll.finalAt(observedThrough + 1);
        if (inCall() && roll.downCount() == 0) {
            next = Math.min(next, silenceEnd(silence));
        }
        return next;
    }

    /** Whether the player is in a call: a key is down, or a played step was observed since the last answer. */
    private boolean inCall() {
        return callFirstStep != NONE || roll.downCount() > 0;
    }

    /**
     * When the silence after the last release ends, counted on the grid like the notes: from the
     * step start nearest to the release (a release a little late still ends on its beat).
     */
    private long silenceEnd(long silence) {
        return transport.stepNanos(roll.nearestStep(roll.lastReleaseNanos()), stepsPerQuarter) + silence;
    }

    /** Observes every frame that is final at {@code nowNanos}. */
    private void observeFinal(long nowNanos) {
        while (nowNanos >= roll.finalAt(observedThrough + 1)) {
            observeStep(observedThrough + 1);
        }
    }

    private void observeStep(long step) {
        roll.fill(step, played, false);
        observedThrough = step;
        roll.forgetBefore(step);
        if (played.countSounding() == 0) {
            if (callFirstStep != NONE) {
                pendingRests++;
            }
            return;
        }
        if (callFirstStep == NONE) {
            callFirstStep = step;
            callStored = 0;
        }
        int rests = Math.min(pendingRests, maxRests);
        pendingRests = 0;
        silent.clear();
        for (int r = 0; r < rests; r++) {
            observe(silent);
        }
        observe(played);
        callLastStep = step;
    }

    private void observe(Frame frame) {
        model.observe(frame);
        if (callStored < MAX_STEPS) {
            call[callStored++].copyFrom(frame);
        }
    }

    /** The call was over at {@code endNanos}: take what is still sounding, then answer from the next step played. */
    private void endCall(long endNanos) {
        long current = transport.firstStep(stepsPerQuarter, endNanos) - 1;
        while (observedThrough < current) {
            observeStep(observedThrough + 1); // keys still down count up to now
        }
        pendingRests = 0; // the silence that ended the call is not part of it
        long callSteps;
        if (callFirstStep == NONE) {
            callStored = 0; // ended before its first step was heard: a beat's answer, nothing to re-roll
            callSteps = stepsPerQuarter;
        } else {
            callSteps = callLastStep - callFirstStep + 1;
        }
        callFirstStep = NONE;
        answerLength = options.answerBars() > 0 ? (long) options.answerBars() * 4 * stepsPerQuarter
                : Math.min(MAX_STEPS, callSteps);
        lastNoteNanos = roll.downCount() > 0 ? endNanos : roll.lastReleaseNanos();
        startAnswer(endNanos);
    }

    private void startAnswer(long nowNanos) {
        answering = true;
        replaying = false;
        answerStart = Long.MIN_VALUE; // the first step played
        answerStored = 0;
        decidedNanos = nowNanos;
    }

    /** Answers the last call afresh: a new seed, the call observed again. */
    private void reroll(long nowNanos) {
        model.reset(seed + 1_000_003L * ++rerolls);
        for (int i = 0; i < callStored; i++) {
            model.observe(call[i]);
        }
        interrupt = answering; // an answer under way is dropped
        lastNoteNanos = nowNanos;
        startAnswer(nowNanos);
    }

    @Override
    public boolean play(long step, Controls controls, Frame out) {
        if (options.mode() == PlayMode.ACCOMPANY) {
            return accompany(step, controls, out);
        }
        if (!answering) {
            return false;
        }
        if (answerStart == Long.MIN_VALUE) {
            answerStart = step;
            stats.answerScheduled(step, decidedNanos, lastNoteNanos);
        }
        long index = step - answerStart;
        if (index >= answerLength) {
            if (live.looping() && answerStored > 0) {
                replaying = true;
                answerStart = step;
                answerLength = answerStored;
                index = 0;
            } else {
                answering = false;
                replaying = false;
                observedThrough = step - 1; // listen from here
                return false;
            }
        }
        if (replaying) {
            out.copyFrom(answer[(int) index]);
            return true;
        }
        model.sample(controls, out);
        if (index < MAX_STEPS) {
            answer[(int) index].copyFrom(out);
            answerStored = (int) index + 1;
        }
        return true;
    }

    private boolean accompany(long step, Controls controls, Frame out) {
        if (!accompanying || transport.stepNanos(step, stepsPerQuarter) >= accompanyUntil) {
            return false; // the player stopped: so does the accompaniment
        }
        roll.fill(step, played, true);
        roll.forgetBefore(step - 1);
        controls.clearClamped();
        for (int i = 0; i < played.size(); i++) {
            if (played.sounding(i)) {
                controls.clamp(model.range().pitch(i), true);
            }
        }
        model.sample(controls, out);
        for (int i = 0; i < played.size(); i++) {
            if (played.sounding(i)) {
                out.set(i, Cell.SILENT); // the player's note: not echoed (thru forwards it)
            }
        }
        controls.clearClamped();
        return true;
    }

    @Override
    public boolean takeInterrupt() {
        boolean value = interrupt;
        interrupt = false;
        return value;
    }

    private long silenceNanos() {
        long at = Math.max(0, observedThrough);
        long beat = transport.stepNanos(at + stepsPerQuarter, stepsPerQuarter) - transport.stepNanos(at, stepsPerQuarter);
        return (long) (options.silenceBeats() * beat);
    }
}
