package dev.cadenza.trainer.run;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetFiles;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a training run after a finished epoch, in the preset file format (so it is written
 * atomically and checked on load): named arrays (parameters, best parameters so far, optimiser
 * state) and a small map of scalars (epoch, best figure, options). One file per run directory,
 * {@code checkpoint.cadenza}, replaced after every epoch.
 */
public record Checkpoint(String kind, Map<String, Tensor> arrays, Map<String, Object> state) {
    public static final String FILE_NAME = "checkpoint.cadenza";

    /**
     * The checkpoint after {@code epoch}: current parameters ({@code param.}), the best epoch's
     * ({@code best.}), the optimiser's state ({@code opt.}), the run's options, its wall time, the
     * best validation figure and epoch, and the epoch history.
     */
    public static Checkpoint after(String kind, int epoch, Map<String, Tensor> params, Map<String, Tensor> best,
            dev.cadenza.trainer.optim.Optimizer optimizer, Map<String, Object> options, double seconds,
            double bestValidation, int bestEpoch, java.util.List<EpochStats> history) {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        params.forEach((k, v) -> arrays.put("param." + k, v));
        best.forEach((k, v) -> arrays.put("best." + k, v));
        optimizer.state().forEach((k, v) -> arrays.put("opt." + k, v));
        Map<String, Object> state = new LinkedHashMap<>(options);
        state.put("epoch", epoch);
        state.put("seconds", seconds);
        state.put("bestValidation", bestValidation);
        state.put("bestEpoch", bestEpoch);
        state.put("history", EpochStats.toState(history));
        return new Checkpoint(kind, arrays, state);
    }

    /**
     * Copies the arrays saved under {@code prefix} into {@code target} (name to array, e.g. a
     * model's weights), checking that each is there with the right size.
     */
    public void copyInto(String prefix, Map<String, float[]> target) {
        Map<String, Tensor> saved = withPrefix(prefix);
        for (Map.Entry<String, float[]> e : target.entrySet()) {
            Tensor t = saved.get(e.getKey());
            if (t == null || t.data().length != e.getValue().length) {
                throw new TrainerException("checkpoint lacks array " + prefix + e.getKey()
                        + " of the right size: start a new run without --resume");
            }
            System.arraycopy(t.data(), 0, e.getValue(), 0, e.getValue().length);
        }
    }

    /**
     * Restores {@code optimizer}'s state from this checkpoint's {@code opt.} arrays.
     *
     * @throws TrainerException naming {@code directory} if the state does not fit the optimiser
     */
    public void restore(dev.cadenza.trainer.optim.Optimizer optimizer, Path directory) {
        try {
            optimizer.restore(withPrefix("opt."));
        } catch (IllegalArgumentException e) {
            throw new TrainerException("cannot resume from the checkpoint in " + directory + ": " + e.getMessage()
                    + ": start a new run without --resume", e);
        }
    }

    /** Writes the checkpoint into {@code directory} (created if needed), atomically. */
    public void save(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new TrainerException("cannot create checkpoint directory " + directory + ": " + e.getMessage(), e);
        }
        PresetManifest manifest = PresetManifest.of("checkpoint", kind, "training checkpoint",
                PitchRange.PIANO, 1, state, null);
        PresetFiles.write(new Preset(manifest, arrays), directory.resolve(FILE_NAME));
    }

    /** Whether {@code directory} holds a checkpoint. */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(FILE_NAME));
    }

    /** Loads the checkpoint of {@code directory}, checking it belongs to a run of {@code kind}. */
    public static Checkpoint load(Path directory, String kind) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new TrainerException("no checkpoint to resume in " + directory + " (expected " + FILE_NAME
                    + "): start the run without --resume");
        }
        Preset preset;
        try {
            preset = PresetFiles.read(file);
        } catch (EngineException e) {
            throw new TrainerException("cannot resume from " + file + ": " + e.getMessage(), e);
        }
        if (!kind.equals(preset.manifest().kind())) {
            throw new TrainerException("checkpoint " + file + " belongs to a " + preset.manifest().kind()
                    + " run, not " + kind + ": use another --checkpoint directory");
        }
        return new Checkpoint(kind, preset.tensors(), preset.hyper());
    }

    /**
     * Checks that a run resuming from this checkpoint uses the options it was made with, except
     * those in {@code mayChange}.
     */
    public void checkOptions(Map<String, Object> options, java.util.Set<String> mayChange, Path directory) {
        for (Map.Entry<String, Object> e : options.entrySet()) {
            if (mayChange.contains(e.getKey())) {
                continue;
            }
            Object was = state.get(e.getKey());
            if (was == null || !String.valueOf(was).equals(String.valueOf(e.getValue()))) {
                throw new TrainerException("checkpoint in " + directory + " was made with " + e.getKey() + " = " + was
                        + ", this run has " + e.getValue() + ": resume with the same options (only "
                        + String.join(", ", new java.util.TreeSet<>(mayChange)) + " may change)");
            }
        }
    }

    /** Arrays whose names start with {@code prefix}, with the prefix removed. */
    public Map<String, Tensor> withPrefix(String prefix) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), v);
            }
        });
        return m;
    }
}
