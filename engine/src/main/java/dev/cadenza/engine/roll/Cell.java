package dev.cadenza.engine.roll;

/**
 * The state of one pitch at one step of a piano roll. Rolls store cells as the byte {@link #code()}
 * so that a frame is a plain {@code byte[]}.
 *
 * <p>STRUCK is a new onset (a note-on at this step); HELD continues a note struck earlier. A note
 * repeated on consecutive steps is STRUCK, STRUCK; a held one is STRUCK, HELD. This maps onto the
 * biaxial model's (play, articulate) pair as SILENT = (0, 0), HELD = (1, 0), STRUCK = (1, 1), and
 * onto the RBM seeds' binary frames as "sounding" = HELD or STRUCK.
 */
public enum Cell {
    SILENT,
    HELD,
    STRUCK;

    public static final byte SILENT_CODE = 0;
    public static final byte HELD_CODE = 1;
    public static final byte STRUCK_CODE = 2;

    private static final Cell[] BY_CODE = values();

    public byte code() {
        return (byte) ordinal();
    }

    public boolean sounding() {
        return this != SILENT;
    }

    /** The cell of a stored code; rejects codes that are not 0, 1 or 2. */
    public static Cell of(byte code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("invalid cell code: " + code + " (expected 0..2)");
        }
        return BY_CODE[code];
    }

    /** Whether a stored code means the pitch sounds (held or struck). Real-time safe. */
    public static boolean sounding(byte code) {
        return code != SILENT_CODE;
    }

    /**
     * Whether a pitch whose cell is {@code code} starts a note at this step, given its cell
     * {@code before} at the step before (silent before the first step): struck, or sounding after
     * silence (a roll without articulation may hold a note from its first step). Real-time safe.
     */
    public static boolean onset(byte code, byte before) {
        return code == STRUCK_CODE || code == HELD_CODE && before == SILENT_CODE;
    }
}
