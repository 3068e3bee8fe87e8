package dev.cadenza.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this engine was built from, as Maven wrote them into the resource
 * {@code dev/cadenza/engine/build.properties}. Presets record both in their provenance.
 *
 * <p>Either value reads {@code "unknown"} where the build could not fill it in (a build outside a git
 * checkout, an IDE that does not filter resources). A commit built from a working tree with
 * uncommitted changes ends in {@code -dirty}. Thread-safe: the values are read once.
 */
public final class BuildInfo {

    /** Value of a field the build did not fill in. */
    public static final String UNKNOWN = "unknown";

    private static final String RESOURCE = "build.properties";
    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code "unknown"}. */
    public static String projectVersion() {
        return value("version");
    }

    /** The full git commit id, with {@code -dirty} if the tree had local changes, or {@code "unknown"}. */
    public static String commit() {
        String commit = value("commit");
        if (commit.equals(UNKNOWN)) {
            return UNKNOWN;
        }
        return "true".equals(PROPERTIES.getProperty("dirty")) ? commit + "-dirty" : commit;
    }

    private static String value(String key) {
        String value = PROPERTIES.getProperty(key, "").trim();
        // an unfilled Maven placeholder such as ${git.commit.id} means the build had no value
        return value.isEmpty() || value.contains("${") ? UNKNOWN : value;
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // a damaged jar: provenance then says "unknown" rather than failing a training run
        }
        return properties;
    }
}
