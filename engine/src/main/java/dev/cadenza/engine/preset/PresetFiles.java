package dev.cadenza.engine.preset;


import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cadenza.engine.AtomicFiles;
import dev.cadenza.engine.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes and reads preset files (see the {@linkplain dev.cadenza.engine.preset package} for the
 * format).
 *
 * <p>Writing is atomic: the preset goes to a temporary file beside the target, is flushed to disk,
 * then renamed over the target; if anything fails the temporary file is removed and a preset already
 * at the target is left as it was.
 *
 * <p>Reading trusts nothing: every fault of a damaged, truncated, foreign or too new file is an
 * {@link EngineException} with a one-line message that names the file, says what is wrong and what to
 * do, and chains the underlying cause. Stateless and thread-safe; two threads must not write the same
 * target at once (the last rename wins, but each file is whole).
 */
public final class PresetFiles {

    /** The manifest's name inside the zip. */
    public static final String MANIFEST = "preset.json";

    /** The file extension of presets. */
    public static final String EXTENSION = ".cadenza";

    /** The most bytes a manifest may take: a few kilobytes in practice. */
    static final long MAX_MANIFEST_BYTES = 1 << 20;

    /** The most bytes any one entry may inflate to (an array of {@link ArrayEntry#MAX_ELEMENTS} and its header). */
    static final long MAX_ENTRY_BYTES = 4 * ArrayEntry.MAX_ELEMENTS + ArrayEntry.NPY_HEADER_ROOM;

    private static final String REMEDY = "re-download or retrain it";

