package dev.cadenza.cli;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.keyboard.KeyboardOptions;
import dev.cadenza.bridge.keyboard.MidiFileKeyboard;
import dev.cadenza.bridge.keyboard.PlayMode;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code cadenza play}'s options for playing with a musician: the keyboard mode and where the keys come from. */
final class KeyboardModeOptions {
    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "solo",
            description = "solo (free improvisation), continue (continues the phrase you play), call-response"
                    + " (answers each call) or accompany (plays around what you play). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--in", paramLabel = "NAME",
            description = "The keyboard: a MIDI input, by name or a unique part of it (cadenza ports); jack: Cadenza's"
                    + " own JACK input port, NAME-in:in (Linux).")
    String in;

    @Option(names = "--keyboard-file", paramLabel = "FILE.mid",
            description = "A virtual keyboard: replays this MIDI file as if played, in time with the stream, from its"
                    + " first beat.")
    Path keyboardFile;

    @Option(names = "--in-channel", paramLabel = "1..16",
            description = "Take the keyboard's notes from this channel only. Default: every channel.")
    Integer inChannel;

    @Option(names = "--thru", description = "Forward what is played to the output as it arrives (MIDI thru).")
    boolean thru;

    @Option(names = "--silence-beats", paramLabel = "BEATS", defaultValue = "2",
            description = "A call (or, in accompany, the playing) is over after this many beats without a key down."
                    + " Default: ${DEFAULT-VALUE}.")
    double silenceBeats;

    @Option(names = "--answer-bars", paramLabel = "BARS",
            description = "Length of each answer. Default: 4 bars in continue, as long as the call in call-response.")
    Integer answerBars;

    /** The mode --mode names. */
    PlayMode playMode() {
        return PlayMode.parse(mode);
    }

    /** The file --keyboard-file names, read; null without one. */
    MidiFileKeyboard fileKeyboard() {
        return keyboardFile == null ? null : MidiFileKeyboard.read(keyboardFile);
    }

    /** The keyboard options --mode and its options ask for; null in solo. */
    KeyboardOptions keyboardOptions(boolean networkKeyboard) {
        PlayMode playMode = playMode();
        boolean keyboardGiven = in != null || keyboardFile != null;
        if (playMode == PlayMode.SOLO) {
            if (keyboardGiven || thru) {
                throw new BridgeException("--in, --keyboard-file and --thru need a keyboard mode (expected --mode continue,"
                        + " call-response or accompany)");
            }
            return null;
        }
        if (!keyboardGiven && !networkKeyboard) {
            throw new BridgeException("--mode " + playMode.key() + " needs a keyboard (expected --in NAME, --keyboard-file"
                    + " FILE.mid, or an RTP-MIDI session with --rtp or --rtp-invite)");
        }
        if (in != null && keyboardFile != null) {
            throw new BridgeException("--in and --keyboard-file both name the keyboard: give one");
        }
        KeyboardOptions options = KeyboardOptions.of(playMode).withSilenceBeats(silenceBeats).withThru(thru);
        if (answerBars != null) {
            if (answerBars < 1) { // 0 is how the options say "as long as the call": leave --answer-bars out for it
                throw new BridgeException("invalid --answer-bars: " + answerBars + " (expected 1..256, or leave it out)");
            }
            options = options.withAnswerBars(answerBars);
        }
        if (inChannel != null) {
            if (inChannel < 1 || inChannel > 16) {
                throw new BridgeException("invalid --in-channel: " + inChannel + " (expected 1..16)");
            }
            options = options.withChannel(inChannel - 1);
        }
        return options;
    }
}
