package dev.cadenza.engine.midi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/** Builds small Standard MIDI Files event by event, for tests. Events at one tick keep their order. */
final class Smf {
    private final Sequence sequence;
    private Track track;

    /** A file with {@code ticksPerQuarter} ticks per quarter note and one track. */
    Smf(int ticksPerQuarter) {
        this(Sequence.PPQ, ticksPerQuarter);
    }

    Smf(float divisionType, int resolution) {
        try {
            sequence = new Sequence(divisionType, resolution);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
        track = sequence.createTrack();
    }

    /** Starts a new track; later events go there. */
    Smf track() {
        track = sequence.createTrack();
        return this;
    }

    Smf on(long tick, int channel, int pitch, int velocity) {
        return add(tick, shortMessage(ShortMessage.NOTE_ON, channel, pitch, velocity));
    }

    Smf off(long tick, int channel, int pitch) {
        return add(tick, shortMessage(ShortMessage.NOTE_OFF, channel, pitch, 0));
    }

    Smf tempo(long tick, int microsPerQuarter) {
        return add(tick, meta(0x51, new byte[] {(byte) (microsPerQuarter >> 16), (byte) (microsPerQuarter >> 8), (byte) microsPerQuarter}));
    }

    Smf timeSignature(long tick, int numerator, int denominatorPower) {
        return add(tick, meta(0x58, new byte[] {(byte) numerator, (byte) denominatorPower, 24, 8}));
    }

    Smf endAt(long tick) {
        return add(tick, meta(0x2F, new byte[0]));
    }

    Sequence sequence() {
        return sequence;
    }

    /** The file's bytes as SMF {@code type} (0 needs a single track). */
    byte[] bytes(int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MidiSystem.write(sequence, type, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Smf add(long tick, MidiMessage message) {
        track.add(new MidiEvent(message, tick));
        return this;
    }

    private static ShortMessage shortMessage(int command, int channel, int data1, int data2) {
        try {
            return new ShortMessage(command, channel, data1, data2);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MetaMessage meta(int type, byte[] data) {
        try {
            return new MetaMessage(type, data, data.length);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
