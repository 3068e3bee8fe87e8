package dev.cadenza.bridge.stream;

import dev.cadenza.bridge.BridgeException;

/**
 * How loud notes are struck: a fixed velocity ({@code low == high}), humanised uniformly within
 * {@code low..high}, or taken from the model's frame where it has one ({@code fromModel}, falling
 * back to {@code low..high} where the frame says 0).
 */
public record Velocity(int low, int high, boolean fromModel) {
    public static final Velocity DEFAULT = new Velocity(90, 90, false);

    public Velocity {
        if (low < 1 || low > 127) {
            throw new BridgeException("invalid velocity: " + low + " (expected 1..127)");
        }
        if (high < low || high > 127) {
            throw new BridgeException("invalid velocity range: " + low + "-" + high + " (expected low <= high <= 127)");
        }
    }

    /** Parses {@code 90}, {@code 70-110}, {@code model} or {@code model:70-110}. */
    public static Velocity parse(String text) {
        String s = text.trim().toLowerCase(java.util.Locale.ROOT);
        boolean model = s.startsWith("model");
        if (model) {
            s = s.substring(5);
            if (s.startsWith(":")) {
                s = s.substring(1);
            }
            if (s.isEmpty()) {
                return new Velocity(DEFAULT.low, DEFAULT.high, true);
            }
        }
        try {
            int dash = s.indexOf('-');
            if (dash < 0) {
                int v = Integer.parseInt(s);
                return new Velocity(v, v, model);
            }
            return new Velocity(Integer.parseInt(s.substring(0, dash)), Integer.parseInt(s.substring(dash + 1)), model);
        } catch (NumberFormatException e) {
            throw new BridgeException("invalid velocity: '" + text
                    + "' (expected a number 1..127, a range such as 70-110, or 'model')", e);
        }
    }

    @Override
    public String toString() {
        String range = low == high ? Integer.toString(low) : low + "-" + high;
        return fromModel ? "model:" + range : range;
    }
}
