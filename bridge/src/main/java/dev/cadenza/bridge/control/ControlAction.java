package dev.cadenza.bridge.control;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Scale;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a MIDI control change (or a key) can do while the model plays. */
public enum ControlAction {
    /** A knob: 0..127 → the whole temperature range, 0.25..4, exponentially, 64 ≈ 1. */
    TEMPERATURE,
    /** A knob: 0..127 → the whole density range, -4..+4, 64 = 0. */
    DENSITY,
    /** A knob: 0..127 → the whole range of Gibbs steps, 1..400, quadratically (fine control at the low end). */
    GIBBS,
    /** A button or switch: 64 and above mutes, below unmutes. */
    MUTE,
    /** A button: a press (rising through 64) restarts the model with a new seed. */
    RESTART,
    /** A button: a press silences every sounding note at once. */
    PANIC,
    /** A button (or pedal): a press ends the player's call now; the answer starts on the next step. */
    END_CALL,
    /** A button: a press starts or stops looping the last answer. */
    LOOP,
    /** A button: a press throws the last answer away and answers the same call afresh. */
    REROLL,
    /** A knob: 0..127 → the twelve keys, C at the bottom, B at the top; the scale stays. */
    KEY,
    /** A knob: 0..127 → the scales ({@link Scale.Mode}), major at the bottom, chromatic (every note) at the top. */
    SCALE,
    /**
     * A knob: 0..127 → 40..240 BPM in whole beats; with Link the tempo is proposed to the session;
     * nothing where the tempo follows a MIDI clock or JACK's transport.
     */
    TEMPO;

    /** The name used in control-map files: lower case, words joined by '-' (end-call). */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ControlAction parse(String text) {
        for (ControlAction a : values()) {
            if (a.key().equals(text.trim().toLowerCase(Locale.ROOT).replace('_', '-'))) {
                return a;
            }
        }
        throw new BridgeException("unknown control action: '" + text + "' (expected one of "
                + Arrays.stream(values()).map(ControlAction::key).collect(Collectors.joining(", ")) + ")");
    }

    /** Whether the action fires on a press rather than following a value. */
    public boolean isButton() {
        return this != TEMPERATURE && this != DENSITY && this != GIBBS && this != KEY && this != SCALE
                && this != TEMPO;
    }

    /** The tonic (pitch class 0..11) for a knob value 0..127: twelve equal stretches. */
    public static int keyOf(int value) {
        return Math.min(11, value * 12 / 128);
    }

    /** The scale mode for a knob value 0..127: equal stretches over {@link Scale.Mode}. */
    public static Scale.Mode scaleOf(int value) {
        return Scale.Mode.of(Math.min(Scale.Mode.count() - 1, value * Scale.Mode.count() / 128));
    }

    /** Temperature for a knob value 0..127: min · (max/min)^(v/127) over {@link Controls}'s range (64 gives about 1). */
    public static double temperatureOf(int value) {
        return Controls.MIN_TEMPERATURE
                * Math.pow(Controls.MAX_TEMPERATURE / Controls.MIN_TEMPERATURE, value / 127.0);
    }

    /** Density bias for a knob value 0..127: linear over {@link Controls}'s range, 64 gives 0. */
    public static double densityOf(int value) {
        return value < 64 ? (64 - value) / 64.0 * Controls.MIN_DENSITY : (value - 64) / 63.0 * Controls.MAX_DENSITY;
    }

    /** The tempo for a knob value 0..127: 40..240 BPM, linearly, in whole beats a minute. */
    public static double tempoOf(int value) {
        return Math.round(40 + value * 200 / 127.0);
    }

    /** Gibbs steps for a knob value 0..127: quadratic over {@link Controls}'s range. */
    public static int gibbsOf(int value) {
        return Controls.MIN_GIBBS_STEPS + (int) Math.round((Controls.MAX_GIBBS_STEPS - Controls.MIN_GIBBS_STEPS)
                * Math.pow(value / 127.0, 2));
    }
}
