package dev.cadenza.trainer.eval;

import dev.cadenza.engine.biaxial.BiaxialFeatures;
import dev.cadenza.engine.biaxial.BiaxialConditionals;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.data.Dataset;
import dev.cadenza.trainer.data.Piece;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a biaxial LSTM on a dataset split, through the engine's own model (so the figures are
 * those of the model that plays), each frame predicted from the true past:
 *
 * <ul>
 *   <li>log-likelihood per frame, exact: the model factorises a frame note by note, so
 *       {@code log p(frame) = sum over notes of log p(play | past, notes below)}, plus
 *       {@code log p(articulate | play, ...)} for every played note when the model has articulation
 *       (without it, the frame is the binary frame of the benchmarks, in the same units as the
 *       RNN-RBM's figures);
 *   <li>expected frame-level accuracy per time step, as the RNN-RBM's figure: the model draws
 *       {@link #DEFAULT_SAMPLES} frames by default from the true past (note-axis runs, the notes
 *       below drawn, not given), each scores {@code TP / (TP + FP + FN)} against the true frame,
 *       and the frame's figure is their mean; the pooled accuracy
 *       {@code sum E[TP] / sum (E[TP] + E[FP] + E[FN])} uses each note's marginal p(play | true
 *       past) from the same runs (see
 *       {@link BiaxialConditionals#observe(Frame, float[], float[], float[], int[], int)}); the likely-notes
 *       prediction holds the notes whose marginal exceeds a threshold; the copy baseline repeats
 *       the true frame before. All are tallied per piece ({@link FrameTally}).
 * </ul>
 * Means over all scored frames (not of per-piece means); each piece's first frame is scored.
 * Pitches of the data outside the model's range are never predicted: a sounding one counts as a
 * false negative and adds nothing to the log-likelihood (the model's range is chosen to cover the
 * dataset, so this does not happen on the benchmarks).
 */
public final class BiaxialEvaluator {

    /** Scores {@code dataset} (every frame when {@code maxFrames} is 0). */
    public Evaluation evaluate(String preset, BiaxialWeights weights, Dataset dataset, long maxFrames) {
        List<PianoRoll> rolls = new ArrayList<>();
        for (Piece piece : dataset.pieces()) {
            rolls.add(piece.roll());
        }
        return evaluate(preset, weights, dataset.name(), dataset.split(), rolls, maxFrames);
    }

    /** Note-axis runs per frame behind the accuracy's marginals. */
    public static final int DEFAULT_SAMPLES = 8;

    private final int threads;
    private final int samples;

    /** An evaluator on one thread. */
    public BiaxialEvaluator() {
        this(1);
    }

    /** An evaluator on {@code threads} threads with {@link #DEFAULT_SAMPLES} note-axis runs per frame. */
    public BiaxialEvaluator(int threads) {
        this(threads, DEFAULT_SAMPLES);
    }

    /**
     * An evaluator on {@code threads} threads (1 or more), with {@code samples} note-axis runs per
     * frame for the accuracy: the pieces are shared out in order, one model per thread. The sums are added in another order than on one thread, so the figures can
     * differ in the last digits.
     */
    public BiaxialEvaluator(int threads, int samples) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("invalid thread count: " + threads + " (expected 1..64)");
        }
        if (samples < 1 || samples > 100_000) {
            throw new IllegalArgumentException("invalid note-axis samples: " + samples + " (expected 1..100000)");
        }
        this.threads = threads;
        this.samples = samples;
    }

    /** Scores the given pieces, at most {@code maxFrames} frames in all (0: every frame). */
    public Evaluation evaluate(String preset, BiaxialWeights weights, String dataset, String split,
            List<PianoRoll> pieces, long maxFrames) {
        long t0 = System.nanoTime();
        // the frames to score of each piece, in order, within the budget
        List<PianoRoll> scored = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        long budget = maxFrames == 0 ? Long.MAX_VALUE : maxFrames;
        long total = 0;
        for (PianoRoll roll : pieces) {
            if (total >= budget) {
                break;
            }
            int length = (int) Math.min(roll.length(), budget - total);
            scored.add(roll);
            lengths.add(length);
            total += length;
        }
        FrameTally tally = new FrameTally(pieces.size());
        int parts = (int) Math.max(1, Math.min(threads, scored.size()));
        double[][] sums = new double[parts][];
        Runnable[] work = new Runnable[parts];
        long perPart = (total + parts - 1) / parts;
        int from = 0;
        for (int p = 0; p < parts; p++) {
            int to = from;
            long frames = 0;
            while (to < scored.size() && (frames < perPart || p == parts - 1)) {
                frames += lengths.get(to);
                to++;
            }
            List<PianoRoll> mine = scored.subList(from, to);
            List<Integer> mineLengths = lengths.subList(from, to);
            int part = p;
            int first = from;
            work[p] = () -> sums[part] = score(weights, mine, mineLengths, samples, tally, first);
            from = to;
        }
        Thread[] helpers = new Thread[parts];
        for (int p = 1; p < parts; p++) {
            helpers[p] = new Thread(work[p], "cadenza-biaxial-eval");
            helpers[p].setDaemon(true);
            helpers[p].start();
        }
        work[0].run();
        for (int p = 1; p < parts; p++) {
            try {
                helpers[p].join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("evaluation interrupted", e);
            }
        }
        double logLikelihood = 0;
        long frames = 0;
        for (double[] sum : sums) {
            if (sum == null) {
                throw new IllegalStateException("an evaluation thread failed");
            }
            logLikelihood += sum[0];
            frames += (long) sum[1];
        }
        return Evaluation.of(preset, dataset, split, frames, tally)
                .withLogLikelihood(frames == 0 ? 0 : logLikelihood / frames).withGibbsSamples(samples)
                .withSeconds((System.nanoTime() - t0) / 1e9);
    }

    /**
     * The sum of log-likelihoods and the frame count over the first {@code lengths} frames of
     * pieces, the accuracies added to {@code tally} (these pieces from index {@code firstPiece} on).
     */
    private static double[] score(BiaxialWeights weights, List<PianoRoll> pieces, List<Integer> lengths, int samples,
            FrameTally tally, int firstPiece) {
        BiaxialConditionals model = new BiaxialConditionals(weights);
        boolean articulation = weights.config.articulation();
        PitchRange range = weights.config.range();
        int notes = range.size();
        Frame frame = new Frame(range);
        float[] play = new float[notes];
        float[] articulate = new float[notes];
        float[] marginal = new float[notes];
        float[] truth = new float[notes];
        float[] before = new float[notes];
        int[] drawn = new int[2 * samples];
        byte[] previous = new byte[notes];
        double logLikelihood = 0;
        long frames = 0;
        for (int k = 0; k < pieces.size(); k++) {
            PianoRoll roll = pieces.get(k);
            model.movedFromC(-roll.movedBy()); // where it sits from where it was written, for a key input
            model.reset(0);
            java.util.Arrays.fill(previous, Cell.SILENT_CODE);
            PitchRange source = roll.range();
            for (int t = 0; t < lengths.get(k); t++) {
                frame.clear();
                int sounding = 0; // in the data, within the model's range or not
                int missed = 0;
                for (int i = 0; i < source.size(); i++) {
                    byte code = roll.code(t, i);
                    int pitch = source.pitch(i);
                    sounding += Cell.sounding(code) ? 1 : 0;
                    if (range.contains(pitch)) {
                        frame.setCode(range.index(pitch), code);
                    } else if (Cell.sounding(code)) {
                        missed++;
                    }
                }
                model.observe(frame, play, articulate, marginal, drawn, samples);
                double sampled = 0;
                for (int s = 0; s < samples; s++) {
                    sampled += Evaluation.frameAccuracy(drawn[2 * s], drawn[2 * s + 1], sounding) / samples;
                }
                for (int n = 0; n < notes; n++) {
                    byte cell = BiaxialFeatures.normalised(frame.cell(n), previous[n], articulation);
                    before[n] = Cell.sounding(previous[n]) ? 1f : 0f;
                    truth[n] = Cell.sounding(cell) ? 1f : 0f;
                    previous[n] = cell;
                    double p = play[n];
                    if (Cell.sounding(cell)) {
                        logLikelihood += Math.log(Math.max(p, 1e-30));
                        if (articulation) {
                            double a = articulate[n];
                            logLikelihood += Math.log(Math.max(cell == Cell.STRUCK_CODE ? a : 1 - a, 1e-30));
                        }
                    } else {
                        logLikelihood += Math.log(Math.max(1 - p, 1e-30));
                    }
                }
                tally.add(firstPiece + k, marginal, 0, before, 0, truth, 0, notes, sampled, missed);
                frames++;
            }
        }
        return new double[] {logLikelihood, frames};
    }
}
