package dev.cadenza.engine.biaxial;

import dev.cadenza.engine.kernel.Gemm;
import dev.cadenza.engine.kernel.Activations;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.SplitMix;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PitchRange;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The biaxial LSTM's step-by-step sampler, in plain Java.
 *
 * <p>Each step first advances the time axis once: every layer is one product of the notes' states
 * (the batch, one row per note) with the layer's packed weights ({@link Gemm}). The first layer's
 * input product is not computed as such: the features ({@link BiaxialFeatures}) are mostly zeros and
 * ones, so the rows of weights they select are added instead: per note a constant row (position,
 * pitch class, constant and bias, summed at construction), per step one row per pitch-class
 * rotation of the context (12 rows, beat included), and per sounding note of the previous step the
 * vicinity rows of the 25 notes around it. Then the note axis runs from the lowest note to the
 * highest; the part of its first layer's input that comes from the time axis is one product for
 * all notes before the loop, and the loop itself is two small matrix-vector products per note.
 *
 * <p>Controls: the play log-odds are divided by the temperature, then the density bias is added; a
 * pitch that is not allowed is silent; a clamped pitch sounds, and the notes above it are
 * conditioned on it like on any sampled note. A sounding note is struck if it was silent the step
 * before; otherwise it is struck with the model's articulate probability (when the model was
 * trained with articulation; otherwise held). Observed frames are read the same way
 * ({@link BiaxialFeatures#normalised}): a note sounding after silence is struck, and without
 * articulation a note is struck exactly when it was silent the step before.
 *
 * <p>Everything is allocated in the constructor; {@link #reset}, {@link #observe} and
 * {@link #sample} allocate nothing and are real-time safe. One thread at a time.
 */
public final class BiaxialModel implements StepModel, AutoCloseable {
    private final BiaxialConfig config;
    private final BiaxialWeights weights;
    private final PitchRange range;
    private final int notes;
    private final int[] pitchClass;

    // time axis
    private final int timeLayers;
    private final int[] timeSize;
    private final float[][][] timeW;
    private final float[][] noteConst;
    private final float[] beatRow;
    private final float[][] context;
    private final int[] counts = new int[12];
    private final float[][][] timeZ;
    private final float[][][] timeH;
    private final float[][][] timeC;

    // note axis
    private final int noteLayers;
    private final int[] noteSize;
    private final int[] noteIn;
    private final float[][][] noteW;
    private final float[][] noteB;
    private final float[][] notePre;
    private final float[][] noteZ;
    private final float[][] noteH;
    private final float[][] noteC;
    /** The note states as one-row matrices, for {@link Gemm}. */
    private final float[][][] noteHRow;
    private final float[][][] noteZRow;
    private final float[] outPlay;
    private final float[] outArticulate;

    private final byte[] previous;
    private final Helper helper;
    private int step;
    /** The draws: seeded as {@code new SplittableRandom(seed)}, so seeds next to each other give unrelated music. */
    private final SplitMix random = new SplitMix(0);

    /** A model that computes on the calling thread only. */
    public BiaxialModel(BiaxialWeights weights) {
        this(weights, 1);
    }

    /**
     * A model that computes on {@code threads} threads (1 or 2): with 2, a helper thread, started
     * here and parked between steps, shares the notes' rows of each time-axis product with the
     * calling thread, chunk by chunk, whichever thread is free taking the next ({@link Helper}). The
     * hand-over is volatile counters, an atomic claim and {@link LockSupport#unpark}: no lock, no
     * allocation. {@link #close} stops the helper.
     */
    public BiaxialModel(BiaxialWeights weights, int threads) {
        if (threads < 1 || threads > 2) {
            throw new IllegalArgumentException("invalid thread count: " + threads + " (expected 1 or 2)");
        }
        this.weights = weights;
        this.config = weights.config;
        this.range = config.range();
        this.notes = range.size();
        pitchClass = new int[notes];
        for (int n = 0; n < notes; n++) {
            pitchClass[n] = range.pitch(n) % 12;
        }

        timeLayers = config.timeLayers();
        timeSize = new int[timeLayers];
        timeW = new float[timeLayers][][];
        timeZ = new float[timeLayers][][];
        timeH = new float[timeLayers][][];
        timeC = new float[timeLayers][][];
        for (int l = 0; l < timeLayers; l++) {
            int h = config.timeSize(l);
            timeSize[l] = h;
            timeW[l] = Gemm.rows(weights.timeW[l], config.timeInput(l) + h, 4 * h);
            timeZ[l] = new float[notes][4 * h];
            timeH[l] = new float[notes][h];
            timeC[l] = new float[notes][h];
        }
        int g0 = 4 * timeSize[0];
        noteConst = new float[notes][g0];
        buildConstantRows(0f);
        beatRow = new float[g0];
        context = new float[12][g0];

        noteLayers = config.noteLayers();
        noteSize = new int[noteLayers];
        noteIn = new int[noteLayers];
        noteW = new float[noteLayers][][];
        noteB = new float[noteLayers][];
        noteZ = new float[noteLayers][];
        noteH = new float[noteLayers][];
        noteC = new float[noteLayers][];
        for (int l = 0; l < noteLayers; l++) {
            int h = config.noteSize(l);
            noteSize[l] = h;
            noteIn[l] = config.noteInput(l);
            noteW[l] = Gemm.rows(weights.noteW[l], noteIn[l] + h, 4 * h);
            noteB[l] = weights.noteB[l].clone();
            noteZ[l] = new float[4 * h];
            noteH[l] = new float[h];
            noteC[l] = new float[h];
        }
        noteHRow = new float[noteLayers][][];
        noteZRow = new float[noteLayers][][];
        for (int l = 0; l < noteLayers; l++) {
            noteHRow[l] = new float[][] {noteH[l]};
            noteZRow[l] = new float[][] {noteZ[l]};
        }
        notePre = new float[notes][4 * noteSize[0]];
        int top = config.noteTop();
        outPlay = new float[top];
        outArticulate = new float[top];
        for (int k = 0; k < top; k++) {
            outPlay[k] = weights.outW[2 * k];
            outArticulate[k] = weights.outW[2 * k + 1];
        }
        previous = new byte[notes];
        helper = threads == 2 && notes > 12 ? new Helper() : null;
        reset(0);
    }

    /** Stops the helper thread, if any. Control thread only; the model must not be used afterwards. */
    @Override
    public void close() {
        if (helper != null) {
            helper.stop();
        }
    }

    /** Threads computing a step: 1 or 2. */
    public int threads() {
        return helper == null ? 1 : 2;
    }

    /**
     * The helper thread and the rows two threads share. A task's rows come in chunks of
     * {@link #CHUNK}; the calling thread and the helper each claim the next chunk not yet taken
     * until none is left, and the caller then waits only for a chunk the helper is computing. A
     * helper that the machine does not run in time (a busy core) costs the caller nothing but the
     * rows it computes itself: two threads are never much slower than one.
     */
    private final class Helper implements Runnable {
        static final int NOTE_PRE = -2;
        private static final int SPINS = 20_000;
        /** Rows a claim takes: a multiple of both kernels' row blocks (6 plain, 4 vector). */
        private static final int CHUNK = 12;
        private final Thread thread;
        private final int chunks;
        /**
         * The current task in one word, so that a claim always sees a task whole: its generation
         * (bits 32 to 63), what it computes plus 2 (bits 16 to 31) and its next unclaimed chunk
         * (bits 0 to 15).
         */
        private final AtomicLong claims = new AtomicLong();
        /** Chunks of the current task computed so far. */
        private final AtomicInteger done = new AtomicInteger();
        private volatile Thread owner;
        private volatile long requested;
        private volatile boolean stopping;
        private volatile int generation;

        Helper() {
            chunks = (notes + CHUNK - 1) / CHUNK;
            thread = new Thread(this, "cadenza-biaxial-helper");
            thread.setDaemon(true);
            thread.start();
        }

        /** Computes task {@code what} (a time-axis layer, or {@link #NOTE_PRE}) for every note, with the helper's help. */
        void share(int what) {
            owner = Thread.currentThread();
            int gen = generation + 1;
            done.set(0);
            claims.set((long) gen << 32 | (long) (what + 2) << 16);
            generation = gen;
            requested = requested + 1;
            LockSupport.unpark(thread);
            work(gen);
            int spins = 0;
            while (done.get() != chunks) {
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        /** Claims and computes chunks of generation {@code gen} until none is left. */
        private void work(int gen) {
            while (true) {
                long v = claims.get();
                int c = (int) (v & 0xFFFF);
                if ((int) (v >>> 32) != gen || c >= chunks) {
                    return;
                }
                if (!claims.compareAndSet(v, v + 1)) {
                    continue;
                }
                int what = (int) (v >>> 16 & 0xFFFF) - 2;
                int from = c * CHUNK;
                int to = Math.min(notes, from + CHUNK);
                if (what == NOTE_PRE) {
                    notePreRows(from, to);
                } else {
                    layerRows(what, from, to);
                }
                if (done.incrementAndGet() == chunks) {
                    LockSupport.unpark(owner);
                }
            }
        }

        void stop() {
            stopping = true;
            requested = requested + 1;
            LockSupport.unpark(thread);
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                int spins = 0;
                while (requested == seen) {
                    if (spins < SPINS) {
                        spins++;
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = requested;
                if (stopping) {
                    return;
                }
                work(generation);
            }
        }
    }

    public BiaxialConfig config() {
        return config;
    }

    public BiaxialWeights weights() {
        return weights;
    }

    @Override
    public PitchRange range() {
        return range;
    }

    @Override
    public int stepsPerQuarter() {
        return config.stepsPerQuarter();
    }

    /**
     * The first layer's sum over the features that stay the same at every step (position, pitch
     * class, constant, the key input {@code key} where the model has one) and its bias, per note.
     */
    private void buildConstantRows(float key) {
        int g0 = 4 * timeSize[0];
        float[][] w0 = timeW[0];
        for (int n = 0; n < notes; n++) {
            float[] row = noteConst[n];
            System.arraycopy(weights.timeB[0], 0, row, 0, g0);
            Gemm.axpy(BiaxialFeatures.position(range.pitch(n)), w0[BiaxialFeatures.POSITION], row, 0, g0);
            Gemm.axpy(1f, w0[BiaxialFeatures.PITCH_CLASS + pitchClass[n]], row, 0, g0);
            Gemm.axpy(1f, w0[BiaxialFeatures.CONSTANT], row, 0, g0);
            if (config.keyInput()) {
                Gemm.axpy(key, w0[BiaxialFeatures.KEY], row, 0, g0);
            }
        }
    }

    /** With a key input, the model hears the shift its notes are moved by; kept across resets. */
    @Override
    public void movedFromC(int whiteKeyShift) {
        if (config.keyInput()) {
            buildConstantRows(Models.keyInput(whiteKeyShift));
        }
    }

    /** Steps advanced since the last {@link #reset}. */
    public int step() {
        return step;
    }

    /** Real-time safe. */
    @Override
    public void reset(long seed) {
        for (int l = 0; l < timeLayers; l++) {
            for (int n = 0; n < notes; n++) {
                java.util.Arrays.fill(timeH[l][n], 0f);
                java.util.Arrays.fill(timeC[l][n], 0f);
            }
        }
        java.util.Arrays.fill(previous, Cell.SILENT_CODE);
        step = 0;
        random.seed(seed);
    }

    /**
     * Resets as {@link #reset(long)}, then starts inside a piece: the next step is step {@code step}
     * of it (its beat features count from there) and the frame heard before it is {@code before},
     * its cells read as given (struck or held), as a training segment starts. Real-time safe.
     */
    public void reset(long seed, Frame before, int step) {
        checkFrame(before);
        if (step < 0) {
            throw new IllegalArgumentException("invalid step: " + step + " (expected 0 or more)");
        }
        reset(seed);
        for (int n = 0; n < notes; n++) {
            previous[n] = before.cell(n);
        }
        this.step = step;
    }

    /** Real-time safe. */
    @Override
    public void observe(Frame played) {
        checkFrame(played);
        advanceTimeAxis();
        remember(played);
    }

    /**
     * Advances with a frame that was played, like {@link #observe(Frame)}, and writes the model's
     * probabilities for it: for each note, p(play) and p(articulate | play) given the past and the
     * notes of {@code played} below it (teacher forcing along both axes), without controls. Either
     * array may be null. Real-time safe. Evaluation reaches it through {@link BiaxialConditionals}.
     */
    void observe(Frame played, float[] playProbability, float[] articulateProbability) {
        observe(played, playProbability, articulateProbability, null, null, 0);
    }

    /**
     * As {@link #observe(Frame, float[], float[])}, and also runs the note axis {@code samples}
     * times from this step's time-axis state, drawing every note from the model (the notes below
     * drawn, not given). Each note's marginal probability of sounding given the past alone,
     * p(play | past), is estimated into {@code marginalPlay} as the mean over the runs of
     * p(play | past, drawn notes below) (a Rao-Blackwellised estimate; the lowest note's is exact).
     * For run s, {@code drawn[2s]} receives how many of its drawn notes sound in {@code played} and
     * {@code drawn[2s + 1]} how many notes it drew: a sample of the model's prediction of the
     * frame. Either array may be null; {@code drawn} holds at least {@code 2 * samples} entries.
     * The draws use the model's random source ({@link #reset}). Real-time safe.
     */
    void observe(Frame played, float[] playProbability, float[] articulateProbability, float[] marginalPlay,
            int[] drawn, int samples) {
        checkFrame(played);
        advanceTimeAxis();
        computeNoteInputs();
        if (marginalPlay != null) {
            java.util.Arrays.fill(marginalPlay, 0f);
        }
        if (marginalPlay != null || drawn != null) {
            for (int s = 0; s < samples; s++) {
                resetNoteAxis();
                float lowerPlay = 0f;
                float lowerArticulate = 0f;
                int hits = 0;
                int count = 0;
                for (int n = 0; n < notes; n++) {
                    noteStep(n, lowerPlay, lowerArticulate);
                    double p = sigmoid(playLogit());
                    if (marginalPlay != null) {
                        marginalPlay[n] += (float) (p / samples);
                    }
                    boolean play = random.nextDouble() < p;
                    boolean articulate = play && (!Cell.sounding(previous[n])
                            || config.articulation() && random.nextDouble() < sigmoid(articulateLogit()));
                    if (play) {
                        count++;
                        hits += Cell.sounding(played.cell(n)) ? 1 : 0;
                    }
                    lowerPlay = play ? 1f : 0f;
                    lowerArticulate = articulate ? 1f : 0f;
                }
                if (drawn != null) {
                    drawn[2 * s] = hits;
                    drawn[2 * s + 1] = count;
                }
            }
        }
        resetNoteAxis();
        float lowerPlay = 0f;
        float lowerArticulate = 0f;
        for (int n = 0; n < notes; n++) {
            noteStep(n, lowerPlay, lowerArticulate);
            if (playProbability != null) {
                playProbability[n] = Activations.sigmoid(playLogit());
            }
            if (articulateProbability != null) {
                articulateProbability[n] = Activations.sigmoid(articulateLogit());
            }
            byte cell = normalised(played.cell(n), n);
            lowerPlay = Cell.sounding(cell) ? 1f : 0f;
            lowerArticulate = cell == Cell.STRUCK_CODE ? 1f : 0f;
        }
        remember(played);
    }

    /** Real-time safe. */
    @Override
    public void sample(Controls controls, Frame out) {
        checkFrame(out);
        advanceTimeAxis();
        prepareNoteAxis();
        double inverseTemperature = 1.0 / controls.temperature();
        double bias = controls.densityBias();
        float lowerPlay = 0f;
        float lowerArticulate = 0f;
        for (int n = 0; n < notes; n++) {
            noteStep(n, lowerPlay, lowerArticulate);
            boolean play;
            if (controls.clamped(n)) {
                play = true;
            } else if (!controls.allowed(n)) {
                play = false;
            } else {
                play = random.nextDouble() < sigmoid(playLogit() * inverseTemperature + bias);
            }
            boolean articulate = false;
            if (play) {
                if (!Cell.sounding(previous[n])) {
                    articulate = true;
                } else if (config.articulation()) {
                    articulate = random.nextDouble() < sigmoid(articulateLogit() * inverseTemperature);
                }
            }
            out.setCode(n, play ? (articulate ? Cell.STRUCK_CODE : Cell.HELD_CODE) : Cell.SILENT_CODE);
            out.setVelocity(n, 0);
            lowerPlay = play ? 1f : 0f;
            lowerArticulate = articulate ? 1f : 0f;
        }
        remember(out);
    }

    private void checkFrame(Frame frame) {
        if (!frame.range().equals(range)) {
            throw new IllegalArgumentException("frame range " + frame.range() + " differs from the model's " + range);
        }
    }

    /**
     * The cell as the model sees it: a note sounding after a silent step is struck; without
     * articulation, a note sounding after a sounding step is held.
     */
    private byte normalised(byte cell, int n) {
        return BiaxialFeatures.normalised(cell, previous[n], config.articulation());
    }

    private void remember(Frame frame) {
        for (int n = 0; n < notes; n++) {
            previous[n] = normalised(frame.cell(n), n);
        }
        step++;
    }

    /** One step of every time-axis layer, from {@link #previous} and {@link #step}. */
    private void advanceTimeAxis() {
        int h0 = timeSize[0];
        int g0 = 4 * h0;
        float[][] w0 = timeW[0];
        float[][] z0 = timeZ[0];

        java.util.Arrays.fill(counts, 0);
        for (int m = 0; m < notes; m++) {
            if (Cell.sounding(previous[m])) {
                counts[pitchClass[m]]++;
            }
        }
        java.util.Arrays.fill(beatRow, 0f);
        for (int k = 0; k < BiaxialFeatures.BEAT_BITS; k++) {
            if (BiaxialFeatures.beat(step, k) != 0f) {
                Gemm.axpy(1f, w0[BiaxialFeatures.BEAT + k], beatRow, 0, g0);
            }
        }
        for (int pc = 0; pc < 12; pc++) {
            float[] row = context[pc];
            System.arraycopy(beatRow, 0, row, 0, g0);
            for (int k = 0; k < 12; k++) {
                int count = counts[(pc + k) % 12];
                if (count != 0) {
                    Gemm.axpy(count, w0[BiaxialFeatures.CONTEXT + k], row, 0, g0);
                }
            }
        }
        for (int n = 0; n < notes; n++) {
            float[] z = z0[n];
            float[] a = noteConst[n];
            float[] b = context[pitchClass[n]];
            for (int j = 0; j < g0; j++) {
                z[j] = a[j] + b[j];
            }
        }
        int r = BiaxialFeatures.RADIUS;
        for (int m = 0; m < notes; m++) {
            byte cell = previous[m];
            if (!Cell.sounding(cell)) {
                continue;
            }
            boolean struck = cell == Cell.STRUCK_CODE;
            for (int d = -r; d <= r; d++) {
                int n = m - d;
                if (n >= 0 && n < notes) {
                    int row = BiaxialFeatures.vicinity(d);
                    Gemm.axpy(1f, w0[row], z0[n], 0, g0);
                    if (struck) {
                        Gemm.axpy(1f, w0[row + 1], z0[n], 0, g0);
                    }
                }
            }
        }
        for (int l = 0; l < timeLayers; l++) {
            if (helper != null) {
                helper.share(l);
            } else {
                layerRows(l, 0, notes);
            }
        }
    }

    /**
     * Time-axis layer {@code layer} for notes {@code from <= n < to}: the product with the
     * recurrent weights (and, above the first layer, with the layer below), then the cell update.
     * The first layer's other inputs are already in its {@code z}. Rows are independent, so two
     * threads can share a layer.
     */
    private void layerRows(int layer, int from, int to) {
        int h = timeSize[layer];
        int g = 4 * h;
        float[][] z = timeZ[layer];
        if (layer == 0) {
            Gemm.mulAdd(timeH[0], from, to, 0, h, timeW[0], config.features(), z, 0, g);
        } else {
            int below = timeSize[layer - 1];
            float[] bias = weights.timeB[layer];
            for (int n = from; n < to; n++) {
                System.arraycopy(bias, 0, z[n], 0, g);
            }
            Gemm.mulAdd(timeH[layer - 1], from, to, 0, below, timeW[layer], 0, z, 0, g);
            Gemm.mulAdd(timeH[layer], from, to, 0, h, timeW[layer], below, z, 0, g);
        }
        for (int n = from; n < to; n++) {
            Activations.lstm(z[n], timeC[layer][n], timeH[layer][n], h);
        }
    }

    /** The note axis's first-layer input product for notes {@code from <= n < to}. */
    private void notePreRows(int from, int to) {
        int g = 4 * noteSize[0];
        int top = timeSize[timeLayers - 1];
        for (int n = from; n < to; n++) {
            System.arraycopy(noteB[0], 0, notePre[n], 0, g);
        }
        Gemm.mulAdd(timeH[timeLayers - 1], from, to, 0, top, noteW[0], 0, notePre, 0, g);
    }

    /** The time axis's contribution to the first note-axis layer, for all notes; clears the note states. */
    private void prepareNoteAxis() {
        computeNoteInputs();
        resetNoteAxis();
    }

    /** Each note's note-axis input from its time-axis output: the part of a step that does not depend on the notes below. */
    private void computeNoteInputs() {
        if (helper != null) {
            helper.share(Helper.NOTE_PRE);
        } else {
            notePreRows(0, notes);
        }
    }

    /** The note axis starts again below the lowest note. */
    private void resetNoteAxis() {
        for (int l = 0; l < noteLayers; l++) {
            java.util.Arrays.fill(noteH[l], 0f);
            java.util.Arrays.fill(noteC[l], 0f);
        }
    }

    /** Note {@code n}'s step along the note axis, given the note below it. */
    private void noteStep(int n, float lowerPlay, float lowerArticulate) {
        int top = timeSize[timeLayers - 1];
        int h0 = noteSize[0];
        int g0 = 4 * h0;
        float[] z = noteZ[0];
        float[][] w = noteW[0];
        System.arraycopy(notePre[n], 0, z, 0, g0);
        if (lowerPlay != 0f) {
            Gemm.axpy(lowerPlay, w[top], z, 0, g0);
        }
        if (lowerArticulate != 0f) {
            Gemm.axpy(lowerArticulate, w[top + 1], z, 0, g0);
        }
        Gemm.mulAdd(noteHRow[0], 0, 1, 0, h0, w, top + 2, noteZRow[0], 0, g0);
        Activations.lstm(z, noteC[0], noteH[0], h0);
        for (int l = 1; l < noteLayers; l++) {
            int hl = noteSize[l];
            int gl = 4 * hl;
            int in = noteIn[l];
            float[][] zl = noteZRow[l];
            System.arraycopy(noteB[l], 0, zl[0], 0, gl);
            Gemm.mulAdd(noteHRow[l - 1], 0, 1, 0, in, noteW[l], 0, zl, 0, gl);
            Gemm.mulAdd(noteHRow[l], 0, 1, 0, hl, noteW[l], in, zl, 0, gl);
            Activations.lstm(zl[0], noteC[l], noteH[l], hl);
        }
    }

    private float playLogit() {
        float[] h = noteH[noteLayers - 1];
        float s = weights.outB[0];
        for (int k = 0; k < h.length; k++) {
            s += h[k] * outPlay[k];
        }
        return s;
    }

    private float articulateLogit() {
        float[] h = noteH[noteLayers - 1];
        float s = weights.outB[1];
        for (int k = 0; k < h.length; k++) {
            s += h[k] * outArticulate[k];
        }
        return s;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
