package dev.cadenza.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The repository needs nothing outside itself: no file reaches for the shared folder beside the checkout or
 * for a path of the machine it was written on. The one exception is the GPL-3 Nottingham MIDI set,
 * which the project's licence keeps out (see {@code data/README.md}); lines naming its folder pass.
 */
class SelfContainedTest {
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\./shared");
    private static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.])/(work|root|home/[a-z]+)/");
    private static final String LICENCE_EXCEPTION = "data/midi/nottingham";
    /** Build outputs, installed packages and tool settings: none of them is the repository's text. */
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", ".idea", ".vscode", ".cadenza");
    private static final long LARGEST_TEXT_BYTES = 1 << 20;

    private static Path root() {
        String data = System.getProperty("cadenza.data");
        Path dir = data != null ? Path.of(data).getParent() : Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("data")),
                "the repository root holds pom.xml and data/: " + dir);
        return dir;
    }

    @Test
    @DisplayName("no file of the repository refers to the folder beside the checkout or to an absolute path of a machine")
    void nothingReachesOutside() throws IOException {
        Path root = root();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (Path file : textFiles(root)) {
            scanned++;
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                boolean outside = OUTSIDE.matcher(line).find() && !line.contains(LICENCE_EXCEPTION);
                if (outside || MACHINE_PATH.matcher(line).find()) {
                    offenders.add(root.relativize(file) + ":" + (i + 1) + ": " + line.strip());
                }
            }
        }
        assertTrue(scanned > 100, "the walk found the repository's files (" + scanned + ")");
        assertEquals(List.of(), offenders, "lines that reach outside the repository");
    }

    @Test
    @DisplayName("the walk sees a planted reference, so the check can fail")
    void theCheckSeesAPlantedReference() {
        // planted lines are assembled here, so that this file passes its own check
        String dots = "..";
        assertTrue(OUTSIDE.matcher("Path.of(\"" + dots + "/shared/data\")").find());
        assertTrue(MACHINE_PATH.matcher("see /" + "work/main/data").find());
        assertTrue(MACHINE_PATH.matcher("cd /" + "root/x").find());
        assertTrue(!MACHINE_PATH.matcher("the folder jsb/" + "work/ and https://example.org/" + "home/x/").find());
    }

    @Test
    @DisplayName("every dataset the tests and README use is bundled, with its README")
    void theDatasetsAreBundled() {
        Path data = root().resolve("data");
        for (String set : List.of("jsb_chorales", "nottingham")) {
            for (String split : List.of("train", "valid", "test")) {
                assertTrue(Files.isRegularFile(data.resolve(set).resolve(split + ".json")), set + "/" + split);
            }
        }
        assertTrue(Files.isRegularFile(data.resolve("midi/bach_chorales/chorale001.mid")));
        assertTrue(Files.isRegularFile(data.resolve("README.md")));
        assertTrue(Files.isRegularFile(root().resolve("LICENSE")));
    }

    private static List<Path> textFiles(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> root.relativize(f).getNameCount() > 0)
                    .filter(f -> !inSkippedFolder(root.relativize(f)))
                    .filter(SelfContainedTest::isText)
                    .forEach(files::add);
        }
        return files;
    }

    private static boolean inSkippedFolder(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (SKIPPED.contains(relative.getName(i).toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(Path file) {
        try {
            if (Files.size(file) > LARGEST_TEXT_BYTES) {
                return false;
            }
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
