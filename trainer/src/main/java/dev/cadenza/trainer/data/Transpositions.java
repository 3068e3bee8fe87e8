package dev.cadenza.trainer.data;

import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Transposition as augmentation: music in its original keys (the MIDI corpora) becomes every piece
 * in all twelve keys, so that a model learns the same music whatever the key and follows a
 * keyboard's key at play time. Stateless.
 */
public final class Transpositions {
    /** The twelve shifts, in semitones: a fourth down to a tritone up (0 is the piece itself). */
    public static final int LOWEST_SHIFT = -5;
    public static final int HIGHEST_SHIFT = 6;

    private Transpositions() {}

    /**
     * Each of {@code pieces} in every key: shifted by {@link #LOWEST_SHIFT}..{@link #HIGHEST_SHIFT}
     * semitones, a shift kept only where every note of the piece stays within {@code range} (and the
     * roll's own range). Piece n's copies come together, the piece itself among them.
     */
    public static List<PianoRoll> allKeys(List<PianoRoll> pieces, PitchRange range) {
        List<PianoRoll> out = new ArrayList<>(pieces.size() * (HIGHEST_SHIFT - LOWEST_SHIFT + 1));
        for (PianoRoll piece : pieces) {
            int[] span = soundingSpan(piece);
            for (int shift = LOWEST_SHIFT; shift <= HIGHEST_SHIFT; shift++) {
                if (span == null) {
                    if (shift == 0) {
                        out.add(piece);
                    }
                    continue;
                }
                int low = span[0] + shift;
                int high = span[1] + shift;
                if (range.contains(low) && range.contains(high) && piece.range().contains(low)
                        && piece.range().contains(high)) {
                    out.add(shift == 0 ? piece : shifted(piece, shift));
                }
            }
        }
        return out;
    }

    /** {@code range} widened by the shifts, within the piano's: the range the transposed music needs. */
    public static PitchRange widened(PitchRange range) {
        return new PitchRange(Math.max(PitchRange.PIANO.low(), range.low() + LOWEST_SHIFT),
                Math.min(PitchRange.PIANO.high(), range.high() + HIGHEST_SHIFT));
    }

    /** {@code piece} moved by {@code shift} semitones, cells and velocities, tempo and metre kept. */
    static PianoRoll shifted(PianoRoll piece, int shift) {
        PianoRoll out = new PianoRoll(piece.range(), piece.stepsPerQuarter(), piece.length());
        int width = piece.range().size();
        for (int t = 0; t < piece.length(); t++) {
            for (int i = 0; i < width; i++) {
                if (piece.sounding(t, i)) {
                    out.set(t, i + shift, piece.cell(t, i));
                    out.setVelocity(t, i + shift, piece.velocity(t, i));
                }
            }
        }
        piece.tempos().forEach(out::addTempo);
        piece.timeSignatures().forEach(out::addTimeSignature);
        return out;
    }

    /** The lowest and highest sounding pitch, or null for a silent piece. */
    private static int[] soundingSpan(PianoRoll piece) {
        int low = Integer.MAX_VALUE;
        int high = Integer.MIN_VALUE;
        for (int t = 0; t < piece.length(); t++) {
            for (int i = 0; i < piece.range().size(); i++) {
                if (piece.sounding(t, i)) {
                    int p = piece.range().pitch(i);
                    low = Math.min(low, p);
                    high = Math.max(high, p);
                }
            }
        }
        return low > high ? null : new int[] {low, high};
    }
}
