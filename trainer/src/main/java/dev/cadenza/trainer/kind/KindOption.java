package dev.cadenza.trainer.kind;

/**
 * An option that one model kind adds to {@code cadenza train} or {@code cadenza eval}, e.g. the
 * RNN-RBM's {@code --hidden}. Its value reaches the kind as text, read with the type it expects
 * through {@link KindOptions}.
 *
 * @param name the option as typed, with its dashes ({@code --hidden})
 * @param label what its value is, for the help ({@code N}, {@code SIZES})
 * @param defaultValue its value when the option is not given, as it would be typed
 * @param description what it does, for the help, without the default (the help adds it)
 */
public record KindOption(String name, String label, String defaultValue, String description) {

    public KindOption {
        if (!name.startsWith("--")) {
            throw new IllegalArgumentException("a kind's option is named with two dashes: " + name);
        }
    }
}
