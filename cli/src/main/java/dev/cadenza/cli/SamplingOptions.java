package dev.cadenza.cli;

import dev.cadenza.engine.model.Sampling;
import dev.cadenza.engine.preset.Preset;
import picocli.CommandLine.Option;

/**
 * The sampling controls of {@code play}, {@code generate} and {@code judge}: each the preset's own
 * unless given; and of {@code train --select-by judge}, what its judge draws with.
 */
final class SamplingOptions {
    @Option(names = "--temperature",
            description = "Sampling temperature, 0.25..4: below 1 calmer, above 1 wilder (default: the preset's own,"
                    + " else 1).")
    Double temperature;

    @Option(names = "--density",
            description = "Bias on every note's log-odds of sounding, -4..4: positive gives more notes (default: the"
                    + " preset's own, else 0).")
    Double density;

    @Option(names = "--gibbs",
            description = "Gibbs steps per frame (RNN-RBM), 1..400; fewer is faster (default: the preset's own, else"
                    + " 25).")
    Integer gibbs;

    @Option(names = "--frame", paramLabel = "drawn|likely",
            description = "How an RNN-RBM's Gibbs chain gives its frame: drawn (each note drawn given the chain's last"
                    + " hidden units) or likely (the notes more likely than not given them, without the stray notes"
                    + " that drawing every note adds) (default: the preset's own, else drawn).")
    String frame;

    /** Whether any of them was given. */
    boolean given() {
        return temperature != null || density != null || gibbs != null || frame != null;
    }

    /** The plain controls, with the values given here instead where given. */
    Sampling ofPlain() {
        return Sampling.PLAIN.with(temperature, gibbs, density, likelyFrame());
    }

    /** The preset's defaults, with the values given here instead where given. */
    Sampling of(Preset preset) {
        return Sampling.of(preset).with(temperature, gibbs, density, likelyFrame());
    }

    private Boolean likelyFrame() {
        return frame == null ? null : Sampling.likelyFrame(frame);
    }
}
