package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.kernel.Activations;
import dev.cadenza.engine.biaxial.BiaxialConfig;
import dev.cadenza.engine.biaxial.BiaxialFeatures;
import dev.cadenza.engine.biaxial.BiaxialWeights;
import dev.cadenza.engine.roll.Cell;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The biaxial LSTM's training pass: the forward pass over a batch of segments with teacher forcing
 * (each note's note-axis input is the true state of the note below it, so the note axis is an
 * ordinary sequence LSTM along pitch), the cost, and its gradient by back-propagation through both
 * axes, in plain Java on {@link dev.cadenza.engine.kernel.Gemm}'s kernels. With dropout 0 its
 * probabilities are the engine's ({@code BiaxialAgreementTest}).
 *
 * <p>Cost: the negative log-likelihood, in nats per scored frame, of play for every note, plus of
 * articulate for every played note when the model has articulation (seed 004's formula, summed
 * over notes rather than averaged, so that it is the log-likelihood of a whole frame).
 *
 * <p>Layout: the time axis runs over {@code steps} with batch rows {@code segment * notes + note};
 * the note axis over {@code notes} with batch rows {@code segment * steps + step}.
 */
final class BiaxialNetwork {
    private final BiaxialConfig config;
    private final int notes;

    BiaxialNetwork(BiaxialConfig config) {
        this.config = config;
        this.notes = config.notes();
    }

    /**
     * The outcome of one pass.
     *
     * @param cost summed negative log-likelihood over the scored frames (nats)
     * @param frames scored frames
     * @param gradient the gradient of {@code cost / frames}, or null when not asked for
     * @param play p(play) per segment, step, note (with dropout 0: the engine's probabilities)
     * @param articulate p(articulate | play) likewise
     */
    record Pass(double cost, long frames, BiaxialWeights gradient, float[][][] play, float[][][] articulate) {
    }

