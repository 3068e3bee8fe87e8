package dev.cadenza.bridge.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cadenza.bridge.testing.TestSoundCard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The built-in synthesizer as {@code play} opens it ({@link PortSource#synthesizer}, through
 * {@link MidiPorts#openSynthesizerOrSilent}), heard on a {@link TestSoundCard}: where
 * {@code MidiPortsTest} can only send to it on a machine with an audio device, this runs on any
 * machine and listens to what the synthesizer renders. Positions are in frames of the rendered
 * audio, not in time, so how busy the machine is changes how long the test takes, not what it sees:
 * the frames played before a message was sent were rendered before it.
 */
class SynthesizerSoundTest {
    /**
     * Silence: no sample above one step of 16 bits (-90 dBFS). Gervill renders exact zeros while
     * nothing sounds, and its reverberation decays to them.
     */
    private static final int SILENT = 1;
    /**
     * The instrument: General MIDI's drawbar organ, which sounds for as long as its key is held
     * (a piano falls silent by itself, note-off or not, within 7 s).
     */
    private static final int ORGAN = 16;
    /** Sound: a sample at -40 dBFS or above. The organ's note here holds near 4,800 (-17 dBFS), as measured. */
    private static final int AUDIBLE = 328;
    /** Silence must last this long to be the end of a sound, not a waveform passing zero. */
    private static final double QUIET_SECONDS = 0.5;
    /**
     * How soon a note-on sounds: the synthesizer renders ahead by about its line's buffer (120 ms);
     * the note sounded 86 ms after when measured, and a second of audio is over ten times that.
     */
    private static final double ONSET_SECONDS = 1;
    /** How long a note is held, in audio, before it is ended. */
    private static final double HELD_SECONDS = 0.5;
    /**
     * How soon a note falls silent after its note-off or All Notes Off: the organ's release and the
     * reverberation's tail took 2.3 s (to one step of 16 bits) when measured; 10 s of audio allows
     * four times that, and a note left held never falls silent.
     */
    private static final double TAIL_SECONDS = 10;
    /**
     * Real time for each wait: the card plays in real time, so the longest wait, a tail of
     * {@code TAIL_SECONDS} and its silence, is 11 s of audio; a loaded machine renders it later.
     */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    @DisplayName("play's synthesizer is silent before a note, sounds while it is held, and falls silent after its note-off and after All Notes Off")
    void theSynthesizerSoundsANoteAndFallsSilent() throws Exception {
        try (TestSoundCard.Card card = TestSoundCard.install()) {
            List<String> log = new ArrayList<>();
            MidiOut out = PortSource.synthesizer(log::add).open();
            try {
                assertEquals(List.of(), log, "with a sound card, play plays into the synthesizer, not silently");
                assertInstanceOf(ReceiverOut.class, out);
                assertTrue(out.send(0xC0, ORGAN, 0));
                card.awaitFrames(card.frames(QUIET_SECONDS), WAIT); // the synthesizer plays before any note

                long on = card.frames();
                assertTrue(out.send(0x90, 60, 100));
                assertTrue(card.peak(0, on) <= SILENT, "silent before the first note: peak " + card.peak(0, on));
                long off = sounds(card, on);
                assertTrue(out.send(0x80, 60, 0));
                long quiet = fallsSilent(card, off, "note-off");

                on = card.frames();
                assertTrue(card.peak(quiet, on) <= SILENT, "silent until the next note: peak " + card.peak(quiet, on));
                assertTrue(out.send(0x90, 64, 100));
                off = sounds(card, on);
                assertTrue(out.send(0xB0, 123, 0)); // All Notes Off, channel 1
                fallsSilent(card, off, "All Notes Off");
            } finally {
                out.close();
            }
        }
    }

    /**
     * Checks that the note sent at frame {@code on} sounds within {@code ONSET_SECONDS} and on
     * through every 10 ms of {@code HELD_SECONDS}; returns the frame where it is held no longer (the
     * frames played so far, all rendered before the note is ended).
     */
    private static long sounds(TestSoundCard.Card card, long on) throws InterruptedException {
        long heard = card.awaitLevel(on, AUDIBLE, card.frames(ONSET_SECONDS), WAIT);
        long held = heard + card.frames(HELD_SECONDS);
        card.awaitFrames(held, WAIT);
        long block = card.frames(0.01);
        for (long b = heard; b + block <= held; b += block) {
            assertTrue(card.peak(b, b + block) >= AUDIBLE, "the held note sounds at frame " + b + " (it began at "
                    + heard + "): peak " + card.peak(b, b + block));
        }
        return card.frames();
    }

    /** Checks that the sound falls silent within {@code TAIL_SECONDS} of {@code off}; returns where silence begins. */
    private static long fallsSilent(TestSoundCard.Card card, long off, String how) throws InterruptedException {
        try {
            return card.awaitQuiet(off, SILENT, card.frames(QUIET_SECONDS), card.frames(TAIL_SECONDS), WAIT);
        } catch (AssertionError e) {
            throw new AssertionError("not silent after " + how + ": " + e.getMessage(), e);
        }
    }
}
