package dev.cadenza.presets;

import dev.cadenza.engine.biaxial.BiaxialKind;
import dev.cadenza.engine.rnnrbm.RnnRbmKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.engine.roll.PitchRange;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetsTest {

    @TempDir
    Path dir;

    @Test
    void aPathToAPresetFileLoadsIt() {
        Path file = dir.resolve("mine.cadenza");
        PresetFiles.write(preset("mine"), file);

        Preset loaded = Presets.load(file.toString());

        assertEquals("mine", loaded.name());
        assertEquals(Tensor.of(new float[] {1f, -2f}, 2), loaded.tensor("b"));
    }

    @Test
    void anUnknownNameIsRejectedListingTheBundledPresets() {
        EngineException e = assertThrows(EngineException.class, () -> Presets.load("no-such-preset"));

        List<String> names = Presets.names();
        String expected = names.isEmpty()
                ? "no preset named 'no-such-preset': this build bundles no presets (give a path to a .cadenza file)"
                : "no preset named 'no-such-preset': bundled presets are " + String.join(", ", names)
                        + " (or give a path to a .cadenza file)";
        assertEquals(expected, e.getMessage());
    }

    @Test
    void aMissingPathIsRejectedAsAPath() {
        String missing = dir.resolve("gone.cadenza").toString();

        EngineException e = assertThrows(EngineException.class, () -> Presets.load(missing));

        assertTrue(e.getMessage().startsWith("no preset file " + missing + ": check the path"), e.getMessage());
    }

    @Test
    void everyBundledPresetInTheIndexLoadsUnderItsName() {
        for (String name : Presets.names()) {
            assertEquals(name, Presets.load(name).name(), "bundled preset " + name);
        }
    }

    @Test
    void everyBundledPresetCarriesItsTestFiguresWithinItsSizeBudget() throws IOException {
        for (String name : Presets.names()) {
            Map<String, Double> metrics = Presets.load(name).manifest().provenance().metrics();
            for (String key : List.of("test.acc.sampled.pooled", "test.acc.sampled.perFrame", "test.acc.likely.pooled",
                    "test.acc.likely.perFrame", "test.acc.likely.threshold", "test.acc.copy.pooled",
                    "test.acc.copy.perFrame", "test.acc.sampledMinusCopy.pooled.low")) {
                assertTrue(metrics.containsKey(key), name + " carries " + key + " (eval's protocol): " + metrics.keySet());
            }
            assertTrue(metrics.containsKey("test.nll") || metrics.containsKey("test.nll.low"),
                    name + " carries its test-split NLL, or its bracket where AIS has not converged: " + metrics.keySet());
            assertTrue(metrics.keySet().stream().anyMatch(k -> k.startsWith("judge.") && k.endsWith(".summary")),
                    name + " carries the judge's figures for what it plays on its own: " + metrics.keySet());
            var provenance = Presets.load(name).manifest().provenance();
            assertTrue(provenance.dataset() != null && provenance.split() != null && provenance.datasetLicence() != null,
                    name + " records its corpus, split and the corpus's licence: " + provenance);
            long bytes;
            try (var in = Presets.class.getResourceAsStream(name + ".cadenza")) {
                bytes = in.readAllBytes().length;
            }
            String kind = Presets.load(name).manifest().kind();
            long budget = kind.equals(BiaxialKind.ID) ? 10_000_000 : 5_000_000;
            assertTrue(bytes < budget, name + " is " + bytes + " bytes (budget " + budget + ")");
        }
    }

    @Test
    void aBundleLoadsItsPresetsFromTheClassPathByName() throws IOException {
        try (URLClassLoader loader = bundle("tiny\n\n# a comment\nsmall\n", "tiny", "small")) {
            Presets.Bundle bundle = new Presets.Bundle(loader, "dev/cadenza/presets/");

            assertEquals(List.of("tiny", "small"), bundle.names());
            assertEquals("tiny", bundle.load("tiny").name());
            assertEquals("small", bundle.load("small").name());
        }
    }

    @Test
    void aBundleNamesItsPresetsWhenANameIsUnknown() throws IOException {
        try (URLClassLoader loader = bundle("tiny\nsmall\n", "tiny", "small")) {
            Presets.Bundle bundle = new Presets.Bundle(loader, "dev/cadenza/presets/");

            EngineException e = assertThrows(EngineException.class, () -> bundle.load("foo"));

            assertEquals("no preset named 'foo': bundled presets are tiny, small (or give a path to a .cadenza file)",
                    e.getMessage());
        }
    }

    @Test
    void aPresetListedInTheIndexButMissingFromTheJarSaysToRebuild() throws IOException {
        try (URLClassLoader loader = bundle("tiny\nlost\n", "tiny")) {
            Presets.Bundle bundle = new Presets.Bundle(loader, "dev/cadenza/presets/");

            EngineException e = assertThrows(EngineException.class, () -> bundle.load("lost"));

            assertEquals("bundled preset 'lost' is listed in dev/cadenza/presets/index.txt but"
                    + " dev/cadenza/presets/lost.cadenza is missing from the presets jar: rebuild Cadenza",
                    e.getMessage());
        }
    }

    @Test
    void anEmptyIndexMeansNoBundledPresets() throws IOException {
        try (URLClassLoader loader = bundle("\n  \n")) {
            Presets.Bundle bundle = new Presets.Bundle(loader, "dev/cadenza/presets/");

            assertEquals(List.of(), bundle.names());
            EngineException e = assertThrows(EngineException.class, () -> bundle.load("jsb-rnnrbm"));
            assertEquals("no preset named 'jsb-rnnrbm': this build bundles no presets"
                    + " (give a path to a .cadenza file)", e.getMessage());
        }
    }

    @Test
    void theShippedIndexListsNoBlankOrDuplicateNames() {
        List<String> names = Presets.names();

        assertEquals(names.size(), names.stream().distinct().count());
        names.forEach(name -> assertFalse(name.isBlank()));
    }

    /** A class loader over a folder laid out as the presets jar: an index and the named presets. */
    private URLClassLoader bundle(String index, String... presets) throws IOException {
        Path root = dir.resolve("classpath");
        Path folder = Files.createDirectories(root.resolve("dev/cadenza/presets"));
        Files.writeString(folder.resolve("index.txt"), index);
        for (String name : presets) {
            PresetFiles.write(preset(name), folder.resolve(name + ".cadenza"));
        }
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }

    private static Preset preset(String name) {
        PresetManifest manifest = PresetManifest.of(name, RnnRbmKind.ID, "test", PitchRange.PIANO, 4,
                Map.of("hidden", 2), null);
        return new Preset(manifest, Map.of("b", Tensor.of(new float[] {1f, -2f}, 2)));
    }
}
