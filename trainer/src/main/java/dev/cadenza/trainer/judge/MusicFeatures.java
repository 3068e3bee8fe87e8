package dev.cadenza.trainer.judge;

import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.trainer.TrainerException;

/**
 * Computes the {@link MusicFeature}s of one excerpt. An empty excerpt (or one with no onset) has
 * the values silence gives: no onsets, polyphony 0, every step silent, a range, entropy, interval
 * and scale consistency of 0, and one inter-onset interval as long as the excerpt. Stateless.
 */
public final class MusicFeatures {
    private static final int[] MAJOR_SCALE = {0, 2, 4, 5, 7, 9, 11};

    private MusicFeatures() {}

    /** The features of {@code excerpt}, indexed by {@link MusicFeature#ordinal()}. */
    public static double[] of(PianoRoll excerpt) {
        if (excerpt.stepsPerQuarter() != Excerpts.STEPS_PER_QUARTER) {
            throw new TrainerException("features are measured on a grid of " + Excerpts.STEPS_PER_QUARTER
                    + " steps per quarter note, not " + excerpt.stepsPerQuarter() + " (use Excerpts.onSixteenths)");
        }
        int steps = excerpt.length();
        int width = excerpt.range().size();
        double quarters = steps / (double) Excerpts.STEPS_PER_QUARTER;
        double[] f = new double[MusicFeature.values().length];
        if (steps == 0) {
            f[MusicFeature.SILENT_STEPS.ordinal()] = 1;
            return f;
        }

        long sounding = 0;
        double pitchSum = 0;
        int silentSteps = 0;
        int repeated = 0;
        int onsets = 0;
        int restruck = 0;
        int lowest = Integer.MAX_VALUE;
        int highest = Integer.MIN_VALUE;
        boolean[] used = new boolean[width];
        double[] pitchClassOnsets = new double[12];
        int onsetSteps = 0;
        int firstOnsetStep = -1;
        int lastOnsetStep = -1;
        int topVoiceOnsets = 0;
        int previousTop = -1;
        double topVoiceIntervals = 0;
        for (int t = 0; t < steps; t++) {
            int count = 0;
            int top = -1;
            boolean struckHere = false;
            boolean sameAsBefore = t > 0;
            for (int i = 0; i < width; i++) {
                byte code = excerpt.code(t, i);
                boolean sounds = code != Cell.SILENT_CODE;
                if (t > 0 && sounds != excerpt.sounding(t - 1, i)) {
                    sameAsBefore = false;
                }
                if (!sounds) {
                    continue;
                }
                count++;
                pitchSum += excerpt.range().pitch(i);
                top = i;
                used[i] = true;
                lowest = Math.min(lowest, i);
                highest = Math.max(highest, i);
                if (code == Cell.STRUCK_CODE) {
                    struckHere = true;
                    onsets++;
                    pitchClassOnsets[Math.floorMod(excerpt.range().pitch(i), 12)]++;
                    if (t > 0 && excerpt.sounding(t - 1, i)) {
                        restruck++;
                    }
                }
            }
            sounding += count;
            if (count == 0) {
                silentSteps++;
            }
            if (sameAsBefore && !struckHere) {
                repeated++;
            }
            if (struckHere) {
                onsetSteps++;
                if (firstOnsetStep < 0) {
                    firstOnsetStep = t;
                }
                lastOnsetStep = t;
            }
            if (top >= 0 && excerpt.code(t, top) == Cell.STRUCK_CODE) {
                if (previousTop >= 0) {
                    topVoiceIntervals += Math.abs(top - previousTop);
                }
                previousTop = top;
                topVoiceOnsets++;
            }
        }

        f[MusicFeature.ONSETS_PER_BAR.ordinal()] = onsets / (quarters / 4);
        f[MusicFeature.POLYPHONY.ordinal()] = sounding / (double) steps;
        f[MusicFeature.SILENT_STEPS.ordinal()] = silentSteps / (double) steps;
        f[MusicFeature.PITCH_RANGE.ordinal()] = highest >= lowest ? highest - lowest : 0;
        f[MusicFeature.MEAN_PITCH.ordinal()] = sounding == 0 ? 0 : pitchSum / sounding;
        int distinct = 0;
        for (boolean u : used) {
            distinct += u ? 1 : 0;
        }
        f[MusicFeature.DISTINCT_PITCHES.ordinal()] = distinct;
        f[MusicFeature.PITCH_CLASS_ENTROPY.ordinal()] = entropyBits(pitchClassOnsets);
        double[] lengths = noteLengths(excerpt);
        f[MusicFeature.MEAN_NOTE_LENGTH.ordinal()] = lengths[0];
        f[MusicFeature.LONGEST_NOTE.ordinal()] = lengths[1];
        f[MusicFeature.INTER_ONSET_INTERVAL.ordinal()] = onsetSteps >= 2
                ? (lastOnsetStep - firstOnsetStep) / (double) (onsetSteps - 1) / Excerpts.STEPS_PER_QUARTER
                : quarters;
        f[MusicFeature.REPEATED_STEPS.ordinal()] = steps > 1 ? repeated / (double) (steps - 1) : 0;
        f[MusicFeature.TOP_VOICE_INTERVAL.ordinal()] = topVoiceOnsets >= 2 ? topVoiceIntervals / (topVoiceOnsets - 1) : 0;
        f[MusicFeature.SCALE_CONSISTENCY.ordinal()] = scaleConsistency(pitchClassOnsets, onsets);
        f[MusicFeature.RESTRUCK_SHARE.ordinal()] = onsets > 0 ? restruck / (double) onsets : 0;
        return f;
    }

