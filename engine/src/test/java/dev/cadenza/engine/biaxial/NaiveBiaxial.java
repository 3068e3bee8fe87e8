package dev.cadenza.engine.biaxial;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.Frame;

/**
 * The biaxial LSTM written as plainly as possible from the definitions (dense features, flat
 * weights, one dot product per unit), double precision: what the optimised model must agree with.
 */
final class NaiveBiaxial {
    private final BiaxialWeights w;
    private final BiaxialConfig config;
    private final int notes;
    private final double[][][] th;
    private final double[][][] tc;
    private byte[] previous;
    private int step;

    NaiveBiaxial(BiaxialWeights w) {
        this.w = w;
        this.config = w.config;
        this.notes = config.notes();
        th = new double[config.timeLayers()][notes][];
        tc = new double[config.timeLayers()][notes][];
        for (int l = 0; l < config.timeLayers(); l++) {
            for (int n = 0; n < notes; n++) {
                th[l][n] = new double[config.timeSize(l)];
                tc[l][n] = new double[config.timeSize(l)];
            }
        }
        previous = new byte[notes];
    }

    /** p(play) and p(articulate | play) per note for {@code frame}, teacher forced; then advances. */
    double[][] observe(Frame frame) {
        float[] features = new float[notes * BiaxialFeatures.COUNT];
        BiaxialFeatures.compute(config.range(), previous, step, features, 0);
        double[][] below = new double[notes][];
        for (int n = 0; n < notes; n++) {
            double[] x = new double[BiaxialFeatures.COUNT];
            for (int f = 0; f < x.length; f++) {
                x[f] = features[n * BiaxialFeatures.COUNT + f];
            }
            below[n] = x;
        }
        for (int l = 0; l < config.timeLayers(); l++) {
            for (int n = 0; n < notes; n++) {
                double[][] hc = lstm(w.timeW[l], w.timeB[l], below[n], th[l][n], tc[l][n], config.timeSize(l));
                th[l][n] = hc[0];
                tc[l][n] = hc[1];
            }
            below = th[l];
        }
        byte[] cells = new byte[notes];
        for (int n = 0; n < notes; n++) {
            byte c = frame.cell(n);
            if (Cell.sounding(c) && !Cell.sounding(previous[n])) {
                c = Cell.STRUCK_CODE;
            } else if (!config.articulation() && Cell.sounding(c)) {
                c = Cell.HELD_CODE;
            }
            cells[n] = c;
        }
        double[][] p = new double[2][notes];
        double[][] nh = new double[config.noteLayers()][];
        double[][] nc = new double[config.noteLayers()][];
        for (int l = 0; l < nh.length; l++) {
            nh[l] = new double[config.noteSize(l)];
            nc[l] = new double[config.noteSize(l)];
        }
        for (int n = 0; n < notes; n++) {
            double[] top = below[n];
            double[] x = new double[top.length + 2];
            System.arraycopy(top, 0, x, 0, top.length);
            if (n > 0) {
                x[top.length] = Cell.sounding(cells[n - 1]) ? 1 : 0;
                x[top.length + 1] = cells[n - 1] == Cell.STRUCK_CODE ? 1 : 0;
            }
            for (int l = 0; l < nh.length; l++) {
                double[][] hc = lstm(w.noteW[l], w.noteB[l], x, nh[l], nc[l], config.noteSize(l));
                nh[l] = hc[0];
                nc[l] = hc[1];
                x = nh[l];
            }
            for (int o = 0; o < 2; o++) {
                double s = w.outB[o];
                for (int k = 0; k < x.length; k++) {
                    s += x[k] * w.outW[2 * k + o];
                }
                p[o][n] = 1 / (1 + Math.exp(-s));
            }
        }
        previous = cells;
        step++;
        return p;
    }

    private static double[][] lstm(float[] weights, float[] bias, double[] x, double[] h, double[] c, int units) {
        int in = x.length;
        double[] z = new double[4 * units];
        for (int j = 0; j < 4 * units; j++) {
            double s = bias[j];
            for (int k = 0; k < in; k++) {
                s += x[k] * weights[k * 4 * units + j];
            }
            for (int k = 0; k < units; k++) {
                s += h[k] * weights[(in + k) * 4 * units + j];
            }
            z[j] = s;
        }
        double[] h2 = new double[units];
        double[] c2 = new double[units];
        for (int j = 0; j < units; j++) {
            double i = sig(z[j]);
            double f = sig(z[units + j]);
            double o = sig(z[2 * units + j]);
            double g = Math.tanh(z[3 * units + j]);
            c2[j] = f * c[j] + i * g;
            h2[j] = o * Math.tanh(c2[j]);
        }
        return new double[][] {h2, c2};
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
