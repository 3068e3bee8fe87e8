package dev.cadenza.cli;

import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.midi.MidiImport;
import dev.cadenza.engine.model.Scale;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.PianoRoll;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The options of {@code play} and {@code generate} for what the model keeps to and what it hears first. */
final class MusicOptions {
    /** The most bars of a primer the model hears: the last ones of a longer file. */
    static final int PRIMER_MAX_BARS = 64;

    @Option(names = "--key", paramLabel = "NOTE",
            description = "Keep to this key: a note name such as C, F#, Bb (with --scale; alone, its major scale)."
                    + " Live: k/K or a knob move it.")
    String key;

    @Option(names = "--scale", paramLabel = "NAME",
            description = "Keep to this scale on --key (C without it): major, minor, harmonic-minor, dorian, phrygian,"
                    + " lydian, mixolydian, major-pentatonic, minor-pentatonic, blues or chromatic (every note, the"
                    + " default). Live: s/S or a knob change it.")
    String scale;

    @Option(names = "--primer", paramLabel = "FILE.mid",
            description = "The model hears this MIDI file first (its last " + PRIMER_MAX_BARS + " bars at most), then"
                    + " continues it.")
    Path primer;

    /** The scale --key and --scale ask for ({@link Scale#CHROMATIC} without them). */
    Scale scale() {
        return Scale.parse(key, scale);
    }

    /**
     * The primer file on {@code model}'s grid and range, at most its last {@link #PRIMER_MAX_BARS}
     * bars; null without --primer. What it leaves out is said on {@code log}.
     */
    PianoRoll primer(StepModel model, Consumer<String> log) {
        if (primer == null) {
            return null;
        }
        MidiImport read = new MidiFileReader(new MidiFileReader.Options(model.range(), model.stepsPerQuarter(),
                false)).read(primer);
        PianoRoll roll = read.roll();
        if (read.droppedOutOfRange() > 0) {
            log.accept(String.format("primer %s: %d notes outside the model's pitches %s left out",
                    primer.getFileName(), read.droppedOutOfRange(), model.range()));
        }
        if (roll.countSounding() == 0) {
            throw new IllegalArgumentException("primer " + primer + " has no notes within the model's pitches "
                    + model.range() + " (expected a MIDI file with notes)");
        }
        int most = PRIMER_MAX_BARS * 4 * model.stepsPerQuarter();
        if (roll.length() > most) {
            log.accept(String.format("primer %s: %d bars long; the model hears its last %d", primer.getFileName(),
                    roll.length() / (4 * model.stepsPerQuarter()), PRIMER_MAX_BARS));
            roll = roll.slice(roll.length() - most, most);
        }
        return roll;
    }
}