    /** Bars of four quarters in which nothing sounds. */
    public static int silentBars(PianoRoll excerpt) {
        int bars = 0;
        for (int start = 0; start + Excerpts.STEPS_PER_BAR <= excerpt.length(); start += Excerpts.STEPS_PER_BAR) {
            boolean silent = true;
            for (int t = start; t < start + Excerpts.STEPS_PER_BAR && silent; t++) {
                for (int i = 0; i < excerpt.range().size(); i++) {
                    if (excerpt.sounding(t, i)) {
                        silent = false;
                        break;
                    }
                }
            }
            bars += silent ? 1 : 0;
        }
        return bars;
    }

    /** Mean and longest note, in quarter notes; {0, 0} with no note. */
    private static double[] noteLengths(PianoRoll excerpt) {
        int notes = 0;
        long total = 0;
        int longest = 0;
        for (int i = 0; i < excerpt.range().size(); i++) {
            int length = 0;
            for (int t = 0; t <= excerpt.length(); t++) {
                byte code = t < excerpt.length() ? excerpt.code(t, i) : Cell.SILENT_CODE;
                boolean continues = code == Cell.HELD_CODE && length > 0;
                if (continues) {
                    length++;
                    continue;
                }
                if (length > 0) {
                    notes++;
                    total += length;
                    longest = Math.max(longest, length);
                }
                length = code == Cell.SILENT_CODE ? 0 : 1;
            }
        }
        double spq = Excerpts.STEPS_PER_QUARTER;
        return notes == 0 ? new double[] {0, 0} : new double[] {total / (double) notes / spq, longest / spq};
    }

    private static double entropyBits(double[] counts) {
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        if (total == 0) {
            return 0;
        }
        double h = 0;
        for (double c : counts) {
            if (c > 0) {
                double p = c / total;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    /** The largest share of onsets that one major (or its relative natural minor) scale holds. */
    private static double scaleConsistency(double[] pitchClassOnsets, int onsets) {
        if (onsets == 0) {
            return 0;
        }
        double best = 0;
        for (int root = 0; root < 12; root++) {
            double in = 0;
            for (int degree : MAJOR_SCALE) {
                in += pitchClassOnsets[(root + degree) % 12];
            }
            best = Math.max(best, in);
        }
        return best / onsets;
    }
}
