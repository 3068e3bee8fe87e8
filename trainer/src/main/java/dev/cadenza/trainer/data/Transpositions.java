package dev.cadenza.trainer.data;

import dev.cadenza.engine.model.Scale;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Music in its original keys (the MIDI corpora) moved to other keys before training: every piece in
 * all twelve keys ({@link #allKeys}, augmentation: the model learns the same music whatever the key
 * and follows a keyboard's key by its pitch-class mask), or every piece moved to C ({@link #toC}: the
 * model learns one key and is moved to the key asked for at play time). Stateless.
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
                if (fits(piece, span, shift, range)) {
                    out.add(shift == 0 ? piece : shifted(piece, shift));
                }
            }
        }
        return out;
    }

    /**
     * Each of {@code pieces} moved to C: by {@link #shiftToC}, or an octave less or more where that
     * leaves {@code range} (a piece that fits no way is left out). The order is kept.
     */
    public static List<PianoRoll> toC(List<PianoRoll> pieces, PitchRange range) {
        List<PianoRoll> out = new ArrayList<>(pieces.size());
        for (PianoRoll piece : pieces) {
            PianoRoll moved = toC(piece, range);
            if (moved != null) {
                out.add(moved);
            }
        }
        return out;
    }

    /** {@code piece} moved to C within {@code range} (see {@link #toC(List, PitchRange)}), or null where it fits no way. */
    private static PianoRoll toC(PianoRoll piece, PitchRange range) {
        int[] span = soundingSpan(piece);
        if (span == null) {
            return piece;
        }
        int shift = shiftToC(piece);
        for (int candidate : new int[] {shift, shift - 12, shift + 12}) {
            if (fits(piece, span, candidate, range)) {
                return candidate == 0 ? piece : shifted(piece, candidate);
            }
        }
        return null;
    }

    /** Whether the sounding {@code span} of {@code piece}, moved by {@code shift}, stays within {@code range} and the roll's own. */
    private static boolean fits(PianoRoll piece, int[] span, int shift, PitchRange range) {
        int low = span[0] + shift;
        int high = span[1] + shift;
        return range.contains(low) && range.contains(high) && piece.range().contains(low)
                && piece.range().contains(high);
    }

    /** Every piece of {@code split} moved to C ({@link #toC}) within the piano's range, names kept: a split to score a model trained in C on. */
    public static Dataset toC(Dataset split) {
        List<Piece> moved = new ArrayList<>(split.pieces().size());
        for (Piece piece : split.pieces()) {
            PianoRoll roll = toC(piece.roll(), PitchRange.PIANO);
            if (roll != null) {
                moved.add(new Piece(piece.name(), roll));
            }
        }
        return new Dataset(split.name(), split.split(), moved, split.skipped(), split.sha256(), split.range(),
                split.stepsPerQuarter());
    }

    /**
     * The shift, -6..+5 semitones, that puts most of what {@code piece} sounds on the white keys (C
     * major's pitch classes, which A minor and the other modes share), each sounding step counted:
     * the negation of {@link Scale#whiteKeyShift(long[])}, the shift that takes C to the piece. A
     * piece in G or E minor moves up a fourth, one in F or D minor down a fourth, one in Bb up a tone;
     * its accidentals (a minor key's raised seventh) move with it.
     */
    public static int shiftToC(PianoRoll piece) {
        long[] byPitchClass = new long[12];
        for (int t = 0; t < piece.length(); t++) {
            for (int i = 0; i < piece.range().size(); i++) {
                if (piece.sounding(t, i)) {
                    byPitchClass[piece.range().pitch(i) % 12]++;
                }
            }
        }
        return -Scale.whiteKeyShift(byPitchClass);
    }

    /** Each of {@code pieces} as it was written: a piece that was moved ({@link PianoRoll#movedBy()}) moved back. */
    public static List<PianoRoll> asWritten(List<PianoRoll> pieces) {
        List<PianoRoll> out = new ArrayList<>(pieces.size());
        for (PianoRoll piece : pieces) {
            out.add(piece.movedBy() == 0 ? piece : shifted(piece, -piece.movedBy()));
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
        out.setMovedBy(piece.movedBy() + shift);
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
