package dev.cadenza.trainer.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.midi.MidiImport;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads a split of a dataset. {@link #load(Path, String)} looks at what it is given:
 *
 * <ul>
 *   <li><b>A directory holding {@code <split>.json}</b> (or that file itself): a JSON piano-roll
 *       dataset as in {@code data/README.md}, an array of sequences, each an array of
 *       steps, each the sorted MIDI pitches (21..108) sounding then. The JSON has no articulation:
 *       a pitch sounding at step t and not at t-1 becomes {@link Cell#STRUCK}, else {@link Cell#HELD}
 *       (so a note repeated on consecutive steps reads as one held note). Range
 *       {@link PitchRange#PIANO}, no velocities, no tempo. The grid comes from the directory's name
 *       ({@link #stepsPerQuarterOf}). Piece names are {@code <dataset>/<split>/<index>}.
 *       sha256 = SHA-256 of the JSON file's bytes (the checksums listed in that README).
 *   <li><b>Any other directory</b>: a folder of Standard MIDI Files ({@code .mid}, {@code .midi},
 *       any case), searched recursively and read with {@link MidiFileReader} and the given options.
 *       Each file belongs to one split by a hash of its relative path ({@link #splitOf}: 80 % train,
 *       10 % valid, 10 % test), so adding a file never moves the others; {@code all} takes every
 *       file. Pieces are sorted by relative path ('/' separators). A file that cannot be read, or
 *       has no note in range, is listed in {@link Dataset#skipped()} with its reason and never stops
 *       the load. sha256 = SHA-256 over the split's files in that order, each as its relative path
 *       (UTF-8), a zero byte, its length (8 bytes, big-endian) and its bytes.
 *   <li><b>A single MIDI file</b>: a dataset of that one piece, for every split (train and valid
 *       are then the same piece: fine for fitting one song, no honest validation).
 * </ul>
 * A missing path, a split the dataset does not have, or a malformed JSON file throws a
 * {@link TrainerException} that names the path and what was expected.
 *
 * <p>Stateless and thread safe.
 */
public final class Datasets {
    /** The splits of a MIDI folder: three disjoint parts, and the whole. */
    public static final List<String> MIDI_SPLITS = List.of("train", "valid", "test", "all");

    /**
     * Steps per quarter note of the known JSON datasets: JSB Chorales were sampled every quarter
     * note, the other three benchmarks every eighth note (README, "Time resolution"); the
     * czhuang 16th-note JSB set has four per quarter.
     */
    private static final Map<String, Integer> KNOWN_GRIDS = Map.of(
            "jsb_chorales", 1,
            "nottingham", 2,
            "piano_midi", 2,
            "musedata", 2,
            "jsb_chorales_16th", 4);

    private Datasets() {}

    /** Loads {@code split} of the dataset at {@code dirOrFile}, MIDI files read with the default options. */
    public static Dataset load(Path dirOrFile, String split) {
        return load(dirOrFile, split, MidiFileReader.Options.DEFAULTS);
    }

    /**
     * Loads {@code split} of the dataset at {@code dirOrFile}; {@code midiOptions} (range, grid,
     * drums) apply to MIDI files only, JSON datasets have their own.
     */
    public static Dataset load(Path dirOrFile, String split, MidiFileReader.Options midiOptions) {
        if (split == null || split.isBlank()) {
            throw new TrainerException("missing split for dataset " + dirOrFile + " (expected e.g. train, valid or test)");
        }
        if (Files.isDirectory(dirOrFile)) {
            Path json = dirOrFile.resolve(split + ".json");
            if (Files.isRegularFile(json)) {
                return loadJson(json, split);
            }
            List<String> jsonSplits = jsonSplits(dirOrFile);
            if (!jsonSplits.isEmpty()) {
                throw new TrainerException("dataset " + dirOrFile + " has no split '" + split + "' (no " + split
                        + ".json; it holds " + String.join(", ", jsonSplits) + ")");
            }
            return loadMidiFolder(dirOrFile, split, midiOptions);
        }
        if (Files.isRegularFile(dirOrFile)) {
            String fileName = dirOrFile.getFileName().toString();
            if (fileName.toLowerCase(Locale.ROOT).endsWith(".json")) {
                String stem = fileName.substring(0, fileName.length() - ".json".length());
                if (!stem.equals(split)) {
                    throw new TrainerException("dataset file " + dirOrFile + " holds split '" + stem + "', not '" + split
                            + "' (give the directory that holds " + split + ".json)");
                }
                return loadJson(dirOrFile, split);
            }
            if (isMidi(dirOrFile)) {
                return loadMidiFile(dirOrFile, split, midiOptions);
            }
            throw new TrainerException("not a dataset: " + dirOrFile
                    + " (expected a directory of MIDI files or of <split>.json piano rolls, a .mid file or a <split>.json file)");
        }
        throw new TrainerException("dataset not found: " + dirOrFile
                + " (expected a directory of MIDI files or of <split>.json piano rolls)");
    }

    /** Steps per quarter note of a JSON dataset by its directory's name; 4 (sixteenths) for names not known. */
    public static int stepsPerQuarterOf(String datasetName) {
        return KNOWN_GRIDS.getOrDefault(datasetName, PianoRoll.DEFAULT_STEPS_PER_QUARTER);
    }

    /**
     * The split of a MIDI file by its path relative to the dataset folder ('/' separators): the
     * first 8 bytes of SHA-256(path) as an unsigned number, modulo 10: 0..7 train, 8 valid, 9 test.
     */
    public static String splitOf(String relativePath) {
        byte[] digest = sha256().digest(relativePath.getBytes(StandardCharsets.UTF_8));
        long bucket = Long.remainderUnsigned(ByteBuffer.wrap(digest).getLong(), 10);
        return bucket < 8 ? "train" : bucket == 8 ? "valid" : "test";
    }

    // ---- JSON piano rolls ----

    private static Dataset loadJson(Path json, String split) {
        Path parent = json.toAbsolutePath().getParent();
        String name = parent.getFileName() == null ? "dataset" : parent.getFileName().toString();
        int stepsPerQuarter = stepsPerQuarterOf(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(json);
        } catch (IOException e) {
            throw new TrainerException("cannot read dataset file " + json + ": " + describe(e), e);
        }
        List<Piece> pieces = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(bytes)) {
            expect(parser, JsonToken.START_ARRAY, json, "an array of sequences");
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                int index = pieces.size();
                requireToken(parser, JsonToken.START_ARRAY, json, "sequence " + index + " as an array of steps");
                pieces.add(new Piece(name + "/" + split + "/" + index, readSequence(parser, json, index, stepsPerQuarter)));
            }
            if (parser.nextToken() != null) {
                throw new TrainerException("bad dataset file " + json + ": content after the array of sequences at "
                        + location(parser));
            }
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new TrainerException("bad dataset file " + json + ": malformed JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("").strip() + ")" + at, e);
        } catch (IOException e) {
            throw new TrainerException("cannot read dataset file " + json + ": " + describe(e), e);
        }
        return new Dataset(name, split, pieces, List.of(), hex(sha256().digest(bytes)), PitchRange.PIANO, stepsPerQuarter);
    }

    private static PianoRoll readSequence(JsonParser parser, Path json, int index, int stepsPerQuarter) throws IOException {
        PitchRange range = PitchRange.PIANO;
        PianoRoll roll = new PianoRoll(range, stepsPerQuarter);
        int step = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            requireToken(parser, JsonToken.START_ARRAY, json, "step " + step + " of sequence " + index + " as an array of pitches");
            roll.extendTo(step + 1);
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw new TrainerException("bad dataset file " + json + ": sequence " + index + ", step " + step
                            + ": " + parser.getText() + " is not a pitch (expected integers " + range + ") at " + location(parser));
                }
                int pitch = parser.getIntValue();
                if (!range.contains(pitch)) {
                    throw new TrainerException("bad dataset file " + json + ": sequence " + index + ", step " + step
                            + ": pitch " + pitch + " outside " + range + " (expected the 88 piano keys)");
                }
                int i = range.index(pitch);
                roll.set(step, i, step > 0 && roll.sounding(step - 1, i) ? Cell.HELD : Cell.STRUCK);
            }
            step++;
        }
        return roll;
    }

    private static void expect(JsonParser parser, JsonToken token, Path json, String what) throws IOException {
        parser.nextToken();
        requireToken(parser, token, json, what);
    }

    private static void requireToken(JsonParser parser, JsonToken token, Path json, String what) {
        if (parser.currentToken() != token) {
            throw new TrainerException("bad dataset file " + json + ": expected " + what + ", found "
                    + (parser.currentToken() == null ? "the end of the file" : parser.currentToken().asString() == null
                            ? parser.currentToken().name() : "'" + parser.currentToken().asString() + "'")
                    + " at " + location(parser));
        }
    }

    private static String location(JsonParser parser) {
        var location = parser.currentLocation();
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static List<String> jsonSplits(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TrainerException("cannot list dataset directory " + dir + ": " + describe(e), e);
        }
    }

    // ---- MIDI files ----

    private static Dataset loadMidiFolder(Path dir, String split, MidiFileReader.Options options) {
        if (!MIDI_SPLITS.contains(split)) {
            throw new TrainerException("unknown split '" + split + "' for the MIDI folder " + dir
                    + " (expected one of " + String.join(", ", MIDI_SPLITS) + ")");
        }
        List<String> all;
        try (Stream<Path> files = Files.walk(dir)) {
            all = files.filter(Files::isRegularFile)
                    .filter(Datasets::isMidi)
                    .map(f -> relative(dir, f))
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new TrainerException("cannot list dataset directory " + dir + ": " + describe(e), e);
        }
        if (all.isEmpty()) {
            throw new TrainerException("no dataset in " + dir + ": no " + split
                    + ".json and no MIDI files (.mid, .midi) under it");
        }
        List<String> chosen = split.equals("all") ? all : all.stream().filter(p -> splitOf(p).equals(split)).toList();
        MessageDigest digest = sha256();
        MidiFileReader reader = new MidiFileReader(options);
        List<Piece> pieces = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (String relative : chosen) {
            readMidi(reader, dir.resolve(relative), relative, digest, pieces, skipped);
        }
        String name = dir.toAbsolutePath().normalize().getFileName() == null
                ? "midi" : dir.toAbsolutePath().normalize().getFileName().toString();
        return new Dataset(name, split, pieces, skipped, hex(digest.digest()), options.range(), options.stepsPerQuarter());
    }

    private static Dataset loadMidiFile(Path file, String split, MidiFileReader.Options options) {
        MessageDigest digest = sha256();
        List<Piece> pieces = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        String name = file.getFileName().toString();
        readMidi(new MidiFileReader(options), file, name, digest, pieces, skipped);
        String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        return new Dataset(stem, split, pieces, skipped, hex(digest.digest()), options.range(), options.stepsPerQuarter());
    }

    private static void readMidi(MidiFileReader reader, Path file, String relative, MessageDigest digest,
            List<Piece> pieces, List<Skipped> skipped) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            skipped.add(new Skipped(relative, "cannot read: " + describe(e)));
            return;
        }
        digest.update(relative.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
        digest.update(bytes);
        MidiImport midi;
        try {
            midi = reader.read(bytes, relative);
        } catch (EngineException e) {
            String prefix = "cannot read MIDI file " + relative + ": ";
            String message = e.getMessage();
            skipped.add(new Skipped(relative, message.startsWith(prefix) ? message.substring(prefix.length()) : message));
            return;
        } catch (RuntimeException e) {
            // One bad file never stops a run, even one that trips a bug.
            skipped.add(new Skipped(relative, "unexpected " + e.getClass().getSimpleName() + ": " + describe(e)));
            return;
        }
        if (midi.roll().countSounding() == 0) {
            skipped.add(new Skipped(relative, "no notes in range " + midi.roll().range() + " ("
                    + midi.droppedOutOfRange() + " outside it, " + midi.droppedDrums() + " drum notes left out)"));
            return;
        }
        pieces.add(new Piece(relative, midi.roll()));
    }

    private static boolean isMidi(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".mid") || name.endsWith(".midi");
    }

    private static String relative(Path dir, Path file) {
        Path relative = dir.relativize(file);
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.strip();
    }
}
