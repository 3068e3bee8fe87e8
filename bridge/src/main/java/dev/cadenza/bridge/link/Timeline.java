package dev.cadenza.bridge.link;

/**
 * A Link session's beat timeline: its tempo, and which beat falls at which moment of the
 * session's shared clock (its "ghost time", in microseconds). Beats are counted in millionths
 * ("microbeats") on the wire, as Link peers exchange them.
 *
 * @param microsPerBeat the tempo: microseconds per beat (500,000 at 120 BPM)
 * @param beatOrigin the beat, in microbeats, at {@code timeOrigin}
 * @param timeOrigin a moment of the session's clock, in microseconds
 */
public record Timeline(long microsPerBeat, long beatOrigin, long timeOrigin) {
    /** The slowest and fastest tempo a session may have, in BPM (Link's own range). */
    public static final double MIN_BPM = 20;
    public static final double MAX_BPM = 999;

    public Timeline {
        if (microsPerBeat < bpmToMicros(MAX_BPM) || microsPerBeat > bpmToMicros(MIN_BPM)) {
            throw new IllegalArgumentException("a Link tempo of " + microsPerBeat + " microseconds a beat (expected "
                    + bpmToMicros(MAX_BPM) + ".." + bpmToMicros(MIN_BPM) + ", that is " + (int) MIN_BPM + ".."
                    + (int) MAX_BPM + " BPM)");
        }
    }

    /** A timeline at {@code bpm} with beat {@code beats} at session time {@code ghostMicros}. */
    public static Timeline at(double bpm, double beats, long ghostMicros) {
        return new Timeline(bpmToMicros(bpm), Math.round(beats * 1e6), ghostMicros);
    }

    public double bpm() {
        return 60e6 / microsPerBeat;
    }

    /** The beat (fractional) at session time {@code ghostMicros}. */
    public double beatsAt(long ghostMicros) {
        return (beatOrigin + (double) (ghostMicros - timeOrigin) * 1e6 / microsPerBeat) / 1e6;
    }

    /** The session time, in microseconds (fractional), at which beat {@code beats} falls. */
    public double ghostAt(double beats) {
        return timeOrigin + (beats * 1e6 - beatOrigin) * microsPerBeat / 1e6;
    }

    /** This timeline's beats at a new tempo from {@code ghostMicros} on: the beat then is kept. */
    public Timeline withTempo(double bpm, long ghostMicros) {
        return at(bpm, beatsAt(ghostMicros), ghostMicros);
    }

    static long bpmToMicros(double bpm) {
        return Math.round(60e6 / bpm);
    }
}