    Pass run(BiaxialWeights weights, List<Segment> batch, float dropout, SplittableRandom random, boolean gradient) {
        int segments = batch.size();
        int steps = 0;
        long frames = 0;
        for (Segment s : batch) {
            steps = Math.max(steps, s.cells().length);
            frames += s.length();
        }
        int tb = segments * notes;
        int nb = segments * steps;

        // time axis input: the features
        float[][] x = new float[steps * tb][];
        int features = config.features();
        float[] buffer = new float[notes * features];
        byte[] silent = new byte[notes];
        for (int s = 0; s < segments; s++) {
            Segment seg = batch.get(s);
            for (int t = 0; t < steps; t++) {
                byte[] previous = seg.heardBefore(t, silent);
                BiaxialFeatures.compute(config.range(), previous, seg.startStep() + t, features, seg.key(), buffer, 0);
                for (int n = 0; n < notes; n++) {
                    float[] row = new float[features];
                    System.arraycopy(buffer, n * features, row, 0, features);
                    x[t * tb + s * notes + n] = row;
                }
            }
        }
        LstmLayer[] time = new LstmLayer[config.timeLayers()];
        LstmLayer.Trace[] timeTrace = new LstmLayer.Trace[time.length];
        float[][] in = x;
        for (int l = 0; l < time.length; l++) {
            time[l] = new LstmLayer("time" + l, weights.timeW[l], weights.timeB[l], config.timeInput(l), config.timeSize(l));
            timeTrace[l] = time[l].forward(in, steps, tb, dropout, random);
            in = timeTrace[l].y;
        }

        // note axis input: this note's top time-axis output, the note below's play and articulate
        int top = config.timeSize(config.timeLayers() - 1);
        float[][] xn = new float[notes * nb][top + 2];
        for (int n = 0; n < notes; n++) {
            for (int s = 0; s < segments; s++) {
                byte[][] cells = batch.get(s).cells();
                for (int t = 0; t < steps; t++) {
                    float[] row = xn[n * nb + s * steps + t];
                    System.arraycopy(in[t * tb + s * notes + n], 0, row, 0, top);
                    if (n > 0 && t < cells.length) {
                        byte below = cells[t][n - 1];
                        row[top] = Cell.sounding(below) ? 1f : 0f;
                        row[top + 1] = below == Cell.STRUCK_CODE ? 1f : 0f;
                    }
                }
            }
        }
        LstmLayer[] note = new LstmLayer[config.noteLayers()];
        LstmLayer.Trace[] noteTrace = new LstmLayer.Trace[note.length];
        float[][] nin = xn;
        for (int l = 0; l < note.length; l++) {
            note[l] = new LstmLayer("note" + l, weights.noteW[l], weights.noteB[l], config.noteInput(l), config.noteSize(l));
            noteTrace[l] = note[l].forward(nin, notes, nb, dropout, random);
            nin = noteTrace[l].y;
        }

        // output and cost
        int h = config.noteTop();
        float[] wOut = weights.outW;
        float[][][] play = new float[segments][steps][notes];
        float[][][] articulate = new float[segments][steps][notes];
        float[][] dTop = gradient ? new float[notes * nb][h] : null;
        BiaxialWeights grad = gradient ? new BiaxialWeights(config) : null;
        double cost = 0;
        float perFrame = frames == 0 ? 0f : 1f / frames;
        for (int n = 0; n < notes; n++) {
            for (int s = 0; s < segments; s++) {
                Segment seg = batch.get(s);
                for (int t = 0; t < steps; t++) {
                    int r = n * nb + s * steps + t;
                    float[] y = nin[r];
                    float lp = weights.outB[0];
                    float la = weights.outB[1];
                    for (int k = 0; k < h; k++) {
                        lp += y[k] * wOut[2 * k];
                        la += y[k] * wOut[2 * k + 1];
                    }
                    float pp = Activations.sigmoid(lp);
                    float pa = Activations.sigmoid(la);
                    play[s][t][n] = pp;
                    articulate[s][t][n] = pa;
                    if (t >= seg.length()) {
                        continue;
                    }
                    byte cell = seg.cells()[t][n];
                    boolean played = Cell.sounding(cell);
                    cost += softplus(played ? -lp : lp);
                    float dlp = (pp - (played ? 1f : 0f)) * perFrame;
                    float dla = 0f;
                    if (played && config.articulation() && cell != DroppedVoices.SOUNDING) {
                        boolean struck = cell == Cell.STRUCK_CODE;
                        cost += softplus(struck ? -la : la);
                        dla = (pa - (struck ? 1f : 0f)) * perFrame;
                    }
                    if (gradient) {
                        float[] d = dTop[r];
                        for (int k = 0; k < h; k++) {
                            d[k] = dlp * wOut[2 * k] + dla * wOut[2 * k + 1];
                            grad.outW[2 * k] += y[k] * dlp;
                            grad.outW[2 * k + 1] += y[k] * dla;
                        }
                        grad.outB[0] += dlp;
                        grad.outB[1] += dla;
                    }
                }
            }
        }
        if (!gradient) {
            return new Pass(cost, frames, null, play, articulate);
        }

        float[][] d = dTop;
        for (int l = note.length - 1; l >= 0; l--) {
            float[][] dw = new float[config.noteInput(l) + config.noteSize(l)][4 * config.noteSize(l)];
            d = note[l].backward(noteTrace[l], d, dw, grad.noteB[l]);
            flatten(dw, grad.noteW[l]);
        }
        float[][] dTime = new float[steps * tb][top];
        for (int n = 0; n < notes; n++) {
            for (int s = 0; s < segments; s++) {
                for (int t = 0; t < steps; t++) {
                    System.arraycopy(d[n * nb + s * steps + t], 0, dTime[t * tb + s * notes + n], 0, top);
                }
            }
        }
        d = dTime;
        for (int l = time.length - 1; l >= 0; l--) {
            float[][] dw = new float[config.timeInput(l) + config.timeSize(l)][4 * config.timeSize(l)];
            d = time[l].backward(timeTrace[l], d, dw, grad.timeB[l], l > 0);
            flatten(dw, grad.timeW[l]);
        }
        return new Pass(cost, frames, grad, play, articulate);
    }

    /** log(1 + e^x) without overflow. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static void flatten(float[][] rows, float[] flat) {
        int columns = rows[0].length;
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
    }
}
