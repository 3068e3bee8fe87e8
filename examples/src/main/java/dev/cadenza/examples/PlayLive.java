package dev.cadenza.examples;

import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.port.PortSource;
import dev.cadenza.bridge.stream.LiveStream;
import dev.cadenza.bridge.stream.StreamOptions;
import dev.cadenza.engine.model.Models;
import dev.cadenza.engine.model.StepModel;
import dev.cadenza.presets.Presets;
import java.nio.file.Path;

/**
 * Plays a preset live for a few bars into a MIDI output (by name, or the built-in synthesizer) and
 * records what was sent.
 *
 * <pre>java dev.cadenza.examples.PlayLive PRESET BARS RECORDING.mid [OUTPUT_NAME]</pre>
 */
public final class PlayLive {
    private PlayLive() {
    }

    public static void main(String[] args) throws InterruptedException {
        StepModel model = Models.fromPreset(Presets.load(args[0]));
        int bars = Integer.parseInt(args[1]);
        PortSource port = args.length > 3 ? PortSource.named(args[3]) : PortSource.synthesizer(System.out::println);
        LiveStream stream = LiveStream.builder(model, port)
                .bpm(160)
                .options(StreamOptions.defaults().withSteps(bars * 4 * model.stepsPerQuarter()).withSeed(7))
                .controls(new LiveControls(0.9, 0, 25))
                .record(Path.of(args[2]))
                .log(System.out::println)
                .build();
        stream.start();
        RuntimeException failure = stream.awaitEnd();
        if (failure != null) {
            throw failure;
        }
        System.out.println("played " + stream.stats().stepsPlayed() + " steps into " + stream.portName());
    }
}
