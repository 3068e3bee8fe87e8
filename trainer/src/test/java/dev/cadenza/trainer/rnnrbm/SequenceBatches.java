package dev.cadenza.trainer.rnnrbm;

import dev.cadenza.engine.rnnrbm.RnnRbmConfig;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cuts pieces into sub-sequences of windows and groups them into {@link Batch}es.
 *
 * <p>A piece of T steps gives floor(T / window) windows (a trailing partial window is dropped);
 * the windows are cut into consecutive sub-sequences of at most {@code length} windows (the
 * tutorial's batches of 100 frames), and {@code sequences} sub-sequences make a batch. Pitches
 * outside the model's range are dropped.
 */
final class SequenceBatches {
    private final RnnRbmConfig config;
    private final List<float[][]> chunks = new ArrayList<>();
    private final int length;
    private final int sequences;
    private long windows;

    public SequenceBatches(RnnRbmConfig config, List<PianoRoll> pieces, int length, int sequences) {
        if (length < 1 || sequences < 1) {
            throw new IllegalArgumentException("invalid batch shape: " + length + " x " + sequences + " (expected >= 1 each)");
        }
        this.config = config;
        this.length = length;
        this.sequences = sequences;
        for (PianoRoll roll : pieces) {
            float[][] all = windowsOf(config, roll);
            windows += all.length;
            for (int from = 0; from < all.length; from += length) {
                int to = Math.min(all.length, from + length);
                float[][] chunk = new float[to - from][];
                System.arraycopy(all, from, chunk, 0, to - from);
                chunks.add(chunk);
            }
        }
    }

    /** The binary visible vectors of a roll's windows: [windows][window * pitches]. */
    public static float[][] windowsOf(RnnRbmConfig config, PianoRoll roll) {
        PitchRange range = config.range();
        PitchRange source = roll.range();
        int w = config.window();
        int pitches = range.size();
        int count = roll.length() / w;
        float[][] out = new float[count][config.visible()];
        for (int n = 0; n < count; n++) {
            for (int k = 0; k < w; k++) {
                int step = n * w + k;
                for (int i = 0; i < source.size(); i++) {
                    int pitch = source.pitch(i);
                    if (range.contains(pitch) && roll.sounding(step, i)) {
                        out[n][k * pitches + range.index(pitch)] = 1f;
                    }
                }
            }
        }
        return out;
    }

    /** Real windows over all pieces. */
    public long windows() {
        return windows;
    }

    public int chunkCount() {
        return chunks.size();
    }

    /** The batches of one epoch, sub-sequences shuffled by {@code seed} (no shuffle when seed is negative). */
    public List<Batch> epoch(long seed, DataType type) {
        List<float[][]> order = new ArrayList<>(chunks);
        if (seed >= 0) {
            Collections.shuffle(order, new Random(seed));
        }
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < order.size(); from += sequences) {
            batches.add(batch(order.subList(from, Math.min(order.size(), from + sequences)), type));
        }
        return batches;
    }

    private Batch batch(List<float[][]> group, DataType type) {
        int b = group.size();
        int steps = 0;
        for (float[][] c : group) {
            steps = Math.max(steps, c.length);
        }
        int nv = config.visible();
        float[] visible = new float[steps * b * nv];
        float[] mask = new float[steps * b];
        int real = 0;
        for (int s = 0; s < b; s++) {
            float[][] c = group.get(s);
            for (int t = 0; t < c.length; t++) {
                int row = t * b + s;
                System.arraycopy(c[t], 0, visible, row * nv, nv);
                mask[row] = 1f;
                real++;
            }
        }
        INDArray v = Nd4j.createFromArray(visible).reshape(steps * b, nv).castTo(type);
        INDArray m = Nd4j.createFromArray(mask).reshape(steps * b, 1).castTo(type);
        return new Batch(v, m, steps, b, real);
    }
}
