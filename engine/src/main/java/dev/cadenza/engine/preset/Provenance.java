package dev.cadenza.engine.preset;

import dev.cadenza.engine.BuildInfo;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a trained model came from: enough to tell two presets apart and to train one again.
 * Written into every preset's manifest (after Tribuo's {@code ModelProvenance}).
 *
 * <p>Text fields may be {@code null} where a preset was made without training (tests, converters);
 * {@link #of} fills every field it can.
 *
 * @param dataset the training data, e.g. {@code JSB Chorales} or a folder of MIDI files
 * @param datasetSha256 SHA-256 of the dataset file(s), lower-case hex
 * @param split the part trained on, e.g. {@code train}
 * @param epochs passes over the training data
 * @param wallTimeSeconds training time on the wall clock
 * @param seed the random seed of the run
 * @param metrics evaluation metrics by name, e.g. {@code valid.logLikelihood}; insertion order kept
 * @param projectVersion the Cadenza version that trained it
 * @param commit the git commit of that build, or {@code unknown}
 * @param createdAt when the preset was made, ISO-8601 in UTC, e.g. {@code 2026-11-23T12:00:00Z}
 * @param java Java version and vendor
 * @param os operating system name and architecture
 * @param backend the numeric backend that trained it, e.g. {@code nd4j-native 1.0.0-M2.1 (cpu)}
 * @param datasetLicence the training data's licence, e.g. {@code public domain}, or {@code null}
 *     where it was not given
 */
public record Provenance(
        String dataset,
        String datasetSha256,
        String split,
        int epochs,
        double wallTimeSeconds,
        long seed,
        Map<String, Double> metrics,
        String projectVersion,
        String commit,
        String createdAt,
        String java,
        String os,
        String backend,
        String datasetLicence) {

    /** A provenance without the dataset's licence. */
    public Provenance(String dataset, String datasetSha256, String split, int epochs, double wallTimeSeconds, long seed,
            Map<String, Double> metrics, String projectVersion, String commit, String createdAt, String java, String os,
            String backend) {
        this(dataset, datasetSha256, split, epochs, wallTimeSeconds, seed, metrics, projectVersion, commit, createdAt,
                java, os, backend, null);
    }

    public Provenance {
        if (epochs < 0) {
            throw new IllegalArgumentException("invalid epochs: " + epochs + " (expected >= 0)");
        }
        if (!(wallTimeSeconds >= 0)) {
            throw new IllegalArgumentException("invalid wall time: " + wallTimeSeconds + " s (expected >= 0)");
        }
        if (metrics != null) {
            metrics.forEach((name, value) -> {
                if (name == null || value == null) {
                    throw new IllegalArgumentException("invalid metric: " + name + " = " + value
                            + " (expected a name and a number)");
                }
            });
        }
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * Provenance of a run that ends now on this machine: the given facts about the run, plus this
     * build's version and commit ({@link BuildInfo}), the time now in UTC, and this JVM and OS.
     */
    public static Provenance of(String dataset, String datasetSha256, String split, int epochs,
            double wallTimeSeconds, long seed, Map<String, Double> metrics, String backend) {
        return new Provenance(dataset, datasetSha256, split, epochs, wallTimeSeconds, seed, metrics,
                BuildInfo.projectVersion(), BuildInfo.commit(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                backend);
    }

    /** How far a log-likelihood summed in float may pass a bound summed in double, nats. */
    public static final double ROUNDING_NATS = 0.005;

    /**
     * Refuses metrics that contradict themselves: a negative log-likelihood ({@code S.nll}) or the
     * low end of its bracket ({@code S.nll.low}) below the certain lower bound of the same split
     * ({@code S.nll.certainLowerBound}), a bracket whose low end is above its high end, or, in the
     * older naming, a log-likelihood above its own certain upper bound ({@code S.logLikelihood}
     * above {@code S.logLikelihoodCeiling}). Such a figure is known to be wrong; a preset never
     * carries one. Reading is lenient (provenance informs, it does not run the model); every
     * write checks.
     *
     * @throws IllegalArgumentException naming the figure, its bound and what to do
     */
    public void requireConsistentMetrics() {
        metrics.forEach((key, value) -> {
            String split = key.endsWith(".nll") ? key.substring(0, key.length() - 4)
                    : key.endsWith(".nll.low") ? key.substring(0, key.length() - 8) : null;
            if (split != null) {
                Double bound = metrics.get(split + ".nll.certainLowerBound");
                if (bound != null && value < bound - ROUNDING_NATS) {
                    throw new IllegalArgumentException(wrong(key, value, "below its certain lower bound "
                            + split + ".nll.certainLowerBound = " + bound));
                }
                Double high = metrics.get(split + ".nll.high");
                if (key.endsWith(".nll.low") && high != null && value > high) {
                    throw new IllegalArgumentException(wrong(key, value, "above the bracket's high end "
                            + split + ".nll.high = " + high));
                }
            }
            if (key.endsWith(".logLikelihood")) {
                Double ceiling = metrics.get(key + "Ceiling");
                if (ceiling != null && value > ceiling + ROUNDING_NATS) {
                    throw new IllegalArgumentException(wrong(key, value, "above its certain upper bound " + key
                            + "Ceiling = " + ceiling));
                }
            }
        });
    }

    private static String wrong(String key, double value, String why) {
        return "invalid metric: " + key + " = " + value + " is " + why
                + ", a figure known to be wrong (evaluate again with cadenza eval --save: where AIS has not"
                + " converged it keeps only the bracket)";
    }

    /** This provenance with {@code newMetrics} instead of its metrics. */
    public Provenance withMetrics(Map<String, Double> newMetrics) {
        return new Provenance(dataset, datasetSha256, split, epochs, wallTimeSeconds, seed, newMetrics, projectVersion,
                commit, createdAt, java, os, backend, datasetLicence);
    }

    /** This provenance with the training data's licence. */
    public Provenance withDatasetLicence(String licence) {
        return new Provenance(dataset, datasetSha256, split, epochs, wallTimeSeconds, seed, metrics, projectVersion,
                commit, createdAt, java, os, backend, licence);
    }
}
