package dev.cadenza.engine.model;

import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetManifest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sampling controls a preset plays with when none are given: its temperature, Gibbs steps,
 * density and how its chain gives a frame, kept in the manifest's hyper-parameters ({@value
 * #TEMPERATURE_KEY}, {@value #GIBBS_KEY}, {@value #DENSITY_KEY}, {@value #FRAME_KEY}) where a
 * measurement chose them (e.g. {@code cadenza judge --split valid}); 1, {@link
 * Controls#DEFAULT_GIBBS_STEPS}, 0 and drawn where the preset has none.
 *
 * @param temperature the default sampling temperature
 * @param gibbsSteps the default Gibbs steps a frame (RBM-based models)
 * @param density the default density bias
 * @param likelyFrame whether the chain ends with its likely notes ({@link Controls#likelyFrame()})
 */
public record Sampling(double temperature, int gibbsSteps, double density, boolean likelyFrame) {
    public static final String TEMPERATURE_KEY = "samplingTemperature";
    public static final String GIBBS_KEY = "samplingGibbsSteps";
    public static final String DENSITY_KEY = "samplingDensity";
    /** Its values: {@value #DRAWN} or {@value #LIKELY}. */
    public static final String FRAME_KEY = "samplingFrame";
    public static final String DRAWN = "drawn";
    public static final String LIKELY = "likely";
    /** What a preset without its own plays with. */
    public static final Sampling PLAIN = new Sampling(1.0, Controls.DEFAULT_GIBBS_STEPS, 0);

    public Sampling {
        Controls.checkTemperature(temperature);
        Controls.checkGibbsSteps(gibbsSteps);
        Controls.checkDensity(density);
    }

    /** A temperature and Gibbs steps, at density 0. */
    public Sampling(double temperature, int gibbsSteps) {
        this(temperature, gibbsSteps, 0);
    }

    /** With drawn frames. */
    public Sampling(double temperature, int gibbsSteps, double density) {
        this(temperature, gibbsSteps, density, false);
    }

    /** {@code text} ({@value #DRAWN} or {@value #LIKELY}) as {@link #likelyFrame}, else an exception naming it. */
    public static boolean likelyFrame(String text) {
        return switch (text) {
            case DRAWN -> false;
            case LIKELY -> true;
            default -> throw new IllegalArgumentException("invalid frame: '" + text + "' (expected " + DRAWN + " or "
                    + LIKELY + ")");
        };
    }

    /** The defaults {@code preset} carries, or {@link #PLAIN}'s where it carries none. */
    public static Sampling of(Preset preset) {
        Map<String, Object> hyper = preset.manifest().hyperParameters();
        double t = hyper.containsKey(TEMPERATURE_KEY) ? preset.hyperDouble(TEMPERATURE_KEY) : PLAIN.temperature;
        int g = hyper.containsKey(GIBBS_KEY) ? preset.hyperInt(GIBBS_KEY) : PLAIN.gibbsSteps;
        double d = hyper.containsKey(DENSITY_KEY) ? preset.hyperDouble(DENSITY_KEY) : PLAIN.density;
        boolean likely = hyper.containsKey(FRAME_KEY) ? likelyFrame(String.valueOf(hyper.get(FRAME_KEY))) : PLAIN.likelyFrame;
        return new Sampling(t, g, d, likely);
    }

    /** Each value where given (not null), these defaults where not. */
    public Sampling with(Double temperature, Integer gibbs, Double density, Boolean likelyFrame) {
        return new Sampling(temperature != null ? temperature : this.temperature, gibbs != null ? gibbs : gibbsSteps,
                density != null ? density : this.density, likelyFrame != null ? likelyFrame : this.likelyFrame);
    }

    /** Sets these values on {@code controls}. */
    public Controls applyTo(Controls controls) {
        return controls.temperature(temperature).gibbsSteps(gibbsSteps).densityBias(density).likelyFrame(likelyFrame);
    }

    /** {@code preset} with these values as its defaults. */
    public Preset into(Preset preset) {
        PresetManifest m = preset.manifest();
        Map<String, Object> hyper = new LinkedHashMap<>(m.hyperParameters());
        hyper.put(TEMPERATURE_KEY, temperature);
        hyper.put(GIBBS_KEY, gibbsSteps);
        hyper.put(DENSITY_KEY, density);
        hyper.put(FRAME_KEY, likelyFrame ? LIKELY : DRAWN);
        return new Preset(m.withHyperParameters(hyper), preset.tensors());
    }
}
