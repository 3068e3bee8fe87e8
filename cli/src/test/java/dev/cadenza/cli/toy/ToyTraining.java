package dev.cadenza.cli.toy;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.data.TrainingData;
import dev.cadenza.trainer.kind.EvaluationRun;
import dev.cadenza.trainer.kind.KindEvaluation;
import dev.cadenza.trainer.kind.KindOption;
import dev.cadenza.trainer.kind.Trained;
import dev.cadenza.trainer.kind.TrainingKind;
import dev.cadenza.trainer.kind.TrainingRun;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The toy's training side, for tests only: it learns its pattern as the {@code --pattern-length}
 * pitches that sound most often in the training split, low to high. With {@link ToyKind}, it is
 * all a new model kind adds: one line in {@code META-INF/services/dev.cadenza.trainer.kind.TrainingKind},
 * and {@code cadenza train --model toy} takes it, with its option.
 */
public final class ToyTraining implements TrainingKind {

    @Override
    public String id() {
        return ToyKind.ID;
    }

    @Override
    public String title() {
        return "Toy";
    }

    @Override
    public List<KindOption> trainingOptions() {
        return List.of(new KindOption("--pattern-length", "N", "4", "Pitches in the learnt pattern."));
    }

    @Override
    public List<KindOption> evaluationOptions() {
        return List.of();
    }

    @Override
    public Trained train(TrainingRun run) {
        int length = run.options().integer("--pattern-length");
        if (length < 1) {
            throw new TrainerException("invalid --pattern-length: " + length + " (expected 1 or more)");
        }
        PitchRange range = run.data().soundingRange();
        TrainingData data = run.data().data(range, run.listener());
        long[] counts = new long[range.size()];
        for (PianoRoll roll : data.train()) {
            for (int t = 0; t < roll.length(); t++) {
                for (int i = 0; i < roll.range().size(); i++) {
                    int pitch = roll.range().pitch(i);
                    if (roll.sounding(t, i) && range.contains(pitch)) {
                        counts[range.index(pitch)]++;
                    }
                }
            }
        }
        int[] pattern = IntStream.range(0, range.size()).boxed()
                .sorted((a, b) -> Long.compare(counts[b], counts[a])).limit(length)
                .mapToInt(i -> range.pitch(i)).sorted().toArray();
        float[] values = new float[pattern.length];
        for (int k = 0; k < pattern.length; k++) {
            values[k] = pattern[k];
        }
        Provenance provenance = Provenance.of(data.name(), data.sha256(), "train", 1, 0, run.settings().seed(), Map.of(),
                "java");
        PresetManifest manifest = PresetManifest.of(run.name(), ToyKind.ID, run.data().describe("toy"), range,
                data.stepsPerQuarter(), Map.of("patternLength", length), provenance);
        return new Trained(new Preset(manifest, Map.of("pattern", Tensor.of(values, values.length))),
                "pattern " + java.util.Arrays.toString(pattern));
    }

    @Override
    public KindEvaluation evaluation(Preset preset, EvaluationRun run) {
        throw new TrainerException("toy presets have no evaluation: they play a fixed pattern (tests only)");
    }
}
