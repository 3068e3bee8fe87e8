package dev.cadenza.engine.preset;

import static dev.cadenza.engine.preset.PresetSamples.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.EngineException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetFilesTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ round trips

    @Test
    void everyArrayRoundTripsBitForBitIncludingNanPayloadsNegativeZeroAndSubnormals() {
        Preset preset = PresetSamples.tiny("tiny");
        Path file = dir.resolve("tiny.cadenza");
        PresetFiles.write(preset, file);

        Preset read = PresetFiles.read(file);

        assertEquals(List.copyOf(preset.tensors().keySet()), List.copyOf(read.tensors().keySet()), "array order");
        for (String name : preset.tensors().keySet()) {
            Tensor expected = preset.tensor(name);
            Tensor actual = read.tensor(name);
            assertArrayEquals(expected.shape(), actual.shape(), name);
            assertArrayEquals(bits(expected.data()), bits(actual.data()), name);
        }
        assertArrayEquals(PresetSamples.SPECIAL_BITS, bits(read.tensor("special").data()));
    }

    @Test
    void theManifestRoundTripsWithTheArraysTheWriterFilledIn() {
        Preset preset = PresetSamples.tiny("tiny");
        Path file = dir.resolve("tiny.cadenza");
        PresetManifest written = PresetFiles.write(preset, file);

        PresetManifest read = PresetFiles.read(file).manifest();

        assertEquals(written, read);
        assertEquals(PresetManifest.FORMAT_VERSION, read.formatVersion());
        assertEquals("tiny", read.name());
        assertEquals("rnnrbm", read.kind());
        assertEquals("a tiny test preset", read.description());
        assertEquals(60, read.range().low());
        assertEquals(63, read.range().high());
        assertEquals(4, read.stepsPerQuarter());
        assertEquals(PresetSamples.hyper(), read.hyperParameters());
        assertEquals(PresetSamples.provenance(), read.provenance());
        assertTrue(Double.isNaN(read.provenance().metrics().get("test.nan")));
        assertEquals(List.of("W", "special", "cube", "scalar", "empty"), List.copyOf(read.arrays().keySet()));
        ArrayEntry w = read.arrays().get("W");
        assertEquals("W.npy", w.file());
        assertEquals("<f4", w.dtype());
        assertArrayEquals(new int[] {4, 3}, w.shape());
        assertEquals(PresetFiles.sha256(Npy.encode(preset.tensor("W"))), w.sha256());
    }

    @Test
    void aPresetReadsTheSameFromAStreamAsFromAFile() throws IOException {
        Path file = dir.resolve("tiny.cadenza");
        PresetFiles.write(PresetSamples.tiny("tiny"), file);
        Preset fromFile = PresetFiles.read(file);

        Preset fromStream;
        try (InputStream in = Files.newInputStream(file)) {
            fromStream = PresetFiles.read(in, "tiny.cadenza (bundled)");
        }

        assertEquals(fromFile.manifest(), fromStream.manifest());
        assertEquals(fromFile.tensors(), fromStream.tensors());
    }

    @Test
    void aPresetWithoutProvenanceOrHyperParametersRoundTrips() {
        PresetManifest bare = new PresetManifest(1, "bare", "biaxial", null, 21, 108, 4, null, null, null);
        Path file = dir.resolve("bare.cadenza");
        PresetFiles.write(new Preset(bare, Map.of("x", Tensor.of(new float[] {1, 2}, 2))), file);

        Preset read = PresetFiles.read(file);

        assertNull(read.manifest().provenance());
        assertEquals(Map.of(), read.hyper());
        assertEquals("", read.manifest().description());
    }

    @Test
    void theSamePresetAlwaysGivesTheSameBytes() throws IOException {
        Preset preset = PresetSamples.tiny("tiny");
        PresetFiles.write(preset, dir.resolve("a.cadenza"));
        PresetFiles.write(preset, dir.resolve("b.cadenza"));

        assertArrayEquals(Files.readAllBytes(dir.resolve("a.cadenza")), Files.readAllBytes(dir.resolve("b.cadenza")));
    }

    @Test
    void theManifestIsPrettyJsonThatPeopleCanRead() throws IOException {
        Path file = dir.resolve("tiny.cadenza");
        PresetFiles.write(PresetSamples.tiny("tiny"), file);

        String json = new String(PresetSamples.unzip(Files.readAllBytes(file)).get("preset.json"), StandardCharsets.UTF_8);

        assertTrue(json.startsWith("{\n  \"formatVersion\": 1,\n  \"name\": \"tiny\",\n"), json);
        assertTrue(json.contains("\"shape\": [ 4, 3 ]"), json);
    }

    @Test
    void writingCreatesTheFoldersOfTheTarget() {
        Path file = dir.resolve("a/b/tiny.cadenza");
        PresetFiles.write(PresetSamples.tiny("tiny"), file);

        assertEquals("tiny", PresetFiles.read(file).name());
    }

    // ------------------------------------------------------------------ metrics known to be wrong

    @Test
    void aLogLikelihoodBeyondItsOwnCertainBoundIsRefusedAndNothingIsWritten() {
        Path file = dir.resolve("p.cadenza");
        // the forward AIS figure of an unconverged run, below the split's certain lower bound
        EngineException below = assertThrows(EngineException.class, () -> PresetFiles.write(withMetrics(Map.of(
                "test.nll", 2.065, "test.nll.certainLowerBound", 2.34)), file));
        assertEquals("cannot write preset " + file + ": invalid metric: test.nll = 2.065 is below its certain lower"
                + " bound test.nll.certainLowerBound = 2.34, a figure known to be wrong (evaluate again with cadenza"
                + " eval --save: where AIS has not converged it keeps only the bracket)", below.getMessage());
        assertThrows(EngineException.class, () -> PresetFiles.write(withMetrics(Map.of(
                "test.nll.low", 2.2, "test.nll.certainLowerBound", 2.34)), file), "a bracket starting below the bound");
        assertThrows(EngineException.class, () -> PresetFiles.write(withMetrics(Map.of(
                "test.nll.low", 2.5, "test.nll.high", 2.4)), file), "a bracket upside down");
        // the older naming: a log-likelihood above its own certain upper bound
        EngineException legacy = assertThrows(EngineException.class, () -> PresetFiles.write(withMetrics(Map.of(
                "test.logLikelihood", -2.065, "test.logLikelihoodCeiling", -2.34)), file));
        assertTrue(legacy.getMessage().contains("test.logLikelihood = -2.065 is above its certain upper bound"),
                legacy.getMessage());
        assertEquals(List.of(), files(), "nothing written");

        // within rounding of the bound, inside the bracket, or with no bound: written
        PresetFiles.write(withMetrics(Map.of("test.nll", 2.338, "test.nll.certainLowerBound", 2.34,
                "test.nll.low", 2.34, "test.nll.high", 2.41, "valid.nll", 1.0)), file);
        assertEquals(2.338, PresetFiles.read(file).manifest().provenance().metrics().get("test.nll"));
    }

    private static Preset withMetrics(Map<String, Double> metrics) {
        Preset tiny = PresetSamples.tiny("p");
        return new Preset(tiny.manifest().withProvenance(PresetSamples.provenance().withMetrics(metrics)), tiny.tensors());
    }

    // ------------------------------------------------------------------ atomic writes

    @Test
    void writingOverAnExistingPresetReplacesIt() {
        Path file = dir.resolve("p.cadenza");
        PresetFiles.write(PresetSamples.tiny("old"), file);
        PresetFiles.write(PresetSamples.tiny("new"), file);

        assertEquals("new", PresetFiles.read(file).name());
        assertEquals(List.of(file), files());
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldPresetIntactAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("p.cadenza");
        PresetFiles.write(PresetSamples.tiny("old"), file);
        byte[] before = Files.readAllBytes(file);
        Map<String, Object> hyper = new LinkedHashMap<>(PresetSamples.hyper());
        hyper.put("unwritable", new Object()); // JSON cannot write it: fails after the arrays are in the zip
        Preset bad = new Preset(PresetSamples.manifest("new").withName("new"), PresetSamples.tiny("new").tensors());
        Preset broken = new Preset(new PresetManifest(1, "new", "rnnrbm", "", 60, 63, 4, hyper, null, null),
                bad.tensors());

        EngineException e = assertThrows(EngineException.class, () -> PresetFiles.write(broken, file));

        assertTrue(e.getMessage().startsWith("cannot write preset " + file + ": its manifest cannot be written as JSON"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("an older file there is unchanged"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals("old", PresetFiles.read(file).name());
        assertEquals(List.of(file), files(), "no temporary file is left behind");
    }

    @Test
    void aWriteWhoseRenameFailsLeavesTheTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("taken.cadenza");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep.txt"), "keep");

        EngineException e = assertThrows(EngineException.class,
                () -> PresetFiles.write(PresetSamples.tiny("tiny"), target));

        assertTrue(e.getMessage().startsWith("cannot write preset " + target + " ("), e.getMessage());
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
        assertEquals(List.of(target), files(), "no temporary file is left behind");
    }

    // ------------------------------------------------------------------ damaged files

    @Test
    void aTruncatedPresetIsRejectedAtEveryCutLength() throws IOException {
        Path good = dir.resolve("good.cadenza");
        PresetFiles.write(PresetSamples.tiny("tiny"), good);
        byte[] bytes = Files.readAllBytes(good);

        for (int length : new int[] {1, 4, 30, 100, bytes.length / 2, bytes.length - 100, bytes.length - 22,
                bytes.length - 1}) {
            Path cut = dir.resolve("cut-" + length + ".cadenza");
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));

            EngineException e = assertThrows(EngineException.class, () -> PresetFiles.read(cut), "cut at " + length);

            assertTrue(e.getMessage().startsWith("preset " + cut + " is truncated or not a zip file ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("): re-download or retrain it"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void aStreamCutInsideTheArraysIsRejected() throws IOException {
        Path good = dir.resolve("good.cadenza");
        PresetFiles.write(PresetSamples.tiny("tiny"), good);
        byte[] bytes = Files.readAllBytes(good);

        for (int length : new int[] {100, 200, bytes.length / 2}) {
            byte[] cut = java.util.Arrays.copyOf(bytes, length);
            EngineException e = assertThrows(EngineException.class,
                    () -> PresetFiles.read(new ByteArrayInputStream(cut), "tiny.cadenza"), "cut at " + length);

            assertTrue(e.getMessage().startsWith("preset tiny.cadenza "), e.getMessage());
            assertTrue(e.getMessage().endsWith(": re-download or retrain it"), e.getMessage());
        }
    }

    @Test
    void oneFlippedByteInAnArrayFailsItsChecksumAndTheMessageNamesTheArray() throws IOException {
        Path file = dir.resolve("flipped.cadenza");
        PresetFiles.write(PresetSamples.tiny("tiny"), file);
        byte[] bytes = Files.readAllBytes(file);
        int dataOfW = indexOf(bytes, "W.npy".getBytes(StandardCharsets.US_ASCII)) + "W.npy".length() + 128 + 5;
        bytes[dataOfW] ^= 0x01;
        Files.write(file, bytes);

        EngineException e = assertThrows(EngineException.class, () -> PresetFiles.read(file));

        assertTrue(e.getMessage().startsWith("preset " + file + " has array W (W.npy) failing its checksum (sha256 "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("the file is corrupt: re-download or retrain it"), e.getMessage());
    }

    @Test
    void oneFlippedByteInAnArrayReadFromAStreamNamesTheArray() throws IOException {
        Path file = dir.resolve("flipped.cadenza");
        PresetFiles.write(PresetSamples.tiny("tiny"), file);
        byte[] bytes = Files.readAllBytes(file);
        int dataOfW = indexOf(bytes, "W.npy".getBytes(StandardCharsets.US_ASCII)) + "W.npy".length() + 128 + 5;
        bytes[dataOfW] ^= 0x01;

        EngineException e = assertThrows(EngineException.class,
                () -> PresetFiles.read(new ByteArrayInputStream(bytes), "tiny.cadenza"));

        assertTrue(e.getMessage().startsWith("preset tiny.cadenza is truncated or damaged at W.npy (ZipException:"
                + " invalid entry CRC"), e.getMessage());
        assertTrue(e.getMessage().endsWith("): re-download or retrain it"), e.getMessage());
    }

    @Test
    void anArrayReplacedInAValidZipFailsItsChecksum() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        entries.put("cube.npy", Npy.encode(Tensor.of(new float[24], 2, 3, 4)));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertTrue(e.getMessage().startsWith("preset x.cadenza has array cube (cube.npy) failing its checksum"),
                e.getMessage());
    }

    @Test
    void anArrayInflatingPastItsDeclaredShapeIsRefusedBeforeItIsRead() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        // W is declared [4, 3]: 48 bytes of data; a megabyte of zeros compresses to a kilobyte
        entries.put("W.npy", new byte[1 << 20]);

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has W.npy inflating past the 4144 bytes it may take (its declared shape, or "
                + PresetFiles.MAX_ENTRY_BYTES + " bytes for any entry): a damaged file or a zip bomb: re-download or"
                + " retrain it", e.getMessage());
    }

    @Test
    void aDeclaredShapeBeyondAnyModelIsRefusedWithoutReadingTheArray() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replace("\"shape\": [ 4, 3 ]", "\"shape\": [ 65536, 65536 ]"));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertTrue(e.getMessage().contains("invalid shape of W.npy: more than 67108864 elements"), e.getMessage());
    }

    @Test
    void aManifestOfMoreThanAMegabyteIsRefused() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replaceFirst("\\{", "{ \"padding\": \"" + " ".repeat(1 << 20) + "\","));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertTrue(e.getMessage().startsWith("preset x.cadenza has preset.json inflating past the 1048576 bytes"),
                e.getMessage());
    }

    @Test
    void aCorruptManifestIsRejected() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        entries.put("preset.json", "{\n  \"formatVersion\": 1,\n  \"name\": tiny\n}".getBytes(StandardCharsets.UTF_8));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertTrue(e.getMessage().startsWith("preset x.cadenza has a preset.json that is not valid JSON ("), e.getMessage());
        assertTrue(e.getMessage().contains("at line 3, column"), e.getMessage());
        assertTrue(e.getMessage().endsWith("): re-download or retrain it"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException, "cause chained");
    }

    @Test
    void aManifestWithARepeatedKeyIsRejected() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replace("\"name\": \"tiny\",", "\"name\": \"tiny\", \"name\": \"other\","));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertTrue(e.getMessage().startsWith("preset x.cadenza has a preset.json that is not valid JSON (Duplicate field"
                + " 'name' at line 3, column "), e.getMessage());
    }

    @Test
    void aManifestThatIsNotAnObjectIsRejected() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        entries.put("preset.json", "[1, 2]".getBytes(StandardCharsets.UTF_8));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has a preset.json that is not a JSON object: re-download or retrain it",
                e.getMessage());
    }

    @Test
    void aMissingManifestIsRejected() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        entries.remove("preset.json");

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has no preset.json (it is not a Cadenza preset, or it is damaged):"
                + " re-download or retrain it", e.getMessage());
    }

    @Test
    void aManifestWithoutARequiredFieldIsRejectedNamingTheField() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replace("  \"kind\": \"rnnrbm\",\n", ""));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has a preset.json without the required field 'kind': re-download or retrain it",
                e.getMessage());
    }

    @Test
    void aManifestFieldOfTheWrongTypeIsRejectedNamingTheValue() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replace("\"pitchLow\": 60", "\"pitchLow\": \"sixty\""));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has a preset.json whose 'pitchLow' is \"sixty\" (expected an integer):"
                + " re-download or retrain it", e.getMessage());
    }

    @Test
    void aManifestWithAnImpossibleValueIsRejectedNamingTheValue() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replace("\"pitchHigh\": 63", "\"pitchHigh\": 200"));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has an invalid preset.json (invalid high pitch: 200 (expected 60..127)):"
                + " re-download or retrain it", e.getMessage());
    }

    @Test
    void aNewerFormatVersionIsRejectedNamingBothVersions() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replace("\"formatVersion\": 1", "\"formatVersion\": 3"));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza was written by format version 3; this Cadenza reads up to version 1:"
                + " upgrade Cadenza", e.getMessage());
    }

    @Test
    void aFormatVersionBelowOneIsRejected() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replace("\"formatVersion\": 1", "\"formatVersion\": 0"));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has format version 0 (expected 1..1): re-download or retrain it", e.getMessage());
    }

    @Test
    void aListedArrayThatIsMissingIsRejectedNamingIt() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        entries.remove("cube.npy");

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza lists array cube (cube.npy) but holds no cube.npy: re-download or retrain it",
                e.getMessage());
    }

    @Test
    void anArrayOfAnotherDtypeIsRejectedEvenWithAMatchingChecksum() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        byte[] npy = Npy.encode(Tensor.of(new float[] {2.5f}));
        byte[] f8 = new String(npy, StandardCharsets.ISO_8859_1).replace("'<f4'", "'<f8'")
                .getBytes(StandardCharsets.ISO_8859_1);
        entries.put("scalar.npy", f8);
        String oldSha = PresetFiles.sha256(npy);
        editManifest(entries, json -> json.replace(oldSha, PresetFiles.sha256(f8)));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has array scalar (scalar.npy) that is not a valid float32 .npy file"
                + " (scalar.npy has dtype '<f8' (expected '<f4', little-endian float32)): re-download or retrain it",
                e.getMessage());
    }

    @Test
    void anArrayWhoseShapeDisagreesWithTheManifestIsRejected() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        editManifest(entries, json -> json.replace("\"shape\": [ 4, 3 ]", "\"shape\": [ 3, 4 ]"));

        EngineException e = assertThrows(EngineException.class, () -> readZip(entries));

        assertEquals("preset x.cadenza has array W (W.npy) of shape (4, 3) but preset.json says (3, 4):"
                + " re-download or retrain it", e.getMessage());
    }

    @Test
    void anUnlistedExtraFileIsIgnored() {
        Map<String, byte[]> entries = entriesOf(PresetSamples.tiny("tiny"));
        entries.put("README.txt", "notes".getBytes(StandardCharsets.UTF_8));

        assertEquals("tiny", readZip(entries).name());
    }

    @Test
    void aFileThatIsNotAZipIsRejected() throws IOException {
        Path file = dir.resolve("text.cadenza");
        Files.writeString(file, "this is a text file, not a preset\n");

        EngineException e = assertThrows(EngineException.class, () -> PresetFiles.read(file));

        assertTrue(e.getMessage().startsWith("preset " + file + " is truncated or not a zip file ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): re-download or retrain it"), e.getMessage());
    }

    @Test
    void aStreamThatIsNotAZipIsRejected() {
        byte[] text = "this is a text file, not a preset\n".getBytes(StandardCharsets.UTF_8);

        EngineException e = assertThrows(EngineException.class,
                () -> PresetFiles.read(new ByteArrayInputStream(text), "text.cadenza"));

        assertEquals("preset text.cadenza is empty or not a zip file (no zip entries found): re-download or retrain it",
                e.getMessage());
    }

    @Test
    void anEmptyFileIsRejected() throws IOException {
        Path file = dir.resolve("empty.cadenza");
        Files.createFile(file);

        EngineException e = assertThrows(EngineException.class, () -> PresetFiles.read(file));

        assertEquals("preset " + file + " is empty (0 bytes): re-download or retrain it", e.getMessage());
    }

    @Test
    void aMissingFileIsRejectedNamingThePath() {
        Path file = dir.resolve("nowhere.cadenza");

        EngineException e = assertThrows(EngineException.class, () -> PresetFiles.read(file));

        assertEquals("no preset file " + file + ": check the path", e.getMessage());
    }

    @Test
    void aFolderIsRejected() {
        EngineException e = assertThrows(EngineException.class, () -> PresetFiles.read(dir));

        assertEquals("preset " + dir + " is a folder (expected a .cadenza file)", e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private List<Path> files() {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, byte[]> entriesOf(Preset preset) {
        Path file = dir.resolve("source.cadenza");
        PresetFiles.write(preset, file);
        try {
            return PresetSamples.unzip(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void editManifest(Map<String, byte[]> entries, java.util.function.UnaryOperator<String> edit) {
        String json = new String(entries.get("preset.json"), StandardCharsets.UTF_8);
        String edited = edit.apply(json);
        assertFalse(edited.equals(json), "the edit changed the manifest");
        entries.put("preset.json", edited.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a hand-made zip both ways, from a file x.cadenza and from a stream named x.cadenza, checks
     * that both readers agree, and returns the preset or throws the stream reader's exception.
     */
    private Preset readZip(Map<String, byte[]> entries) {
        byte[] zip = PresetSamples.zip(entries);
        Path file = dir.resolve("x.cadenza");
        try {
            Files.write(file, zip);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String fileMessage = null;
        try {
            PresetFiles.read(file);
        } catch (EngineException e) {
            fileMessage = e.getMessage();
        }
        try {
            Preset preset = PresetFiles.read(new ByteArrayInputStream(zip), "x.cadenza");
            assertNull(fileMessage, "the stream reader accepted what the file reader rejected");
            return preset;
        } catch (EngineException e) {
            assertEquals(e.getMessage().replace("preset x.cadenza", "preset " + file), fileMessage,
                    "the file and stream readers agree");
            throw e;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
