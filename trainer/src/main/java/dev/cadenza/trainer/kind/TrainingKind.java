package dev.cadenza.trainer.kind;

import dev.cadenza.engine.model.ModelKind;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.trainer.TrainerException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * How a model kind is trained and evaluated: the training side of a {@link ModelKind} of the same
 * {@link #id}. Each kind's trainer package registers one, as a service
 * ({@code META-INF/services/dev.cadenza.trainer.kind.TrainingKind}); {@code cadenza train} and
 * {@code cadenza eval} find it here and add its options to their own.
 */
public interface TrainingKind {

    /** The kind's name, as in {@link ModelKind#id} and {@code --model}. */
    String id();

    /** The kind's name for people, e.g. "RNN-RBM" (prefixes its options in the help). */
    String title();

    /** The options this kind adds to {@code cadenza train}; none may share a name with another kind's or the command's. */
    List<KindOption> trainingOptions();

    /** The options this kind adds to {@code cadenza eval}. */
    List<KindOption> evaluationOptions();

    /**
     * Carries out {@code run}: trains, and returns the best weights as a preset.
     *
     * @throws TrainerException naming what is wrong with the run's options or data
     */
    Trained train(TrainingRun run);

    /**
     * The evaluation of {@code preset} (of this kind) that {@code run} asks for.
     *
     * @throws TrainerException where this preset or these options cannot be evaluated, saying why
     */
    KindEvaluation evaluation(Preset preset, EvaluationRun run);

    /** Every registered kind that can be trained, in the order of the registration files. */
    static List<TrainingKind> all() {
        return Registry.KINDS;
    }

    /** The registered kind named {@code id}, if any. */
    static Optional<TrainingKind> find(String id) {
        return Registry.KINDS.stream().filter(kind -> kind.id().equals(id)).findFirst();
    }

    /** The registered kind named {@code id}, or a {@link TrainerException} listing the known ones. */
    static TrainingKind of(String id) {
        return find(id).orElseThrow(() -> new TrainerException("no trainer for model kind '" + id + "' (this Cadenza trains "
                + Registry.KINDS.stream().map(TrainingKind::id).collect(Collectors.joining(", ")) + ")"));
    }

    /** The kinds found once, at first use. */
    final class Registry {
        private static final List<TrainingKind> KINDS = ServiceLoader.load(TrainingKind.class,
                TrainingKind.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

        private Registry() {
        }
    }
}
