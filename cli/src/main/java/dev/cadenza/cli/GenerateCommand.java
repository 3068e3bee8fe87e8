package dev.cadenza.cli;

import dev.cadenza.bridge.clock.InternalTransport;
import dev.cadenza.engine.midi.MidiFileWriter;
import dev.cadenza.engine.model.Controls;
import dev.cadenza.engine.model.Generation;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.roll.PianoRoll;
import dev.cadenza.engine.roll.RollImage;
import dev.cadenza.presets.Presets;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cadenza generate}: offline generation into a MIDI file and a piano-roll picture. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate offline into a MIDI file and a piano-roll PNG.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--preset"}, defaultValue = Presets.DEFAULT,
            description = "Bundled preset name or .cadenza file (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.mid", defaultValue = "cadenza.mid",
            description = "MIDI file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--png", paramLabel = "FILE.png",
            description = "Piano-roll picture to write (default: the MIDI file's name with .png).")
    Path png;

    @Option(names = "--bars", defaultValue = "16", description = "Bars of 4/4 to generate (default: ${DEFAULT-VALUE}).")
    int bars;

    @Option(names = "--bpm", defaultValue = "120", description = "Tempo written into the file, as play's (default: ${DEFAULT-VALUE}).")
    double bpm;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    SamplingOptions samplingOptions;

    @Mixin
    MusicOptions music;

    @Option(names = "--program", defaultValue = "0", description = "General MIDI program, 0-127 (default: ${DEFAULT-VALUE}: piano).")
    int program;

    @Override
    public Integer call() {
        if (bars < 1 || bars > 10_000) {
            throw new IllegalArgumentException("invalid bars: " + bars + " (expected 1..10000)");
        }
        InternalTransport.checkTempo(bpm); // the tempo range play keeps
        Preset p = Presets.load(preset);
        StepModel model = Models.fromPreset(p, music.scale());
        Controls controls = samplingOptions.of(p).applyTo(model.newControls())
                .allowPitchClassMask(music.scale().mask());
        PrintWriter w = spec.commandLine().getOut();
        PianoRoll primer = music.primer(model, m -> {
            w.println("cadenza: " + m);
            w.flush();
        });
        int steps = bars * 4 * model.stepsPerQuarter();
        PianoRoll roll = Generation.generate(model, controls, primer, steps, seed);
        roll.addTempo(new PianoRoll.Tempo(0, (int) Math.round(60_000_000 / bpm)));
        roll.addTimeSignature(new PianoRoll.TimeSignature(0, 4, 4));
        new MidiFileWriter(new MidiFileWriter.Options(0, program, 80)).write(roll, out);
        Path picture = png != null ? png : siblingPng(out);
        RollImage.writePng(roll, picture);
        w.printf("wrote %s (%d bars, %d steps, %d notes sounding-steps from %s, seed %d) and %s%n", out, bars, steps,
                roll.countSounding(), p.manifest().name(), seed, picture);
        return 0;
    }

    private static Path siblingPng(Path midi) {
        String name = midi.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return midi.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".png");
    }
}
