package dev.cadenza.trainer.biaxial;

import java.util.HashMap;
import java.util.Map;

/**
 * A training pass's big matrices, kept per thread for the next pass. Allocated afresh, a pass at
 * the reference sizes made the collector copy a gigabyte of live traces again and again: on a 20-
 * batch run, 46 pauses of 4.6 s in all and 8 s of the system's time zeroing new memory, in 26 s.
 * A kept matrix may have more rows than asked for, and holds the last pass's numbers: callers
 * bound their loops by the rows they asked for and write every element they read.
 */
final class Scratch {
    private static final ThreadLocal<Map<String, float[][]>> KEPT = ThreadLocal.withInitial(HashMap::new);

    private Scratch() {
    }

    /** This thread's matrix named {@code key} of at least {@code rows} rows of {@code columns} columns. */
    static float[][] matrix(String key, int rows, int columns) {
        Map<String, float[][]> kept = KEPT.get();
        float[][] m = kept.get(key);
        if (m == null || m.length < rows || (m.length > 0 && m[0].length != columns)) {
            m = new float[rows][columns];
            kept.put(key, m);
        }
        return m;
    }
}
