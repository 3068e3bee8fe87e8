package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.port.MidiOut;

/**
 * The emission side of a stream: sends each event of the ring when its time comes, on one
 * high-priority thread, and remembers what sounds so that a panic can end it.
 *
 * <p>Never late in a burst: a note-on whose time passed by more than {@code lateDropNanos} is
 * dropped and counted; note-offs are always sent. Events of an earlier epoch (before a transport
 * stop, jump or a panic) are dropped, and a new epoch begins with a panic.
 *
 * <p>A port that fails a send is lost: its notes are forgotten for it, nothing more is sent to it,
 * time goes on (the events are consumed on schedule and counted), and {@link #takeLostPort} hands it to
 * the control thread, which closes it and opens a new one with {@link #replacePort}. The new port
 * gets All Notes Off first, and sound resumes on the next beat.
 *
 * <p>With a keyboard attached ({@link #keyboard}), the emitter also takes what the player plays, as
 * it arrives: it forwards it when thru is on (unquantised: the played rhythm is kept), and it never
 * lets a generated note collide with a played one of the same pitch: a generated note-on for a
 * pitch the player holds is not sent, and a generated note the player strikes is ended first.
 *
 * <p>Thread contract: {@link #emit} and {@link #panic} on the emission thread only (or on a
 * control thread once the emission thread has ended); they allocate nothing, take no lock and do
 * no I/O of their own (see {@link MidiOut#send}). {@link #replacePort}, {@link #takeLostPort} and the
 * getters from any thread.
 */
public final class Emitter {
    private final EventRing ring;
    private final Generator generator;
    private final StreamStats stats;
    private final EventRecorder recorder;
    private final NanoClock clock;
    private final long lateDropNanos;
    private final boolean sendClock;
    private final int stepsPerBeat;
    private final NoteLedger ledger = new NoteLedger();
    private final int channel;
    /** Pitches the generator's events started on the stream's channel and did not end. */
    private final boolean[] generated = new boolean[128];
    /** How many of the player's notes hold each pitch (any channel). */
    private final int[] playerHolds = new int[128];
    private EventRing keyboard;
    private boolean thru;
    private NoteLog notes;
    /** The step of the event being sent, or -1; whose it is ({@link NoteLog#MODEL} or {@link NoteLog#PLAYER}). */
    private int sendingStep = -1;
    private int sendingWho = NoteLog.MODEL;

    private volatile MidiOut out;
    private volatile MidiOut pendingPort;
    private volatile MidiOut lostPort;
    private volatile boolean lost;
    private int seenEpoch;
    private boolean resumePending;
    private long resumeStep = Long.MIN_VALUE;
    private boolean clockStarted;

    public Emitter(EventRing ring, Generator generator, MidiOut out, StreamStats stats, EventRecorder recorder,
            NanoClock clock, StreamOptions options) {
        this.ring = ring;
        this.generator = generator;
        this.out = out;
        this.stats = stats;
        this.recorder = recorder;
        this.clock = clock;
        this.lateDropNanos = options.lateDropNanos();
        this.sendClock = options.sendClock();
        this.stepsPerBeat = generator.stepsPerQuarter();
        this.seenEpoch = generator.epoch();
        this.channel = options.channel();
    }

    /**
     * Takes the player's messages from {@code input} (filled by a keyboard input, in arrival order)
     * and forwards them when {@code thruOn}. Call before the emission thread starts.
     */
    public void keyboard(EventRing input, boolean thruOn) {
        this.keyboard = input;
        this.thru = thruOn;
    }

    /** Logs every note sent or played to {@code log} (the live view's). Call before the emission thread starts. */
    public void noteLog(NoteLog log) {
        this.notes = log;
    }

    /**
     * Sends every event due at {@code nowNanos}; returns the time of the next one, or
     * {@link Long#MAX_VALUE} when the ring is empty. Emission thread only; real-time safe.
     */
    public long emit(long nowNanos) {
        MidiOut replacement = pendingPort;
        if (replacement != null) {
            pendingPort = null;
            out = replacement;
            lost = false;
            panic(); // the new port starts silent; the old one's notes are ended
            resumePending = true;
        }
        int epoch = generator.epoch();
        if (epoch != seenEpoch) {
            seenEpoch = epoch;
            silenceModel();
        }
        if (keyboard != null) {
            takePlayed();
        }
        int epochTag = epoch & 0xFF;
        while (!ring.isEmpty()) {
            int message = ring.peekMessage();
            if (MidiEvents.epoch(message) != epochTag) {
                ring.drop(); // stale, whatever its time: it must not hold up the new epoch's events
                stats.staleDrops++;
                continue;
            }
            long eventNanos = ring.peekNanos();
            if (eventNanos > nowNanos) {
                return eventNanos;
            }
            int step = ring.peekStep();
            ring.drop();
            int status = MidiEvents.status(message);
            int data1 = MidiEvents.data1(message);
            int data2 = MidiEvents.data2(message);
            if (lost) {
                stats.unsentWhileLost++;
                continue;
            }
            if (resumePending) {
                resumePending = false;
                resumeStep = Math.floorDiv(step + stepsPerBeat - 1, stepsPerBeat) * (long) stepsPerBeat;
            }
            if (step < resumeStep && status < 0xF0) {
                stats.unsentWhileLost++;
                continue; // back on the beat, not mid-bar
            }
            boolean noteOn = MidiEvents.isNoteOn(status, data2);
            if (noteOn && nowNanos - eventNanos > lateDropNanos) {
                stats.lateDrops++;
                continue;
            }
            if (noteOn && playerHolds[data1] > 0) {
                stats.collisionsAvoided++; // the player holds this pitch: it is theirs
                continue;
            }
            if (MidiEvents.isNoteOff(status, data2)) { // the generator's notes are all on the stream's channel
                if (!generated[data1]) {
                    continue; // never started (the player held it), or already ended
                }
                generated[data1] = false;
            }
            sendingStep = step;
            send(status, data1, data2, eventNanos);
            sendingStep = -1;
            if (noteOn && !lost) {
                generated[data1] = true;
                stats.noteOnSent(step, clock.nanos());
            }
        }
        return Long.MAX_VALUE;
    }

