package dev.cadenza.engine.model;

/**
 * The random numbers of {@link java.util.SplittableRandom} (SplitMix64, the golden-ratio gamma),
 * bit for bit, in a generator that can be seeded again without a new object: a model's
 * {@code reset} must allocate nothing ({@link StepModel}). Not thread safe; one per model.
 */
public final class SplitMix {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    public SplitMix(long seed) {
        state = seed;
    }

    /** Starts again from {@code seed}, as {@code new SplittableRandom(seed)} would. Allocation-free. */
    public void seed(long seed) {
        state = seed;
    }

    /** The next int, as {@link java.util.SplittableRandom#nextInt()} gives it. */
    public int nextInt() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    /**
     * {@code out[k] = (nextInt() >>> 8) * 2^-24} for {@code k < n}, in order: uniforms in [0, 1)
     * with 24 random bits, the same numbers as {@code n} such calls. Allocation-free.
     */
    public void nextFloats(float[] out, int n) {
        long base = state;
        for (int k = 0; k < n; k++) {
            long z = base + (k + 1) * GOLDEN_GAMMA;
            z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
            out[k] = ((int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32) >>> 8) * 0x1.0p-24f;
        }
        state = base + n * GOLDEN_GAMMA;
    }
}
