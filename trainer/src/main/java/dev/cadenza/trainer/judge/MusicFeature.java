package dev.cadenza.trainer.judge;

/**
 * The scalar features the judge compares, each measured on one excerpt on the judge's grid
 * ({@link Excerpts}); {@link MusicFeatures#of} computes them all. A note is a struck cell and the
 * held cells after it (a held cell after silence, or at the excerpt's first step, starts a note too,
 * but only a struck cell counts as an onset). Lengths and times are in quarter notes, intervals in
 * semitones, a bar is four quarters.
 */
public enum MusicFeature {
    ONSETS_PER_BAR("onsets per bar", "%.2f"),
    POLYPHONY("mean polyphony", "%.2f"),
    SILENT_STEPS("silent steps", "%.3f"),
    PITCH_RANGE("pitch range", "%.1f"),
    /** The register: the mean MIDI pitch of the sounding cells (a texture drifting up or down shows here). */
    MEAN_PITCH("mean pitch", "%.1f"),
    DISTINCT_PITCHES("distinct pitches", "%.1f"),
    PITCH_CLASS_ENTROPY("pitch-class entropy", "%.2f"),
    MEAN_NOTE_LENGTH("mean note length", "%.2f"),
    LONGEST_NOTE("longest note", "%.2f"),
    INTER_ONSET_INTERVAL("inter-onset interval", "%.3f"),
    REPEATED_STEPS("steps repeating", "%.3f"),
    TOP_VOICE_INTERVAL("top-voice interval", "%.2f"),
    SCALE_CONSISTENCY("scale consistency", "%.3f"),
    RESTRUCK_SHARE("re-struck onsets", "%.3f");

    private final String label;
    private final String format;

    MusicFeature(String label, String format) {
        this.label = label;
        this.format = format;
    }

    /** A short name for tables and charts. */
    public String label() {
        return label;
    }

    /** The value as the tables print it. */
    public String format(double value) {
        return String.format(java.util.Locale.ROOT, format, value);
    }
}
