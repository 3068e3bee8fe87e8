package dev.cadenza.trainer.kind;

import dev.cadenza.trainer.TrainerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The values of a kind's options for one run, as given on the command line or by default, read
 * with the type each expects. A value that is not of that type is refused in one line naming the
 * option; ranges are the kind's to check.
 */
public final class KindOptions {
    private final Map<String, String> values;

    /** The values of {@code options}: those given in {@code given} (by name), the defaults for the rest. */
    public static KindOptions of(List<KindOption> options, Map<String, String> given) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (KindOption option : options) {
            values.put(option.name(), given.getOrDefault(option.name(), option.defaultValue()));
        }
        for (String name : given.keySet()) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("not an option of this kind: " + name);
            }
        }
        return new KindOptions(values);
    }

    private KindOptions(Map<String, String> values) {
        this.values = values;
    }

    /** The value of {@code name} as text. */
    public String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no such option of this kind: " + name);
        }
        return value.strip();
    }

    /** The value of {@code name}, one of {@code allowed}. */
    public String choice(String name, String... allowed) {
        String value = text(name);
        if (!List.of(allowed).contains(value)) {
            throw new TrainerException("invalid " + name + ": " + value + " (expected " + String.join(" or ", allowed) + ")");
        }
        return value;
    }

    /** The value of {@code name} as a whole number. */
    public int integer(String name) {
        return integer(name, text(name));
    }

    /** The value of {@code name} as a whole number that may be large. */
    public long whole(String name) {
        String value = text(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notA(name, value, "whole number");
        }
    }

    /** The value of {@code name} as a finite number. */
    public double decimal(String name) {
        String value = text(name);
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw notA(name, value, "number");
        }
        if (!Double.isFinite(d)) {
            throw notA(name, value, "finite number");
        }
        return d;
    }

    /** The value of {@code name} as whole numbers separated by commas ({@code 300,300}). */
    public List<Integer> integers(String name) {
        List<Integer> out = new ArrayList<>();
        for (String part : text(name).split(",", -1)) {
            out.add(integer(name, part.strip()));
        }
        return List.copyOf(out);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw notA(name, value, "whole number");
        }
    }

    private static TrainerException notA(String name, String value, String what) {
        return new TrainerException("invalid " + name + ": '" + value + "' is not a " + what);
    }
}
