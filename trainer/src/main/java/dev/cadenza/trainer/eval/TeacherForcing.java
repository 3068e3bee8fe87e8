package dev.cadenza.trainer.eval;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.rnnrbm.RbmConditionals;
import dev.cadenza.engine.rnnrbm.RnnRbmWeights;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import java.util.Arrays;
import java.util.List;

/**
 * The conditional RBMs of an RNN-RBM along true sequences (teacher forcing): for each window of
 * each piece, the biases {@code bv_t, bh_t} given the true frames before it (from the RNN state
 * u_0 = 0 at each piece's start, so every piece's first window is scored), and the true window as
 * the target. With {@code window = 1} (the paper's model) a window is a frame.
 *
 * <p>With articulation ({@link RnnRbmConfig#articulation()}) a step's target holds its sounding
 * units and then its struck ones, encoded as the model encodes what it observes: struck where the
 * cell is struck or the pitch did not sound the step before.
 *
 * <p>With {@code window = w > 1} one RBM covers w frames jointly, so a window is scored as a whole
 * (its frames predicted from the windows before it), and the last {@code length mod w} frames of a
 * piece, which fill no whole window, are not scored.
 *
 * @param rbms one conditional RBM per scored window
 * @param targets the true windows, {@code [rbms.count() x visible]}, 0 or 1
 * @param previous the true window before each scored one (silence before a piece's first), as targets
 * @param pieceOf the index, in the pieces given, of each scored window's piece
 * @param frames frames scored: {@code rbms.count() * window}
 */
record TeacherForcing(ConditionalRbms rbms, float[] targets, float[] previous, int[] pieceOf, long frames) {

    /**
     * Runs the model over {@code pieces} in order, observing each true frame, until the pieces end
     * or {@code maxFrames} frames are scored (at a window boundary).
     *
     * @throws TrainerException if a piece sounds a pitch outside the model's range
     */
    static TeacherForcing of(RnnRbmWeights weights, List<PianoRoll> pieces, long maxFrames) {
        RnnRbmConfig config = weights.config;
        int window = config.window();
        int visible = config.visible();
        int hidden = config.hidden();
        PitchRange range = config.range();
        long windows = 0;
        for (PianoRoll piece : pieces) {
            windows += piece.length() / window;
        }
        windows = Math.min(windows, Math.max(0, maxFrames) / window);
        if (windows * Math.max(visible, hidden) > Integer.MAX_VALUE) {
            throw new TrainerException("too many frames to evaluate at once: " + windows * window
                    + " (expected fewer; pass a smaller maximum)");
        }
        int count = (int) windows;
        float[] bv = new float[count * visible];
        float[] bh = new float[count * hidden];
        float[] targets = new float[count * visible];
        float[] previous = new float[count * visible];
        int[] pieceOf = new int[count];
        float[] bvt = new float[visible];
        float[] bht = new float[hidden];
        RbmConditionals model = new RbmConditionals(weights);
        Frame frame = new Frame(range);
        int pitches = range.size();
        boolean[] sounded = new boolean[pitches];
        int n = 0;
        for (int p = 0; p < pieces.size() && n < count; p++) {
            PianoRoll piece = pieces.get(p);
            model.movedFromC(-piece.movedBy()); // the key it came from, for a model with a key input
            model.reset(0);
            Arrays.fill(sounded, false);
            for (int start = 0; start + window <= piece.length() && n < count; start += window) {
                model.nextBiases(bvt, bht);
                if (start > 0) {
                    System.arraycopy(targets, (n - 1) * visible, previous, n * visible, visible);
                }
                pieceOf[n] = p;
                System.arraycopy(bvt, 0, bv, n * visible, visible);
                System.arraycopy(bht, 0, bh, n * hidden, hidden);
                for (int k = 0; k < window; k++) {
                    readFrame(piece, p, start + k, frame);
                    int o = n * visible + k * config.unitsPerStep();
                    for (int i = 0; i < pitches; i++) {
                        boolean on = frame.sounding(i);
                        targets[o + i] = on ? 1f : 0f;
                        if (config.articulation()) {
                            targets[o + pitches + i] = on && (frame.struck(i) || !sounded[i]) ? 1f : 0f;
                        }
                        sounded[i] = on;
                    }
                    model.observe(frame);
                }
                n++;
            }
        }
        return new TeacherForcing(new ConditionalRbms(visible, hidden, count, weights.w, bv, bh), targets, previous,
                pieceOf, (long) count * window);
    }

    /** Copies step {@code step} of {@code piece} into {@code out}, matching pitches by MIDI number. */
    private static void readFrame(PianoRoll piece, int pieceIndex, int step, Frame out) {
        PitchRange model = out.range();
        PitchRange roll = piece.range();
        if (roll.equals(model)) {
            piece.frame(step, out);
            return;
        }
        out.clear();
        for (int i = 0; i < roll.size(); i++) {
            if (!piece.sounding(step, i)) {
                continue;
            }
            int pitch = roll.pitch(i);
            if (!model.contains(pitch)) {
                throw new TrainerException("piece " + pieceIndex + " sounds pitch " + pitch + " at step " + step
                        + ", outside the model's range " + model + " (expected pitches the model can play)");
            }
            out.setCode(model.index(pitch), piece.code(step, i));
        }
    }
}
