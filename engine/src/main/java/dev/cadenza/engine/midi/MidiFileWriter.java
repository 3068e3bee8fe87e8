package dev.cadenza.engine.midi;

import dev.cadenza.engine.AtomicFiles;
import dev.cadenza.engine.roll.Cell;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.PitchRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Writes a {@link PianoRoll} as a Standard MIDI File, type 1: track 0 holds the tempo map and the
 * time signatures (and the sequence name), track 1 the notes on one channel.
 *
 * <p><b>Rule.</b> Step {@code s} starts at tick {@code s * ticksPerStep}, with
 * {@link #resolution(int)} ticks per quarter note (480 where the grid divides it). Per pitch: a
 * {@link Cell#STRUCK} cell is a note-on (ending the previous note of that pitch first), a
 * {@link Cell#HELD} cell continues the note (a HELD cell after silence starts one, as if struck),
 * a {@link Cell#SILENT} cell ends it; notes still sounding at the end end at the roll's last tick,
 * where both tracks end. At one tick, note-offs come before note-ons. A note-on's velocity is that
 * of its onset cell, or {@link Options#defaultVelocity()} where the cell has none (0). So what
 * {@link MidiFileReader} reads back is the same roll (same grid and pitch range given), as long
 * as the roll's tempo and time-signature changes lie inside it: a change at or after the last step
 * is written too and makes the file, so the roll read back, that much longer.
 *
 * <p>Files are written atomically: to a temporary file in the same directory, then moved over the
 * target, so a reader never sees half a file.
 *
 * <p>Stateless and thread safe; not for the real-time path.
 */
public final class MidiFileWriter {
    /** The usual resolution of sequencers; divisible by every common grid (1, 2, 3, 4, 6, 8, 12, 16, 24). */
    public static final int DEFAULT_RESOLUTION = 480;
    private static final int NOTE_OFF_VELOCITY = 64;

    /**
     * How a roll is written.
     *
     * @param channel zero-based MIDI channel of the notes, 0..15 (9 is the General MIDI drum channel)
     * @param program General MIDI program (0..127) sent at the start, or -1 for none
     * @param defaultVelocity velocity of onsets whose cell has none, 1..127
     */
    public record Options(int channel, int program, int defaultVelocity) {
        /** Channel 1 (zero-based 0), no program change, velocity 80. */
        public static final Options DEFAULTS = new Options(0, -1, 80);

        public Options {
            if (channel < 0 || channel > 15) {
                throw new IllegalArgumentException("invalid MIDI channel: " + channel + " (expected 0..15)");
            }
            if (program < -1 || program > 127) {
                throw new IllegalArgumentException("invalid program: " + program + " (expected 0..127, or -1 for none)");
            }
            if (defaultVelocity < 1 || defaultVelocity > 127) {
                throw new IllegalArgumentException("invalid default velocity: " + defaultVelocity + " (expected 1..127)");
            }
        }

        public Options withChannel(int newChannel) {
            return new Options(newChannel, program, defaultVelocity);
        }

        public Options withProgram(int newProgram) {
            return new Options(channel, newProgram, defaultVelocity);
        }

        public Options withDefaultVelocity(int newDefaultVelocity) {
            return new Options(channel, program, newDefaultVelocity);
        }
    }

    private final Options options;

    /** A writer with {@link Options#DEFAULTS}. */
    public MidiFileWriter() {
        this(Options.DEFAULTS);
    }

    public MidiFileWriter(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("missing options (expected e.g. MidiFileWriter.Options.DEFAULTS)");
        }
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Ticks per quarter note used for a grid: 480, or a multiple of the grid where 480 is not one. */
    public static int resolution(int stepsPerQuarter) {
        return DEFAULT_RESOLUTION % stepsPerQuarter == 0 ? DEFAULT_RESOLUTION : stepsPerQuarter * 96;
    }

    /** Writes {@code roll} to {@code file} atomically, replacing any file there. */
    public void write(PianoRoll roll, Path file) {
        Sequence sequence = toSequence(roll);
        AtomicFiles.write(file, "MIDI file", out -> MidiSystem.write(sequence, 1, out));
    }

    /** The SMF type 1 sequence of {@code roll}; see the class comment for the rule. */
    public Sequence toSequence(PianoRoll roll) {
        int resolution = resolution(roll.stepsPerQuarter());
        long ticksPerStep = resolution / roll.stepsPerQuarter();
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, resolution);
            Track conductor = sequence.createTrack();
            Track notes = sequence.createTrack();
            long endTick = roll.length() * ticksPerStep;

            conductor.add(new MidiEvent(meta(0x03, "Cadenza".getBytes(StandardCharsets.US_ASCII)), 0));
            for (PianoRoll.TimeSignature signature : roll.timeSignatures()) {
                conductor.add(new MidiEvent(timeSignature(signature), signature.step() * ticksPerStep));
            }
            for (PianoRoll.Tempo tempo : roll.tempos()) {
                int micros = tempo.microsPerQuarter();
                byte[] data = {(byte) (micros >>> 16), (byte) (micros >>> 8), (byte) micros};
                conductor.add(new MidiEvent(meta(0x51, data), tempo.step() * ticksPerStep));
            }
            conductor.add(new MidiEvent(meta(0x2F, new byte[0]), endTick));

            int channel = options.channel();
            if (options.program() >= 0) {
                notes.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, options.program(), 0), 0));
            }
            PitchRange range = roll.range();
            boolean[] sounding = new boolean[range.size()];
            for (int step = 0; step < roll.length(); step++) {
                long tick = step * ticksPerStep;
                // Offs first, so that a repeated note ends before it starts again at the same tick.
                for (int i = 0; i < sounding.length; i++) {
                    byte code = roll.code(step, i);
                    if (sounding[i] && code != Cell.HELD_CODE) {
                        notes.add(new MidiEvent(noteOff(channel, range.pitch(i)), tick));
                        sounding[i] = false;
                    }
                }
                for (int i = 0; i < sounding.length; i++) {
                    byte code = roll.code(step, i);
                    if (code == Cell.STRUCK_CODE || code == Cell.HELD_CODE && !sounding[i]) {
                        int velocity = roll.velocity(step, i) > 0 ? roll.velocity(step, i) : options.defaultVelocity();
                        notes.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, range.pitch(i), velocity), tick));
                        sounding[i] = true;
                    }
                }
            }
            for (int i = 0; i < sounding.length; i++) {
                if (sounding[i]) {
                    notes.add(new MidiEvent(noteOff(channel, range.pitch(i)), endTick));
                }
            }
            notes.add(new MidiEvent(meta(0x2F, new byte[0]), endTick));
            return sequence;
        } catch (InvalidMidiDataException e) {
            // Every value above is checked by the roll's and the options' own validation.
            throw new IllegalStateException("invalid MIDI data built from a valid roll", e);
        }
    }

    private static ShortMessage noteOff(int channel, int pitch) throws InvalidMidiDataException {
        return new ShortMessage(ShortMessage.NOTE_OFF, channel, pitch, NOTE_OFF_VELOCITY);
    }

    private static MidiMessage timeSignature(PianoRoll.TimeSignature signature) throws InvalidMidiDataException {
        int power = Integer.numberOfTrailingZeros(signature.denominator());
        // One metronome click per denominator note (24 MIDI clocks per quarter), 8 32nds per quarter.
        int clocksPerClick = Math.max(1, 96 / signature.denominator());
        return meta(0x58, new byte[] {(byte) signature.numerator(), (byte) power, (byte) clocksPerClick, 8});
    }

    private static MetaMessage meta(int type, byte[] data) throws InvalidMidiDataException {
        return new MetaMessage(type, data, data.length);
    }
}
