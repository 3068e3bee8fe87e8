package dev.cadenza.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.engine.midi.MidiFileReader;
import dev.cadenza.engine.preset.PresetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExamplesTest {
    private static Path data(String name) {
        return Path.of(System.getProperty("cadenza.data", "../data"), name);
    }

    @Test
    @DisplayName("the examples train a tiny model, then generate a MIDI file and a picture from it")
    void trainThenGenerate(@TempDir Path dir) throws Exception {
        Path preset = dir.resolve("tiny.cadenza");
        TrainTinyModel.main(new String[] {data("jsb_chorales").toString(), preset.toString(), "2"});
        assertEquals("rnnrbm", PresetFiles.read(preset).manifest().kind());

        Path midi = dir.resolve("out.mid");
        Path png = dir.resolve("out.png");
        GenerateFile.main(new String[] {preset.toString(), midi.toString(), png.toString()});
        var imported = new MidiFileReader(MidiFileReader.Options.DEFAULTS.withStepsPerQuarter(1)).read(midi);
        int steps = imported.roll().length();
        assertTrue(steps > 16 && steps <= 32, "eight bars of quarter-note steps, trailing silence aside: " + steps);
        assertTrue(imported.notes() > 0, "the generated file has notes");
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 0);
        assertTrue(Files.size(midi) > 50);
    }

    @Test
    @DisplayName("the live example plays the bundled preset for two bars and records every note it sent")
    void playLive(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("live.mid");
        PlayLive.main(new String[] {"jsb-rnnrbm", "2", recording.toString()});
        var imported = new MidiFileReader(MidiFileReader.Options.DEFAULTS.withStepsPerQuarter(1)).read(recording);
        assertTrue(imported.notes() > 0, "the recording has notes");
        assertTrue(imported.roll().length() <= 8, "two bars of quarter-note steps: " + imported.roll().length());
    }

    @Test
    @DisplayName("KeyboardSession: a scripted keyboard plays three calls and the model answers each")
    void keyboardSession(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("session.mid");
        KeyboardSession.main(new String[] {"jsb-rnnrbm", recording.toString(), "400"});
        javax.sound.midi.Sequence sequence = javax.sound.midi.MidiSystem.getSequence(recording.toFile());
        int[] noteOnsPerChannel = new int[16];
        for (javax.sound.midi.Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                if (track.get(i).getMessage() instanceof javax.sound.midi.ShortMessage m
                        && m.getCommand() == javax.sound.midi.ShortMessage.NOTE_ON && m.getData2() > 0) {
                    noteOnsPerChannel[m.getChannel()]++;
                }
            }
        }
        assertTrue(noteOnsPerChannel[0] >= 20, "the calls, forwarded (thru) on channel 1: " + noteOnsPerChannel[0]);
        assertTrue(noteOnsPerChannel[1] > 0, "the answers, on channel 2");
        assertTrue(Files.exists(dir.resolve("calls.mid")), "the scripted calls were written");
        assertEquals(java.util.Arrays.toString(Files.readAllBytes(
                        Path.of(System.getProperty("user.dir")).resolve("keyboard/calls.mid"))),
                java.util.Arrays.toString(Files.readAllBytes(dir.resolve("calls.mid"))),
                "examples/keyboard/calls.mid is what the example writes");
    }
}
