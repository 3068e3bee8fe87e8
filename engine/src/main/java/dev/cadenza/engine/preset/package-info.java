/**
 * The preset file format: one trained model per file, e.g. {@code jsb-rnnrbm.cadenza}.
 *
 * <p>A preset is a zip archive holding
 * <ul>
 *   <li>{@code preset.json}: the {@link dev.cadenza.engine.preset.PresetManifest manifest}: format
 *       version, model kind, every hyper-parameter, pitch range, steps per quarter note, the
 *       {@link dev.cadenza.engine.preset.Provenance provenance} (dataset and its hash, split, epochs,
 *       wall time, seed, metrics, project version and commit, Java, OS, backend) and one entry per
 *       weight array with its shape and the SHA-256 of its file;</li>
 *   <li>one standard NumPy {@code .npy} file per weight array (float32, little-endian, C order;
 *       <a href="https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html">format
 *       1.0</a>), so that {@code numpy.load("x.cadenza")["W"]} reads the weights directly.</li>
 * </ul>
 *
 * <p>{@code preset.json} of format version 1 (fields in this order; {@code description},
 * {@code hyperParameters} and {@code provenance} may be absent or null, every other field is
 * required; unknown fields and unlisted zip entries are ignored):
 * <pre>
 * {
 *   "formatVersion": 1,
 *   "name": "jsb-rnnrbm",
 *   "kind": "rnnrbm",
 *   "description": "...",
 *   "pitchLow": 21,
 *   "pitchHigh": 108,
 *   "stepsPerQuarter": 4,
 *   "hyperParameters": { "hidden": 150, "recurrent": 100, "learningRate": 0.001, ... },
 *   "provenance": { "dataset": "...", "datasetSha256": "...", "split": "train", "epochs": 200,
 *                   "wallTimeSeconds": 812.5, "seed": 42, "metrics": { "valid.logLikelihood": -7.2 },
 *                   "projectVersion": "0.1.0", "commit": "...", "createdAt": "2026-11-23T12:00:00Z",
 *                   "java": "17.0.15 (Debian)", "os": "Linux amd64", "backend": "..." },
 *   "arrays": { "W": { "file": "W.npy", "dtype": "&lt;f4", "shape": [ 88, 150 ], "sha256": "..." }, ... }
 * }
 * </pre>
 * Doubles JSON cannot hold ({@code NaN}, {@code Infinity}) are written as strings and read back.
 *
 * <p>{@link dev.cadenza.engine.preset.PresetFiles} writes presets atomically and reads them with
 * every check a damaged or foreign file needs: each failure is an
 * {@link dev.cadenza.engine.EngineException} whose one-line message names the file, what is wrong
 * and what to do. A reader accepts every format version up to
 * {@link dev.cadenza.engine.preset.PresetManifest#FORMAT_VERSION} and rejects a newer one by naming
 * both numbers; a file of each released version is checked in under
 * {@code engine/src/test/resources/presets/} and loaded by the tests.
 */
package dev.cadenza.engine.preset;
