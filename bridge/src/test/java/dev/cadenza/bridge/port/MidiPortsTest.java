package dev.cadenza.bridge.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cadenza.bridge.BridgeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The system's ports, as far as a headless build machine has them: the JDK's synthesizer. */
class MidiPortsTest {

    @Test
    @DisplayName("without an audio device the default output is silent; with one it is the synthesizer")
    void theDefaultOutputIsTheSynthesizerOrSilent() {
        List<String> log = new ArrayList<>();
        MidiOut out = MidiPorts.openSynthesizerOrSilent(log::add);
        try {
            if (MidiPorts.audioOutputAvailable()) {
                assertTrue(out instanceof ReceiverOut);
                assertEquals(List.of(), log);
            } else {
                assertTrue(out instanceof SilentOut);
                assertTrue(log.get(0).startsWith("no audio device here"), log.toString());
            }
            assertTrue(out.send(0x90, 60, 100));
        } finally {
            out.close();
        }
        assertFalse(out.send(0x80, 60, 0), "a closed output refuses sends");
    }

    @Test
    @DisplayName("the built-in synthesizer plays a note where there is an audio device")
    void theSynthesizerPlaysWhereThereIsAudio() {
        assumeTrue(MidiPorts.audioOutputAvailable(), "no audio device on this machine");
        try (ReceiverOut synth = MidiPorts.openSynthesizer()) {
            assertTrue(synth.send(0x90, 60, 100));
            assertTrue(synth.send(0x80, 60, 0));
            assertTrue(synth.send(0xB0, 123, 0));
            assertTrue(synth.send(0xF8, 0, 0), "one-byte real-time messages go through too");
        }
    }

    @Test
    @DisplayName("a closed port refuses sends instead of throwing")
    void aClosedPortRefusesSends() {
        assumeTrue(MidiPorts.audioOutputAvailable(), "no audio device on this machine");
        ReceiverOut synth = MidiPorts.openSynthesizer();
        synth.close();
        assertFalse(synth.send(0x90, 60, 100));
        assertTrue(synth.gone());
        synth.close(); // idempotent
    }

    @Test
    @DisplayName("the synthesizer is listed as an output and opens by a part of its name")
    void theSynthesizerIsListedAndOpensBySubstring() {
        assertTrue(MidiPorts.list().stream().anyMatch(p -> p.name().equals(MidiPorts.SYNTHESIZER) && p.output()),
                "listed: " + MidiPorts.list());
        assertEquals(MidiPorts.SYNTHESIZER, MidiPorts.resolveOutput("gerv"));
        assertTrue(PortSource.named("Gervill").present());
    }

    @Test
    @DisplayName("a name that matches no output gives an error listing the outputs there are")
    void anUnknownNameListsTheCandidates() {
        BridgeException e = assertThrows(BridgeException.class, () -> MidiPorts.openOutput("No Such Port"));
        assertTrue(e.getMessage().startsWith("no MIDI output matches 'No Such Port'"), e.getMessage());
        assertTrue(e.getMessage().contains("'Gervill'"), e.getMessage());
    }

    @Test
    @DisplayName("an input that is not there is named in the error")
    void anUnknownInputIsNamed() {
        BridgeException e = assertThrows(BridgeException.class, () -> MidiPorts.openInput("IAC Bus 9", null));
        assertTrue(e.getMessage().startsWith("no MIDI input matches 'IAC Bus 9'"), e.getMessage());
    }
}
