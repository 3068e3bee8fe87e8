package dev.cadenza.presets;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Loads presets by the name of a bundled one or by a path: {@code Presets.load("jsb-rnnrbm")},
 * {@code Presets.load("out/mine.cadenza")}. A bundled name wins over a file of the same name in the
 * working folder. Stateless and thread-safe; each call reads the preset afresh.
 */
public final class Presets {
    /** The preset that {@code cadenza play} and {@code generate} use when none is named. */
    public static final String DEFAULT = "bach-biaxial";

    private static final Bundle BUNDLED = new Bundle(Presets.class.getClassLoader(), "dev/cadenza/presets/");

    private Presets() {
    }

    /**
     * The bundled preset named {@code nameOrPath}, else the preset file at that path.
     *
     * @throws EngineException if it is neither (the message lists the bundled presets), or if the
     *     preset cannot be read (see {@link PresetFiles#read(Path)})
     */
    public static Preset load(String nameOrPath) {
        return BUNDLED.load(nameOrPath);
    }

    /** The names of the bundled presets, in the index's order; empty if none are bundled. */
    public static List<String> names() {
        return BUNDLED.names();
    }

    /** The presets under one resource folder of one class loader; the tests point it at their own. */
    static final class Bundle {
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

        private final ClassLoader loader;
        private final String folder;

        Bundle(ClassLoader loader, String folder) {
            this.loader = loader;
            this.folder = folder;
        }

        Preset load(String nameOrPath) {
            if (nameOrPath == null || nameOrPath.isBlank()) {
                List<String> names = names();
                throw new EngineException("no preset given: " + (names.isEmpty() ? ""
                        : "name a bundled preset (" + String.join(", ", names) + ") or ")
                        + "give a path to a " + PresetFiles.EXTENSION + " file");
            }
            if (NAME.matcher(nameOrPath).matches() && names().contains(nameOrPath)) {
                return loadBundled(nameOrPath);
            }
            Path path;
            try {
                path = Path.of(nameOrPath);
            } catch (InvalidPathException e) {
                path = null;
            }
            if (path != null && Files.exists(path)) {
                return PresetFiles.read(path);
            }
            List<String> names = names();
            if (looksLikePath(nameOrPath)) {
                throw new EngineException("no preset file " + nameOrPath + ": check the path"
                        + (names.isEmpty() ? "" : " (bundled presets are " + String.join(", ", names) + ")"));
            }
            if (names.isEmpty()) {
                throw new EngineException("no preset named '" + nameOrPath + "': this build bundles no presets"
                        + " (give a path to a " + PresetFiles.EXTENSION + " file)");
            }
            throw new EngineException("no preset named '" + nameOrPath + "': bundled presets are "
                    + String.join(", ", names) + " (or give a path to a " + PresetFiles.EXTENSION + " file)");
        }

        private Preset loadBundled(String name) {
            String resource = folder + name + PresetFiles.EXTENSION;
            String source = name + PresetFiles.EXTENSION + " (bundled)";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new EngineException("bundled preset '" + name + "' is listed in " + folder
                            + "index.txt but " + resource + " is missing from the presets jar: rebuild Cadenza");
                }
                return PresetFiles.read(in, source);
            } catch (IOException e) {
                throw new EngineException("cannot read bundled preset " + source + " (" + e.getMessage()
                        + "): rebuild Cadenza", e);
            }
        }

        List<String> names() {
            String index = folder + "index.txt";
            List<String> names = new ArrayList<>();
            try (InputStream in = loader.getResourceAsStream(index)) {
                if (in == null) {
                    return List.of();
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String name = line.strip();
                    if (!name.isEmpty() && !name.startsWith("#") && !names.contains(name)) {
                        names.add(name);
                    }
                }
            } catch (IOException e) {
                throw new EngineException("cannot read the bundled presets' index " + index + " (" + e.getMessage()
                        + "): rebuild Cadenza", e);
            }
            return List.copyOf(names);
        }

        private static boolean looksLikePath(String text) {
            return text.contains("/") || text.contains("\\") || text.endsWith(PresetFiles.EXTENSION);
        }
    }
}
