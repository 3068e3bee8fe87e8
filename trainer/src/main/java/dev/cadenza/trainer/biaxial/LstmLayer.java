package dev.cadenza.trainer.biaxial;

import dev.cadenza.engine.kernel.Activations;
import dev.cadenza.engine.kernel.Gemm;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One LSTM layer run over a whole sequence of batches, with the gradients written by hand
 * (back-propagation through time). Weights are laid out as {@link dev.cadenza.engine.biaxial.BiaxialWeights}
 * lays them out: {@code [(in + units) x 4 units]}, gate blocks i, f, o, g. The input part of the
 * product is one matrix product over every step at once; only the recurrent part goes step by step.
 *
 * <p>Dropout (inverted: kept outputs are scaled by {@code 1 / (1 - rate)}) applies to what the
 * layer passes up, not to its own recurrence, so that with rate 0 the layer computes what the
 * engine's model computes.
 */
final class LstmLayer {
    final int in;
    final int units;
    /** The layer's name in {@link Scratch}: its matrices are kept for the next pass under it. */
    private final String name;
    private final float[][] w;
    private final float[] b;

    /** Everything the backward pass needs of one forward pass. */
    static final class Trace {
        final int steps;
        final int batch;
        final float[][] x;
        /** Gate activations (i, f, o, g), [steps * batch][4 units]. */
        final float[][] gates;
        final float[][] c;
        final float[][] h;
        /** What the layer passes up: h after dropout. */
        final float[][] y;
        final float[][] keep;
        final float scale;

        Trace(int steps, int batch, float[][] x, float[][] gates, float[][] c, float[][] h, float[][] y,
                float[][] keep, float scale) {
            this.steps = steps;
            this.batch = batch;
            this.x = x;
            this.gates = gates;
            this.c = c;
            this.h = h;
            this.y = y;
            this.keep = keep;
            this.scale = scale;
        }
    }

    LstmLayer(String name, float[] weights, float[] bias, int in, int units) {
        this.name = name;
        this.in = in;
        this.units = units;
        this.w = Gemm.rows(weights, in + units, 4 * units);
        this.b = bias;
    }

