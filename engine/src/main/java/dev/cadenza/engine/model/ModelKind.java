package dev.cadenza.engine.model;

import dev.cadenza.engine.EngineException;
import dev.cadenza.engine.preset.Preset;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * A kind of model the engine can run: its name in a preset's manifest ({@link #id}) and how the
 * preset's arrays become a real-time {@link StepModel}. Each kind lives in its own package and is
 * registered once, as a service ({@code META-INF/services/dev.cadenza.engine.model.ModelKind});
 * everything that reads presets ({@link Models}, the command line) finds the kinds here, so adding a
 * model is one new package and one line in that file.
 */
public interface ModelKind {

    /** The kind's name in a preset's manifest, e.g. {@code rnnrbm}. */
    String id();

    /** What the kind is, in a few words, for listings (e.g. "RNN-RBM, Boulanger-Lewandowski et al. 2012"). */
    String description();

    /**
     * The real-time model that {@code preset} holds, its arrays checked against the kind's
     * expectations ({@link EngineException} naming the preset and what is wrong otherwise).
     */
    StepModel load(Preset preset);

    /** Every registered kind, in the order of the registration files. */
    static List<ModelKind> all() {
        return Registry.KINDS;
    }

    /** The registered kind named {@code id}, or an {@link EngineException} listing the known ones. */
    static ModelKind of(String id) {
        for (ModelKind kind : Registry.KINDS) {
            if (kind.id().equals(id)) {
                return kind;
            }
        }
        throw new EngineException("unknown model kind '" + id + "' (this Cadenza knows "
                + Registry.KINDS.stream().map(ModelKind::id).collect(Collectors.joining(", "))
                + "): a newer Cadenza may know it");
    }

    /** The kinds found once, at first use. */
    final class Registry {
        private static final List<ModelKind> KINDS = ServiceLoader.load(ModelKind.class, ModelKind.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();

        private Registry() {
        }
    }
}
