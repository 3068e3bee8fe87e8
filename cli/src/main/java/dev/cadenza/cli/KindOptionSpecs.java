package dev.cadenza.cli;

import dev.cadenza.trainer.TrainerException;
import dev.cadenza.trainer.kind.KindOption;
import dev.cadenza.trainer.kind.KindOptions;
import dev.cadenza.trainer.kind.TrainingKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options each model kind adds to a command ({@code train}, {@code eval}): declared by the
 * kinds ({@link TrainingKind}), added to the command's picocli model when it is built, and read back
 * for the one kind a run uses. An option of another kind than the run's is refused, naming its kind.
 */
final class KindOptionSpecs {
    private KindOptionSpecs() {
    }

    /**
     * Adds every registered kind's options (those {@code which} gives) to {@code spec}, each
     * description prefixed with what {@code prefix} says of its kind.
     */
    static CommandSpec addTo(CommandSpec spec, Function<TrainingKind, List<KindOption>> which,
            Function<TrainingKind, String> prefix) {
        for (TrainingKind kind : TrainingKind.all()) {
            for (KindOption option : which.apply(kind)) {
                if (spec.findOption(option.name()) != null) {
                    throw new IllegalStateException("model kind " + kind.id() + " declares " + option.name()
                            + ", which the command or another kind already has");
                }
                spec.addOption(OptionSpec.builder(option.name()).paramLabel(option.label()).type(String.class)
                        .description(prefix.apply(kind) + ": " + option.description()
                                + " (default: " + option.defaultValue() + ")")
                        .build());
            }
        }
        return spec;
    }

    /**
     * The values of {@code kind}'s options as parsed by {@code spec}'s command line, defaults for
     * those not given; a {@link TrainerException} if an option of another kind was given.
     */
    static KindOptions read(CommandSpec spec, TrainingKind kind, Function<TrainingKind, List<KindOption>> which,
            String why) {
        ParseResult parsed = spec.commandLine().getParseResult();
        for (TrainingKind other : TrainingKind.all()) {
            if (other == kind) {
                continue;
            }
            for (KindOption option : which.apply(other)) {
                if (parsed.hasMatchedOption(option.name())) {
                    throw new TrainerException(option.name() + " is an option of " + other.title() + " models ("
                            + other.id() + "), and " + why + " " + kind.title() + " (" + kind.id() + "): leave it out");
                }
            }
        }
        Map<String, String> given = new LinkedHashMap<>();
        for (KindOption option : which.apply(kind)) {
            if (parsed.hasMatchedOption(option.name())) {
                given.put(option.name(), parsed.matchedOptionValue(option.name(), option.defaultValue()));
            }
        }
        return KindOptions.of(which.apply(kind), given);
    }
}
