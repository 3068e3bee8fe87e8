package dev.cadenza.examples;

import dev.cadenza.engine.midi.MidiFileWriter;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Generation;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.RollImage;
import dev.cadenza.presets.Presets;
import java.nio.file.Path;

/**
 * Generates eight bars from a preset (a bundled name or a .cadenza file) into a MIDI file and a
 * piano-roll picture.
 *
 * <pre>java dev.cadenza.examples.GenerateFile PRESET OUT.mid OUT.png</pre>
 */
public final class GenerateFile {
    private GenerateFile() {
    }

    public static void main(String[] args) {
        StepModel model = Models.fromPreset(Presets.load(args[0]));
        Controls controls = model.newControls().temperature(0.9);
        PianoRoll roll = Generation.generate(model, controls, null, 8 * 4 * model.stepsPerQuarter(), 42);
        roll.addTempo(new PianoRoll.Tempo(0, 600_000));
        new MidiFileWriter().write(roll, Path.of(args[1]));
        RollImage.writePng(roll, Path.of(args[2]));
        System.out.println("wrote " + args[1] + " and " + args[2] + ": " + roll.length() + " steps");
    }
}
