package dev.cadenza.engine.model;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetManifest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sampling controls a preset plays with when none are given: its temperature and Gibbs steps,
 * kept in the manifest's hyper-parameters ({@value #TEMPERATURE_KEY}, {@value #GIBBS_KEY}) where a
 * measurement chose them (e.g. {@code cadenza judge --split valid}); 1 and
 * {@link Controls#DEFAULT_GIBBS_STEPS} where the preset has none.
 *
 * @param temperature the default sampling temperature
 * @param gibbsSteps the default Gibbs steps a frame (RBM-based models)
 */
public record Sampling(double temperature, int gibbsSteps) {
    public static final String TEMPERATURE_KEY = "samplingTemperature";
    public static final String GIBBS_KEY = "samplingGibbsSteps";
    /** What a preset without its own plays with. */
    public static final Sampling PLAIN = new Sampling(1.0, Controls.DEFAULT_GIBBS_STEPS);

    public Sampling {
        Controls.checkTemperature(temperature);
        Controls.checkGibbsSteps(gibbsSteps);
    }

    /** The defaults {@code preset} carries, or {@link #PLAIN}'s where it carries none. */
    public static Sampling of(Preset preset) {
        Map<String, Object> hyper = preset.manifest().hyperParameters();
        double t = hyper.containsKey(TEMPERATURE_KEY) ? preset.hyperDouble(TEMPERATURE_KEY) : PLAIN.temperature;
        int g = hyper.containsKey(GIBBS_KEY) ? preset.hyperInt(GIBBS_KEY) : PLAIN.gibbsSteps;
        return new Sampling(t, g);
    }

    /** {@code temperature} and {@code gibbs} where given (not null), these defaults where not. */
    public Sampling with(Double temperature, Integer gibbs) {
        return new Sampling(temperature != null ? temperature : this.temperature, gibbs != null ? gibbs : gibbsSteps);
    }

    /** Sets these values on {@code controls}. */
    public Controls applyTo(Controls controls) {
        return controls.temperature(temperature).gibbsSteps(gibbsSteps);
    }

    /** {@code preset} with these values as its defaults. */
    public Preset into(Preset preset) {
        PresetManifest m = preset.manifest();
        Map<String, Object> hyper = new LinkedHashMap<>(m.hyperParameters());
        hyper.put(TEMPERATURE_KEY, temperature);
        hyper.put(GIBBS_KEY, gibbsSteps);
        return new Preset(m.withHyperParameters(hyper), preset.tensors());
    }
}
