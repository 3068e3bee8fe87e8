package dev.cadenza.engine.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.roll.PitchRange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PresetTest {

    private final Preset preset = PresetSamples.tiny("tiny");

    @Test
    void aMissingArrayIsNamedWithTheArraysThePresetHas() {
        EngineException e = assertThrows(EngineException.class, () -> preset.tensor("Wuu"));

        assertEquals("preset 'tiny' (rnnrbm) has no array 'Wuu' (it has W, special, cube, scalar, empty):"
                + " it was made for another model or version; retrain it", e.getMessage());
    }

    private static final int SPECIAL_LENGTH = PresetSamples.SPECIAL_BITS.length;

    @Test
    void anArrayOfAnotherShapeThanExpectedIsRejected() {
        EngineException e = assertThrows(EngineException.class, () -> preset.tensor("W", 3, 4));

        assertEquals("preset 'tiny': array 'W' has shape (4, 3) (expected (3, 4) from its hyper-parameters):"
                + " the preset is inconsistent; retrain it", e.getMessage());
    }

    @Test
    void weightsThatAreNotFiniteAreRefusedNamingTheArray() {
        EngineException e = assertThrows(EngineException.class, () -> preset.tensor("special", SPECIAL_LENGTH));

        assertEquals("preset 'tiny': array 'special' holds NaN at element 0 (expected finite weights): it is damaged"
                + " or from a training run that diverged; retrain it", e.getMessage());
        assertEquals(preset.tensor("special"), preset.tensor("special"), "the container keeps every bit pattern");
    }

    @Test
    void theArraysKeepTheirInsertionOrder() {
        assertEquals(List.of("W", "special", "cube", "scalar", "empty"), List.copyOf(preset.tensors().keySet()));
    }

    @Test
    void hyperParametersAreReadAsIntsDoublesStringsAndBooleans() {
        assertEquals(3, preset.hyperInt("hidden"));
        assertEquals(3.0, preset.hyperDouble("hidden"));
        assertEquals(0.001, preset.hyperDouble("learningRate"));
        assertEquals("sgd", preset.hyperString("optimizer"));
        assertEquals(false, preset.hyperBoolean("dropout"));
    }

    @Test
    void aMissingHyperParameterIsNamedWithTheOnesThePresetHas() {
        EngineException e = assertThrows(EngineException.class, () -> preset.hyperInt("window"));

        assertEquals("preset 'tiny' (rnnrbm) has no hyper-parameter 'window' (it has hidden, recurrent, learningRate,"
                + " bigSeed, optimizer, dropout, layers): it was made for another model or version; retrain it",
                e.getMessage());
    }

    @Test
    void aFractionIsNotAnInt() {
        EngineException e = assertThrows(EngineException.class, () -> preset.hyperInt("learningRate"));

        assertEquals("preset 'tiny': hyper-parameter 'learningRate' is 0.001 (expected an integer)", e.getMessage());
    }

    @Test
    void aLongBeyondIntRangeIsNotAnInt() {
        EngineException e = assertThrows(EngineException.class, () -> preset.hyperInt("bigSeed"));

        assertEquals("preset 'tiny': hyper-parameter 'bigSeed' is 1099511627776 (expected an integer)", e.getMessage());
    }

    @Test
    void aStringIsNotANumber() {
        EngineException e = assertThrows(EngineException.class, () -> preset.hyperDouble("optimizer"));

        assertEquals("preset 'tiny': hyper-parameter 'optimizer' is 'sgd' (expected a number)", e.getMessage());
    }

    @Test
    void nanAsJsonWritesItIsReadAsADouble() {
        Map<String, Object> hyper = new LinkedHashMap<>();
        hyper.put("clip", "NaN");
        Preset withNan = new Preset(PresetManifest.of("n", "rnnrbm", "", PitchRange.PIANO, 4, hyper, null), Map.of());

        assertEquals(Double.NaN, withNan.hyperDouble("clip"));
    }

    @Test
    void anArrayNameThatIsNotAPortableFileNameIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Preset(PresetSamples.manifest("tiny"), Map.of("../W", Tensor.of(new float[1]))));

        assertEquals("invalid array name in preset 'tiny': '../W' (expected letters, digits, '_', '.', '-',"
                + " not starting with '.' or '-')", e.getMessage());
    }

    @Test
    void theManifestNamesItsRangeAndCanBeRenamedOrReProvenanced() {
        PresetManifest manifest = PresetSamples.manifest("tiny");

        assertEquals(new PitchRange(60, 63), manifest.range());
        assertEquals("other", manifest.withName("other").name());
        assertEquals(null, manifest.withProvenance(null).provenance());
        assertEquals(manifest.hyperParameters(), manifest.withName("other").hyperParameters());
    }

    @Test
    void provenanceOfARunNamesThisBuildThisJavaAndTheTimeInUtc() {
        Provenance provenance = Provenance.of("JSB Chorales", "00", "train", 3, 1.5, 9, Map.of("nll", 7.0), "nd4j");

        assertEquals(System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                provenance.java());
        assertEquals(System.getProperty("os.name") + " " + System.getProperty("os.arch"), provenance.os());
        assertEquals(dev.cadenza.engine.BuildInfo.projectVersion(), provenance.projectVersion());
        assertEquals(dev.cadenza.engine.BuildInfo.commit(), provenance.commit());
        assertEquals(provenance.createdAt(), java.time.Instant.parse(provenance.createdAt()).toString());
        assertEquals(true, provenance.createdAt().endsWith("Z"));
    }
}