    /** Whether the player sent something not taken yet (ends a spin early). Emission thread only. */
    public boolean playedWaiting() {
        EventRing in = keyboard;
        return in != null && !in.isEmpty();
    }

    /** Takes every message the player sent so far: keeps who holds what, forwards when thru. */
    private void takePlayed() {
        EventRing in = keyboard;
        while (!in.isEmpty()) {
            int message = in.peekMessage();
            in.drop();
            int status = MidiEvents.status(message);
            int data1 = MidiEvents.data1(message);
            int data2 = MidiEvents.data2(message);
            if (MidiEvents.isNoteOn(status, data2)) {
                playerHolds[data1]++;
                if (generated[data1] && !lost) {
                    generated[data1] = false; // the player struck a pitch the model sounds: end the model's
                    send(MidiEvents.NOTE_OFF | channel, data1, 0, Long.MIN_VALUE);
                    stats.collisionsAvoided++;
                }
            } else if (MidiEvents.isNoteOff(status, data2) && playerHolds[data1] > 0) {
                playerHolds[data1]--;
            }
            if (thru && !lost) {
                sendingWho = NoteLog.PLAYER;
                send(status, data1, data2, Long.MIN_VALUE);
                sendingWho = NoteLog.MODEL;
                stats.thruSent++;
            } else if (notes != null && (MidiEvents.isNoteOn(status, data2) || MidiEvents.isNoteOff(status, data2))) {
                notes.add(clock.nanos(), status, data1, data2, -1, NoteLog.PLAYER);
            }
        }
    }

    /**
     * Silences the model (a new epoch: a transport stop or jump, a panic, an interrupted answer):
     * a note-off for every note the generator started, then {@link #allNotesOffAndStop}. What the
     * player sounds through thru sounds on.
     */
    private void silenceModel() {
        for (int pitch = 0; pitch < 128 && !lost; pitch++) {
            if (generated[pitch]) {
                generated[pitch] = false;
                send(MidiEvents.NOTE_OFF | channel, pitch, 0, Long.MIN_VALUE);
            }
        }
        allNotesOffAndStop();
    }

    private void send(int status, int data1, int data2, long scheduledNanos) {
        if (!out.sendAt(status, data1, data2, scheduledNanos != Long.MIN_VALUE ? scheduledNanos : clock.nanos())) {
            markLost();
            return;
        }
        long sentNanos = clock.nanos();
        ledger.sent(status, data1, data2);
        if (status == MidiEvents.START) {
            clockStarted = true;
        }
        stats.eventsSent++;
        if (scheduledNanos != Long.MIN_VALUE) {
            stats.recordError(sentNanos - scheduledNanos);
        }
        if (recorder != null && status < 0xF0) { // clock and transport are the session's, not the music's
            recorder.record(sentNanos, status, data1, data2);
        }
        if (notes != null && (MidiEvents.isNoteOn(status, data2) || MidiEvents.isNoteOff(status, data2))) {
            notes.add(sentNanos, status, data1, data2, sendingStep, sendingWho);
        }
    }

    /**
     * Silences everything: a note-off for every sounding note, then All Notes Off on every channel
     * used, and Stop when sending clock. Emission thread only (or after it ended); real-time safe.
     */
    public void panic() {
        java.util.Arrays.fill(generated, false);
        for (int c = 0; c < 16 && !lost; c++) {
            for (int pitch = 0; pitch < 128 && !lost && ledger.used(c); pitch++) {
                if (ledger.sounding(c, pitch)) {
                    send(MidiEvents.NOTE_OFF | c, pitch, 0, Long.MIN_VALUE);
                }
            }
        }
        allNotesOffAndStop();
    }

    /**
     * All Notes Off on every channel used where no note sounds any more (so a played note that
     * thru forwards is never cut), then Stop when sending clock.
     */
    private void allNotesOffAndStop() {
        for (int c = 0; c < 16 && !lost; c++) {
            if (ledger.used(c) && !ledger.soundingOn(c)) {
                send(MidiEvents.CONTROL_CHANGE | c, MidiEvents.ALL_NOTES_OFF, 0, Long.MIN_VALUE);
            }
        }
        if (sendClock && clockStarted && !lost) {
            send(MidiEvents.STOP, 0, 0, Long.MIN_VALUE);
            clockStarted = false;
        }
    }

    /** Hands a newly opened port to the emission thread; it takes over at the next {@link #emit}. */
    public void replacePort(MidiOut port) {
        pendingPort = port;
    }

    /** The port that failed and has not been handed over yet, or null; taking it clears it. */
    public MidiOut takeLostPort() {
        MidiOut port = lostPort;
        if (port != null) {
            lostPort = null;
        }
        return port;
    }

    /** Whether the port failed and no replacement has taken over yet. */
    public boolean portLost() {
        return lost;
    }

    /** Notes sounding on the current port, as far as the emitter knows. */
    public int soundingCount() {
        return ledger.count();
    }

    /** The port events go to now. */
    public MidiOut port() {
        return out;
    }

    /** Marks the current port lost from outside (a control thread saw the device vanish). */
    public void markLost() {
        if (!lost) {
            lost = true;
            stats.portLosses++;
            lostPort = out;
        }
    }
}
