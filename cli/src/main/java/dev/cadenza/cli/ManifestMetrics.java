package dev.cadenza.cli;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.Provenance;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Writes a preset with new figures in its manifest's metrics, as {@code eval --save} and {@code judge --save} do. */
final class ManifestMetrics {
    private ManifestMetrics() {}

    /**
     * Writes {@code preset} to {@code file} with {@code figures} in its metrics: the metrics whose key
     * starts with {@code replacedPrefix} are replaced as a whole, every other one is kept. A preset
     * without provenance gets {@code withoutProvenance}'s.
     */
    static void save(Preset preset, String replacedPrefix, Map<String, Double> figures,
            Supplier<Provenance> withoutProvenance, Path file) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        Provenance old = preset.manifest().provenance();
        if (old != null && old.metrics() != null) {
            old.metrics().forEach((key, value) -> {
                if (!key.startsWith(replacedPrefix)) {
                    metrics.put(key, value);
                }
            });
        }
        metrics.putAll(figures);
        Provenance updated = old == null
                ? withoutProvenance.get().withMetrics(metrics)
                : old.withMetrics(metrics);
        PresetFiles.write(new Preset(preset.manifest().withProvenance(updated), preset.tensors()), file);
    }
}
