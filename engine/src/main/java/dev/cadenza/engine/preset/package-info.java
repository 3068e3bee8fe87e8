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
 * <p>{@link dev.cadenza.engine.preset.PresetFiles} writes presets atomically and reads them with
 * every check a damaged or foreign file needs: each failure is an
 * {@link dev.cadenza.engine.EngineException} whose one-line message names the file, what is wrong
 * and what to do. A reader accepts every format version up to
 * {@link dev.cadenza.engine.preset.PresetManifest#FORMAT_VERSION} and rejects a newer one by naming
 * both numbers; a file of each released version is checked in under
 * {@code engine/src/test/resources/presets/} and loaded by the tests.
 */
package dev.cadenza.engine.preset;