    /**
     * Runs the layer over {@code steps} steps of {@code batch} sequences; {@code x[t * batch + s]}
     * is the input of sequence {@code s} at step {@code t}. States start at zero.
     */
    Trace forward(float[][] x, int steps, int batch, float dropout, SplittableRandom random) {
        int rows = steps * batch;
        int g = 4 * units;
        float[][] gates = Scratch.matrix(name + ".gates", rows, g);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(b, 0, gates[r], 0, g);
        }
        Gemm.mulAdd(x, 0, rows, 0, in, w, 0, gates, 0, g);
        float[][] c = Scratch.matrix(name + ".c", rows, units);
        float[][] h = Scratch.matrix(name + ".h", rows, units);
        for (int s = 0; s < batch && s < rows; s++) {
            Arrays.fill(c[s], 0f);
        }
        float[][] hPrev = new float[batch][];
        float[][] zStep = new float[batch][];
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < batch; s++) {
                zStep[s] = gates[t * batch + s];
            }
            if (t > 0) {
                for (int s = 0; s < batch; s++) {
                    hPrev[s] = h[(t - 1) * batch + s];
                }
                Gemm.mulAdd(hPrev, 0, batch, 0, units, w, in, zStep, 0, g);
                for (int s = 0; s < batch; s++) {
                    System.arraycopy(c[(t - 1) * batch + s], 0, c[t * batch + s], 0, units);
                }
            }
            for (int s = 0; s < batch; s++) {
                int r = t * batch + s;
                Activations.lstm(gates[r], c[r], h[r], units);
            }
        }
        if (dropout <= 0) {
            return new Trace(steps, batch, x, gates, c, h, h, null, 1f);
        }
        float scale = 1f / (1f - dropout);
        float[][] keep = Scratch.matrix(name + ".keep", rows, units);
        float[][] y = Scratch.matrix(name + ".y", rows, units);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < units; j++) {
                boolean kept = random.nextDouble() >= dropout;
                keep[r][j] = kept ? scale : 0f;
                y[r][j] = kept ? h[r][j] * scale : 0f;
            }
        }
        return new Trace(steps, batch, x, gates, c, h, y, keep, scale);
    }

    /**
     * Back-propagates {@code dy} (the gradient of the cost with respect to {@link Trace#y}) through
     * the layer: adds the weight and bias gradients into {@code dw} ({@code [(in + units)][4 units]})
     * and {@code db}, and returns the gradient with respect to the input, {@code [steps * batch][in]}
     * (null when {@code inputGradient} is false: the features need none).
     */
    float[][] backward(Trace trace, float[][] dy, float[][] dw, float[] db) {
        return backward(trace, dy, dw, db, true);
    }

    float[][] backward(Trace trace, float[][] dy, float[][] dw, float[] db, boolean inputGradient) {
        int steps = trace.steps;
        int batch = trace.batch;
        int rows = steps * batch;
        int u = units;
        int g = 4 * u;
        float[][] dz = Scratch.matrix(name + ".dz", rows, g);
        float[][] dhNext = new float[batch][u];
        float[][] dcNext = new float[batch][u];
        float[][] whT = new float[g][u];
        for (int k = 0; k < u; k++) {
            float[] row = w[in + k];
            for (int j = 0; j < g; j++) {
                whT[j][k] = row[j];
            }
        }
        float[] tc = new float[u];
        float[][] dzStep = new float[batch][];
        for (int t = steps - 1; t >= 0; t--) {
            for (int s = 0; s < batch; s++) {
                int r = t * batch + s;
                float[] a = trace.gates[r];
                float[] c = trace.c[r];
                float[] cPrev = t > 0 ? trace.c[r - batch] : null;
                float[] dyr = dy[r];
                float[] keep = trace.keep == null ? null : trace.keep[r];
                float[] dh = dhNext[s];
                float[] dc = dcNext[s];
                float[] d = dz[r];
                System.arraycopy(c, 0, tc, 0, u);
                Activations.tanh(tc, 0, u);
                for (int j = 0; j < u; j++) {
                    float dhj = dh[j] + (keep == null ? dyr[j] : dyr[j] * keep[j]);
                    float i = a[j];
                    float f = a[u + j];
                    float o = a[2 * u + j];
                    float gg = a[3 * u + j];
                    float tcj = tc[j];
                    float dcj = dc[j] + dhj * o * (1 - tcj * tcj);
                    d[j] = dcj * gg * i * (1 - i);
                    d[u + j] = cPrev == null ? 0f : dcj * cPrev[j] * f * (1 - f);
                    d[2 * u + j] = dhj * tcj * o * (1 - o);
                    d[3 * u + j] = dcj * i * (1 - gg * gg);
                    dc[j] = dcj * f;
                }
                Arrays.fill(dh, 0f);
                dzStep[s] = d;
            }
            if (t > 0) {
                Gemm.mulAdd(dzStep, 0, batch, 0, g, whT, 0, dhNext, 0, u);
            }
        }
        // weight gradients: input rows from every step, recurrent rows from steps 1..
        Gemm.mulAddTransposedA(trace.x, 0, in, dz, 0, rows, dw, 0, 0, g);
        if (steps > 1) {
            float[][] hPrev = new float[rows - batch][];
            float[][] dzLater = new float[rows - batch][];
            for (int r = batch; r < rows; r++) {
                hPrev[r - batch] = trace.h[r - batch];
                dzLater[r - batch] = dz[r];
            }
            Gemm.mulAddTransposedA(hPrev, 0, u, dzLater, 0, rows - batch, dw, in, 0, g);
        }
        for (int r = 0; r < rows; r++) {
            float[] d = dz[r];
            for (int j = 0; j < g; j++) {
                db[j] += d[j];
            }
        }
        if (!inputGradient) {
            return null;
        }
        float[][] wxT = new float[g][in];
        for (int k = 0; k < in; k++) {
            float[] row = w[k];
            for (int j = 0; j < g; j++) {
                wxT[j][k] = row[j];
            }
        }
        float[][] dx = Scratch.matrix(name + ".dx", rows, in);
        for (int r = 0; r < rows; r++) {
            Arrays.fill(dx[r], 0f);
        }
        Gemm.mulAdd(dz, 0, rows, 0, g, wxT, 0, dx, 0, in);
        return dx;
    }
}