    /** Fixed entry times, so that the same preset always gives the same bytes. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** Strict: a repeated key or text after the object means the manifest was damaged or hand-edited badly. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultPrettyPrinter.FixedSpaceIndenter.instance));

    private PresetFiles() {
    }

    // ---------------------------------------------------------------------------------- writing

    /**
     * Writes {@code preset} to {@code file} atomically, creating the file's folder if needed.
     *
     * @return the manifest as written: the current format version and one {@link ArrayEntry} per array
     * @throws EngineException if the file cannot be written (the message says why), or its metrics
     *     carry a figure known to be wrong ({@link Provenance#requireConsistentMetrics()}); a preset
     *     that was at {@code file} before is then unchanged
     */
    public static PresetManifest write(Preset preset, Path file) {
        Provenance provenance = preset.manifest().provenance();
        if (provenance != null) {
            try {
                provenance.requireConsistentMetrics();
            } catch (IllegalArgumentException e) {
                throw new EngineException("cannot write preset " + file + ": " + e.getMessage(), e);
            }
        }
        PresetManifest[] written = new PresetManifest[1];
        AtomicFiles.write(file, "preset", out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            written[0] = writeZip(preset, zip, file);
            zip.finish();
        });
        return written[0];
    }

    private static PresetManifest writeZip(Preset preset, ZipOutputStream zip, Path file) throws IOException {
        Map<String, ArrayEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> named : preset.tensors().entrySet()) {
            String name = named.getKey();
            byte[] npy = Npy.encode(named.getValue());
            String fileName = name + ".npy";
            CRC32 crc = new CRC32();
            crc.update(npy);
            // stored, not deflated, as numpy.savez does: float weights barely compress
            ZipEntry entry = new ZipEntry(fileName);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(npy.length);
            entry.setCompressedSize(npy.length);
            entry.setCrc(crc.getValue());
            entry.setTimeLocal(ENTRY_TIME);
            zip.putNextEntry(entry);
            zip.write(npy);
            zip.closeEntry();
            entries.put(name, new ArrayEntry(fileName, ArrayEntry.FLOAT32, named.getValue().shape(), sha256(npy)));
        }
        PresetManifest manifest = preset.manifest().withFormatVersion(PresetManifest.FORMAT_VERSION).withArrays(entries);
        byte[] json = toJson(manifest, file);
        ZipEntry entry = new ZipEntry(MANIFEST);
        entry.setMethod(ZipEntry.DEFLATED);
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(json);
        zip.closeEntry();
        return manifest;
    }

    /** The manifest as pretty JSON, fields in a fixed order. */
    static byte[] toJson(PresetManifest manifest, Path file) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("formatVersion", manifest.formatVersion());
        root.put("name", manifest.name());
        root.put("kind", manifest.kind());
        root.put("description", manifest.description());
        root.put("pitchLow", manifest.pitchLow());
        root.put("pitchHigh", manifest.pitchHigh());
        root.put("stepsPerQuarter", manifest.stepsPerQuarter());
        root.put("hyperParameters", manifest.hyperParameters());
        root.put("provenance", provenanceJson(manifest.provenance()));
        Map<String, Object> arrays = new LinkedHashMap<>();
        manifest.arrays().forEach((name, entry) -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("file", entry.file());
            fields.put("dtype", entry.dtype());
            fields.put("shape", entry.shape());
            fields.put("sha256", entry.sha256());
            arrays.put(name, fields);
        });
        root.put("arrays", arrays);
        try {
            byte[] json = PRETTY.writeValueAsBytes(root);
            byte[] withNewline = Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            throw new EngineException("cannot write preset " + file + ": its manifest cannot be written as JSON ("
                    + oneLine(e.getOriginalMessage()) + "); hyper-parameters must be numbers, strings, booleans,"
                    + " lists or maps; an older file there is unchanged", e);
        }
    }

    private static Map<String, Object> provenanceJson(Provenance provenance) {
        if (provenance == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("dataset", provenance.dataset());
        fields.put("datasetSha256", provenance.datasetSha256());
        fields.put("split", provenance.split());
        fields.put("epochs", provenance.epochs());
        fields.put("wallTimeSeconds", provenance.wallTimeSeconds());
        fields.put("seed", provenance.seed());
        fields.put("metrics", provenance.metrics());
        fields.put("projectVersion", provenance.projectVersion());
        fields.put("commit", provenance.commit());
        fields.put("createdAt", provenance.createdAt());
        fields.put("java", provenance.java());
        fields.put("os", provenance.os());
        fields.put("backend", provenance.backend());
        if (provenance.datasetLicence() != null) {
            fields.put("datasetLicence", provenance.datasetLicence());
        }
        return fields;
    }

    // ---------------------------------------------------------------------------------- reading

    /**
     * Reads the preset in {@code file}.
     *
     * @throws EngineException if the file is missing, unreadable, damaged, truncated, not a preset, or
     *     of a newer format version; the message names the file and the fault
     */
    public static Preset read(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new EngineException("preset " + source + " is a folder (expected a " + EXTENSION + " file)");
        }
        try {
            if (Files.size(file) == 0) {
                throw damaged(source, "is empty (0 bytes)", null);
            }
        } catch (NoSuchFileException e) {
            throw new EngineException("no preset file " + source + ": check the path", e);
        } catch (IOException e) {
            throw new EngineException("cannot read preset " + source + " (" + describe(e) + "): check its permissions", e);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return decode((name, limit) -> {
                ZipEntry entry = zip.getEntry(name);
                if (entry == null || entry.isDirectory()) {
                    return null;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    return readAtMost(in, limit, name, source);
                } catch (IOException e) {
                    throw damaged(source, "cannot be read at " + name + " (" + describe(e) + ")", e);
                }
            }, source);
        } catch (ZipException e) {
            throw damaged(source, "is truncated or not a zip file (" + describe(e) + ")", e);
        } catch (IOException e) {
            throw new EngineException("cannot read preset " + source + " (" + describe(e) + "): check its permissions", e);
        }
    }

    /**
     * Reads a preset from {@code in}, e.g. a resource inside a jar. Reads {@code in} to its end but
     * does not close it. Each entry's zip CRC and each array's SHA-256 are checked as from a file; a
     * stream cut inside the zip's trailing directory, after every entry, still reads (all its data is
     * there and checked), where {@link #read(Path)} rejects such a file as truncated.
     *
     * @param sourceName names the preset in error messages, e.g. {@code jsb-rnnrbm.cadenza (bundled)}
     * @throws EngineException if the stream cannot be read or does not hold a whole, valid preset of a
     *     known format version; the message names {@code sourceName} and the fault
     */
    public static Preset read(InputStream in, String sourceName) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        boolean anyEntry = false;
        long total = 0; // every entry together within one entry's limit: a preset is a few megabytes
        ZipInputStream zip = new ZipInputStream(in);
        String current = null;
        try {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                anyEntry = true;
                current = entry.getName();
                byte[] bytes = readAtMost(zip, MAX_ENTRY_BYTES - total, current, sourceName);
                total += bytes.length;
                if (!entry.isDirectory() && entries.put(current, bytes) != null) {
                    throw damaged(sourceName, "holds " + current + " twice", null);
                }
                current = null;
            }
        } catch (IOException e) {
            if (current == null) {
                throw damaged(sourceName, "is truncated or not a zip file (" + describe(e) + ")", e);
            }
            throw damaged(sourceName, "is truncated or damaged at " + current + " (" + describe(e) + ")", e);
        }
        if (!anyEntry) {
            throw damaged(sourceName, "is empty or not a zip file (no zip entries found)", null);
        }
        return decode((name, limit) -> {
            byte[] bytes = entries.get(name);
            if (bytes != null && bytes.length > limit) {
                throw tooLarge(sourceName, name, limit);
            }
            return bytes;
        }, sourceName);
    }

    /**
     * Looks up a zip entry's bytes by name, reading at most {@code limit} of them (an entry that
     * inflates beyond is refused, whatever size its header claims); null if there is none.
     */
    private interface Entries {
        byte[] get(String name, long limit);
    }

    /** {@code in} to its end, or an error naming {@code name} as soon as it passes {@code limit} bytes. */
    private static byte[] readAtMost(InputStream in, long limit, String name, String source) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        if (bytes.length > limit) {
            throw tooLarge(source, name, limit);
        }
        return bytes;
    }

    private static EngineException tooLarge(String source, String name, long limit) {
        return damaged(source, "has " + name + " inflating past the " + limit + " bytes it may take (its declared"
                + " shape, or " + MAX_ENTRY_BYTES + " bytes for any entry): a damaged file or a zip bomb", null);
    }

    private static Preset decode(Entries entries, String source) {
        byte[] json = entries.get(MANIFEST, MAX_MANIFEST_BYTES);
        if (json == null) {
            throw damaged(source, "has no " + MANIFEST + " (it is not a Cadenza preset, or it is damaged)", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw damaged(source, "has a " + MANIFEST + " that is not valid JSON (" + oneLine(e.getOriginalMessage())
                    + at + ")", e);
        } catch (IOException e) {
            throw damaged(source, "has a " + MANIFEST + " that cannot be read (" + describe(e) + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw damaged(source, "has a " + MANIFEST + " that is not a JSON object", null);
        }
        Fields fields = new Fields(root, source, MANIFEST);
        int version = fields.requiredInt("formatVersion");
        if (version > PresetManifest.FORMAT_VERSION) {
            throw new EngineException("preset " + source + " was written by format version " + version
                    + "; this Cadenza reads up to version " + PresetManifest.FORMAT_VERSION + ": upgrade Cadenza");
        }
        if (version < 1) {
            throw damaged(source, "has format version " + version + " (expected 1.." + PresetManifest.FORMAT_VERSION + ")",
                    null);
        }
        Map<String, ArrayEntry> arrays = arrays(fields, source);
        PresetManifest manifest;
        try {
            manifest = new PresetManifest(version,
                    fields.requiredText("name"),
                    fields.requiredText("kind"),
                    fields.optionalText("description"),
                    fields.requiredInt("pitchLow"),
                    fields.requiredInt("pitchHigh"),
                    fields.requiredInt("stepsPerQuarter"),
                    hyperParameters(fields),
                    provenance(fields),
                    arrays);
        } catch (IllegalArgumentException e) {
            throw damaged(source, "has an invalid " + MANIFEST + " (" + e.getMessage() + ")", e);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, ArrayEntry> named : arrays.entrySet()) {
            tensors.put(named.getKey(), tensor(named.getKey(), named.getValue(), entries, source));
        }
        try {
            return new Preset(manifest, tensors);
        } catch (IllegalArgumentException e) {
            throw damaged(source, "has an invalid " + MANIFEST + " (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, ArrayEntry> arrays(Fields fields, String source) {
        JsonNode node = fields.required("arrays");
        if (!node.isObject()) {
            throw damaged(source, "has a " + MANIFEST + " whose 'arrays' is " + shown(node) + " (expected an object)", null);
        }
        Map<String, ArrayEntry> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> named : node.properties()) {
            String where = "arrays." + named.getKey();
            if (!named.getValue().isObject()) {
                throw damaged(source, "has a " + MANIFEST + " whose '" + where + "' is " + shown(named.getValue())
                        + " (expected an object)", null);
            }
            Fields entry = new Fields(named.getValue(), source, MANIFEST + " '" + where + "'");
            String file = entry.requiredText("file");
            String dtype = entry.requiredText("dtype");
            if (!dtype.equals(ArrayEntry.FLOAT32)) {
                throw damaged(source, "has array " + named.getKey() + " of dtype '" + dtype + "' (expected '"
                        + ArrayEntry.FLOAT32 + "')", null);
            }
            int[] shape = entry.requiredShape("shape");
            String sha256 = entry.requiredText("sha256");
            try {
                arrays.put(named.getKey(), new ArrayEntry(file, dtype, shape, sha256));
            } catch (IllegalArgumentException e) {
                throw damaged(source, "has an invalid " + MANIFEST + " (" + e.getMessage() + ")", e);
            }
        }
        return arrays;
    }

    private static Tensor tensor(String name, ArrayEntry entry, Entries entries, String source) {
        String what = "array " + name + " (" + entry.file() + ")";
        byte[] npy = entries.get(entry.file(), entry.maxFileBytes());
        if (npy == null) {
            throw damaged(source, "lists " + what + " but holds no " + entry.file(), null);
        }
        String actual = sha256(npy);
        if (!actual.equals(entry.sha256())) {
            throw damaged(source, "has " + what + " failing its checksum (sha256 " + actual + ", expected "
                    + entry.sha256() + "): the file is corrupt", null);
        }
        Tensor tensor;
        try {
            tensor = Npy.decode(npy, entry.file());
        } catch (EngineException e) {
            throw damaged(source, "has " + what + " that is not a valid float32 .npy file (" + e.getMessage() + ")", e);
        }
        if (!Arrays.equals(tensor.shape(), entry.shape())) {
            throw damaged(source, "has " + what + " of shape " + tensor.shapeText() + " but " + MANIFEST + " says "
                    + Tensor.shapeText(entry.shape()), null);
        }
        return tensor;
    }

    private static Map<String, Object> hyperParameters(Fields fields) {
        JsonNode node = fields.optional("hyperParameters");
        if (node == null) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw fields.mistyped("hyperParameters", node, "an object");
        }
        return JSON.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static Provenance provenance(Fields manifest) {
        JsonNode node = manifest.optional("provenance");
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw manifest.mistyped("provenance", node, "an object or null");
        }
        // lenient on missing fields: provenance informs people, it does not run the model
        Fields fields = new Fields(node, manifest.source, MANIFEST + " 'provenance'");
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonNode metricsNode = fields.optional("metrics");
        if (metricsNode != null) {
            if (!metricsNode.isObject()) {
                throw fields.mistyped("metrics", metricsNode, "an object of numbers");
            }
            Fields metricFields = new Fields(metricsNode, manifest.source, MANIFEST + " 'provenance.metrics'");
            metricsNode.fieldNames().forEachRemaining(key -> metrics.put(key, metricFields.requiredDouble(key)));
        }
        try {
            return new Provenance(
                    fields.optionalText("dataset"),
                    fields.optionalText("datasetSha256"),
                    fields.optionalText("split"),
                    fields.optional("epochs") == null ? 0 : fields.requiredInt("epochs"),
                    fields.optional("wallTimeSeconds") == null ? 0 : fields.requiredDouble("wallTimeSeconds"),
                    fields.optional("seed") == null ? 0 : fields.requiredLong("seed"),
                    metrics,
                    fields.optionalText("projectVersion"),
                    fields.optionalText("commit"),
                    fields.optionalText("createdAt"),
                    fields.optionalText("java"),
                    fields.optionalText("os"),
                    fields.optionalText("backend"),
                    fields.optionalText("datasetLicence"));
        } catch (IllegalArgumentException e) {
            throw damaged(manifest.source, "has an invalid " + MANIFEST + " (provenance: " + e.getMessage() + ")", e);
        }
    }

    /** Typed access to one JSON object's fields, with errors that name the file and the field. */
    private static final class Fields {
        private final JsonNode node;
        private final String source;
        private final String where;

        Fields(JsonNode node, String source, String where) {
            this.node = node;
            this.source = source;
            this.where = where;
        }

        /** The field, or null if it is absent or JSON null. */
        JsonNode optional(String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? null : value;
        }

        JsonNode required(String field) {
            JsonNode value = optional(field);
            if (value == null) {
                throw damaged(source, "has a " + where + " without the required field '" + field + "'", null);
            }
            return value;
        }

        String requiredText(String field) {
            JsonNode value = required(field);
            if (!value.isTextual()) {
                throw mistyped(field, value, "a string");
            }
            return value.textValue();
        }

        String optionalText(String field) {
            JsonNode value = optional(field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                throw mistyped(field, value, "a string");
            }
            return value.textValue();
        }

        int requiredInt(String field) {
            JsonNode value = required(field);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw mistyped(field, value, "an integer");
            }
            return value.intValue();
        }

        long requiredLong(String field) {
            JsonNode value = required(field);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw mistyped(field, value, "an integer");
            }
            return value.longValue();
        }

        /** A number, or one of the strings JSON writers use for the doubles JSON lacks. */
        double requiredDouble(String field) {
            JsonNode value = required(field);
            if (value.isNumber()) {
                return value.doubleValue();
            }
            if (value.isTextual()) {
                switch (value.textValue()) {
                    case "NaN": return Double.NaN;
                    case "Infinity": return Double.POSITIVE_INFINITY;
                    case "-Infinity": return Double.NEGATIVE_INFINITY;
                    default: break;
                }
            }
            throw mistyped(field, value, "a number");
        }

        int[] requiredShape(String field) {
            JsonNode value = required(field);
            if (!value.isArray()) {
                throw mistyped(field, value, "a list of sizes");
            }
            int[] shape = new int[value.size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode size = value.get(i);
                if (!size.isIntegralNumber() || !size.canConvertToInt() || size.intValue() < 0) {
                    throw mistyped(field, value, "a list of sizes >= 0");
                }
                shape[i] = size.intValue();
            }
            return shape;
        }

        EngineException mistyped(String field, JsonNode value, String expected) {
            return damaged(source, "has a " + where + " whose '" + field + "' is " + shown(value)
                    + " (expected " + expected + ")", null);
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    private static EngineException damaged(String source, String problem, Throwable cause) {
        return new EngineException("preset " + source + " " + problem + ": " + REMEDY, cause);
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    /** SHA-256 of {@code bytes} as 64 lower-case hex digits. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String describe(Throwable e) {
        return AtomicFiles.describe(e);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
