package dev.cadenza.bridge.keyboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/** Builds a small MIDI file of notes and control changes placed in beats, for a virtual keyboard. */
final class Phrase {
    static final int PPQ = 480;
    private final Sequence sequence;
    private final Track track;

    Phrase() {
        try {
            sequence = new Sequence(Sequence.PPQ, PPQ);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
        track = sequence.createTrack();
    }

    /** A note of {@code pitch} from beat {@code start} for {@code beats}. */
    Phrase note(int pitch, double start, double beats) {
        add(ShortMessage.NOTE_ON, pitch, 90, start);
        add(ShortMessage.NOTE_OFF, pitch, 0, start + beats);
        return this;
    }

    /** A chord: every pitch from {@code start} for {@code beats}. */
    Phrase chord(double start, double beats, int... pitches) {
        for (int p : pitches) {
            note(p, start, beats);
        }
        return this;
    }

    Phrase control(int controller, int value, double at) {
        add(ShortMessage.CONTROL_CHANGE, controller, value, at);
        return this;
    }

    private void add(int command, int data1, int data2, double beat) {
        try {
            track.add(new MidiEvent(new ShortMessage(command, 0, data1, data2), Math.round(beat * PPQ)));
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Path write(Path file) {
        try {
            MidiSystem.write(sequence, 0, file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
