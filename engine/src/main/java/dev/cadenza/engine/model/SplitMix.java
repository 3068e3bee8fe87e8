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
        return mix(state += GOLDEN_GAMMA);
    }

    /** The next double in [0, 1), as {@link java.util.SplittableRandom#nextDouble()} gives it. */
    public double nextDouble() {
        long z = state += GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return ((z ^ (z >>> 31)) >>> 11) * 0x1.0p-53;
    }

    /**
     * {@code out[k] = (nextInt() >>> 8) * 2^-24} for {@code k < n}, in order: uniforms in [0, 1)
     * with 24 random bits, the same numbers as {@code n} such calls. Allocation-free.
     */
    public void nextFloats(float[] out, int n) {
        long base = state;
        for (int k = 0; k < n; k++) {
            out[k] = (mix(base + (k + 1) * GOLDEN_GAMMA) >>> 8) * 0x1.0p-24f;
        }
        state = base + n * GOLDEN_GAMMA;
    }

    /** SplitMix64's output for state {@code z}, its high 32 bits (as {@code SplittableRandom.nextInt}). */
    private static int mix(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }
}
