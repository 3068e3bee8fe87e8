package dev.cadenza.engine.preset;

import dev.cadenza.engine.roll.PitchRange;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a preset's {@code preset.json}: what model it is and everything needed to run it
 * except the weight arrays themselves.
 *
 * <p>Hyper-parameters are JSON values: numbers, strings, booleans, lists and maps of these. Read
 * from a file, integers come back as {@code Integer} or {@code Long} and other numbers as
 * {@code Double}; {@link Preset#hyperInt} and {@link Preset#hyperDouble} read them either way.
 *
 * @param formatVersion the preset format version the file was written in, 1..{@link #FORMAT_VERSION}
 * @param name the preset's name, e.g. {@code jsb-rnnrbm}
 * @param kind the model family: a registered {@link dev.cadenza.engine.model.ModelKind}'s id
 * @param description one line for people, may be empty
 * @param pitchLow lowest MIDI pitch of the model's frames
 * @param pitchHigh highest MIDI pitch of the model's frames
 * @param stepsPerQuarter the grid the model was trained at
 * @param hyperParameters every hyper-parameter of the model and of its training, by name, in order
 * @param provenance where the model came from; {@code null} for a preset made without training
 * @param arrays the weight arrays' files, by array name, in order; empty until the preset is written
 */
public record PresetManifest(
        int formatVersion,
        String name,
        String kind,
        String description,
        int pitchLow,
        int pitchHigh,
        int stepsPerQuarter,
        Map<String, Object> hyperParameters,
        Provenance provenance,
        Map<String, ArrayEntry> arrays) {

    /** The format version this code writes, and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    public PresetManifest {
        if (formatVersion < 1) {
            throw new IllegalArgumentException("invalid preset format version: " + formatVersion
                    + " (expected 1.." + FORMAT_VERSION + ")");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("invalid preset name: '" + name + "' (expected a non-empty name)");
        }
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("invalid model kind: '" + kind + "' (expected a model kind's name)");
        }
        new PitchRange(pitchLow, pitchHigh); // checks the range and names the bad pitch
        if (stepsPerQuarter < 1 || stepsPerQuarter > 96) {
            throw new IllegalArgumentException("invalid steps per quarter: " + stepsPerQuarter + " (expected 1..96)");
        }
        description = description == null ? "" : description;
        hyperParameters = hyperParameters == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(hyperParameters));
        arrays = arrays == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /**
     * A manifest of the current format version with no arrays yet (the writer fills them in).
     */
    public static PresetManifest of(String name, String kind, String description, PitchRange range,
            int stepsPerQuarter, Map<String, Object> hyperParameters, Provenance provenance) {
        return new PresetManifest(FORMAT_VERSION, name, kind, description, range.low(), range.high(),
                stepsPerQuarter, hyperParameters, provenance, Map.of());
    }

    /** The pitch range of the model's frames. */
    public PitchRange range() {
        return new PitchRange(pitchLow, pitchHigh);
    }

    /** This manifest under another name. */
    public PresetManifest withName(String newName) {
        return new PresetManifest(formatVersion, newName, kind, description, pitchLow, pitchHigh, stepsPerQuarter,
                hyperParameters, provenance, arrays);
    }

    /** This manifest with another provenance. */
    public PresetManifest withProvenance(Provenance newProvenance) {
        return new PresetManifest(formatVersion, name, kind, description, pitchLow, pitchHigh, stepsPerQuarter,
                hyperParameters, newProvenance, arrays);
    }

    /** This manifest with other hyper-parameters. */
    public PresetManifest withHyperParameters(Map<String, Object> newHyperParameters) {
        return new PresetManifest(formatVersion, name, kind, description, pitchLow, pitchHigh, stepsPerQuarter,
                newHyperParameters, provenance, arrays);
    }

    /** This manifest with other array entries (the writer's use). */
    public PresetManifest withArrays(Map<String, ArrayEntry> newArrays) {
        return new PresetManifest(formatVersion, name, kind, description, pitchLow, pitchHigh, stepsPerQuarter,
                hyperParameters, provenance, newArrays);
    }

    /** This manifest with another format version (the writer stamps the current one). */
    public PresetManifest withFormatVersion(int version) {
        return new PresetManifest(version, name, kind, description, pitchLow, pitchHigh, stepsPerQuarter,
                hyperParameters, provenance, arrays);
    }
}
