package dev.cadenza.engine.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A key and a scale that the generated notes keep to: {@code --key A --scale minor}. The models
 * play only the pitch classes it allows ({@link Controls#allowPitchClassMask}); the chromatic scale
 * allows all twelve, which is the default.
 *
 * <p>A scale packs into one {@code int} ({@link #code()}: tonic and mode) so that a live control
 * can hand a new one to the generation thread in one volatile write, and that thread turns it into
 * its pitch classes without allocating ({@link #maskOf}).
 *
 * @param tonic the key's pitch class, 0 = C .. 11 = B
 * @param mode the scale's intervals above the tonic
 */
public record Scale(int tonic, Mode mode) {
    private static final String[] NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    /** All twelve pitch classes: what plays without a scale. */
    public static final Scale CHROMATIC = new Scale(0, Mode.CHROMATIC);

    /** The scales musicians ask for, as semitones above the tonic. */
    public enum Mode {
        MAJOR(0, 2, 4, 5, 7, 9, 11),
        MINOR(0, 2, 3, 5, 7, 8, 10),
        HARMONIC_MINOR(0, 2, 3, 5, 7, 8, 11),
        DORIAN(0, 2, 3, 5, 7, 9, 10),
        PHRYGIAN(0, 1, 3, 5, 7, 8, 10),
        LYDIAN(0, 2, 4, 6, 7, 9, 11),
        MIXOLYDIAN(0, 2, 4, 5, 7, 9, 10),
        MAJOR_PENTATONIC(0, 2, 4, 7, 9),
        MINOR_PENTATONIC(0, 3, 5, 7, 10),
        BLUES(0, 3, 5, 6, 7, 10),
        CHROMATIC(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

        private static final Mode[] ALL = values();

        /** Bit {@code i} set when the pitch class {@code i} semitones above the tonic is in the scale. */
        private final int mask;

        Mode(int... steps) {
            int m = 0;
            for (int s : steps) {
                m |= 1 << s;
            }
            mask = m;
        }

        /** The name used on the command line and in messages: lower case, words joined by '-'. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The mode named {@code text} ("minor", "harmonic-minor"; case and '_' or '-' alike). */
        public static Mode parse(String text) {
            String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
            for (Mode m : ALL) {
                if (m.key().equals(wanted)) {
                    return m;
                }
            }
            if (wanted.equals("aeolian")) {
                return MINOR;
            }
            if (wanted.equals("ionian")) {
                return MAJOR;
            }
            throw new IllegalArgumentException("unknown scale: '" + text + "' (expected one of "
                    + Arrays.stream(ALL).map(Mode::key).collect(Collectors.joining(", ")) + ")");
        }

        /** The mode of ordinal {@code index}, for knobs and keys stepping through them. */
        public static Mode of(int index) {
            return ALL[Math.floorMod(index, ALL.length)];
        }

        public static int count() {
            return ALL.length;
        }
    }

    public Scale {
        if (tonic < 0 || tonic > 11) {
            throw new IllegalArgumentException("invalid tonic: " + tonic + " (expected a pitch class 0..11)");
        }
        if (mode == null) {
            throw new IllegalArgumentException("missing scale mode");
        }
    }

    /**
     * The scale of {@code key} (a note name: C, F#, Bb, c#; null for C) and {@code mode} (null for
     * major, or chromatic when no key is given either).
     */
    public static Scale parse(String key, String mode) {
        if (key == null && mode == null) {
            return CHROMATIC;
        }
        return new Scale(key == null ? 0 : tonicOf(key), mode == null ? Mode.MAJOR : Mode.parse(mode));
    }

    /** The pitch class of a note name: a letter A..G, then any number of '#' or 'b'. */
    public static int tonicOf(String name) {
        String n = name.trim();
        if (n.isEmpty() || "CDEFGAB".indexOf(Character.toUpperCase(n.charAt(0))) < 0) {
            throw new IllegalArgumentException("unknown key: '" + name + "' (expected a note name such as C, F#,"
                    + " Bb)");
        }
        int pc = new int[] {0, 2, 4, 5, 7, 9, 11}["CDEFGAB".indexOf(Character.toUpperCase(n.charAt(0)))];
        for (int i = 1; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '#' || c == '♯') {
                pc++;
            } else if (c == 'b' || c == '♭') {
                pc--;
            } else {
                throw new IllegalArgumentException("unknown key: '" + name + "' (expected a note name such as C, F#,"
                        + " Bb)");
            }
        }
        return Math.floorMod(pc, 12);
    }

    /** Tonic and mode in one int, for a volatile hand-over. */
    public int code() {
        return tonic * 32 + mode.ordinal();
    }

    /** The scale of {@link #code()}. */
    public static Scale of(int code) {
        return new Scale(code / 32, Mode.of(code % 32));
    }

    /** The pitch classes allowed by the scale of {@code code}: bit {@code pc} for pitch class pc. Allocation-free. */
    public static int maskOf(int code) {
        int tonic = code / 32;
        int mask = Mode.of(code % 32).mask;
        return (mask << tonic | mask >>> (12 - tonic)) & 0xFFF;
    }

    /** This scale's pitch classes as a mask (bit 0 = C). */
    public int mask() {
        return maskOf(code());
    }

    /**
     * How far to move music written on the white keys (C major, A minor and their modes) so that its
     * notes fit this scale best: the shift, -5..+6 semitones, whose moved white keys share the most
     * pitch classes with the scale, the smallest move among equals (0 for the chromatic scale, A minor
     * or D dorian; +4 for E major, -2 for Bb major). What a model trained in C plays to be in this key.
     */
    public int whiteKeyShift() {
        long[] inScale = new long[12];
        for (int pc = 0; pc < 12; pc++) {
            inScale[pc] = mask() >>> pc & 1;
        }
        return whiteKeyShift(inScale);
    }

    /**
     * The shift, -5..+6 semitones, that moves the white keys onto the most weight of {@code
     * byPitchClass} (weight per pitch class, C = 0), the smallest move among equals, down before up:
     * how far music written in C moves to fit that music's notes. Music with that weight moves to C
     * by its negation.
     */
    public static int whiteKeyShift(long[] byPitchClass) {
        int best = 0;
        long bestShared = -1;
        for (int d = 0; d <= 6; d++) {
            for (int shift = -d; shift <= d; shift += Math.max(1, 2 * d)) {
                if (shift < -5) {
                    continue;
                }
                long shared = 0;
                for (int pc = 0; pc < 12; pc++) {
                    shared += (Mode.MAJOR.mask >>> Math.floorMod(pc - shift, 12) & 1) * byPitchClass[pc];
                }
                if (shared > bestShared) {
                    best = shift;
                    bestShared = shared;
                }
            }
        }
        return best;
    }

    /** The same mode on the tonic {@code semitones} higher (lower when negative). */
    public Scale transposed(int semitones) {
        return new Scale(Math.floorMod(tonic + semitones, 12), mode);
    }

    /** The next mode ({@code step} 1) or an earlier one, on the same tonic. */
    public Scale nextMode(int step) {
        return new Scale(tonic, Mode.of(mode.ordinal() + step));
    }

    /** The key's name with sharps or flats as musicians spell the twelve tonics, e.g. Eb, F#. */
    public static String noteName(int pitchClass) {
        return NAMES[Math.floorMod(pitchClass, 12)];
    }

    @Override
    public String toString() {
        return mode == Mode.CHROMATIC ? "chromatic" : noteName(tonic) + " " + mode.key().replace('-', ' ');
    }
}
