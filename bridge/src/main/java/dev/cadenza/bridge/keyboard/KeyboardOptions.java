package dev.cadenza.bridge.keyboard;

import dev.cadenza.bridge.BridgeException;

/**
 * How the model listens and answers.
 *
 * @param mode the keyboard mode
 * @param silenceBeats a call (or, in accompany, the playing) is over once no key was down for
 *     this many beats; an end-call control ends it at once
 * @param answerBars length of an answer in 4/4 bars; 0 in call-and-response means as long as the
 *     call (continue needs a length)
 * @param thru forward what is played to the output as it arrives (unquantised)
 * @param channel take notes from this channel only (0..15), or -1 for every channel
 */
public record KeyboardOptions(PlayMode mode, double silenceBeats, int answerBars, boolean thru, int channel) {
    public static final double DEFAULT_SILENCE_BEATS = 2;
    public static final int DEFAULT_CONTINUE_BARS = 4;

    public KeyboardOptions {
        if (mode == null || mode == PlayMode.SOLO) {
            throw new BridgeException("keyboard options need a keyboard mode (continue, call-response or accompany)");
        }
        if (!(silenceBeats >= 0.25 && silenceBeats <= 64)) {
            throw new BridgeException("invalid silence: " + silenceBeats + " beats (expected 0.25..64)");
        }
        if (answerBars < 0 || answerBars > 256 || mode == PlayMode.CONTINUE && answerBars == 0) {
            throw new BridgeException("invalid answer length: " + answerBars + " bars (expected 1..256"
                    + (mode == PlayMode.CALL_RESPONSE ? ", or 0 for as long as the call" : "") + ")");
        }
        if (channel < -1 || channel > 15) {
            throw new BridgeException("invalid input channel: " + (channel + 1) + " (expected 1..16, or all)");
        }
    }

    /** The defaults of {@code mode}: 2 silent beats end a call; continue plays 4 bars, call-response as long as the call. */
    public static KeyboardOptions of(PlayMode mode) {
        return new KeyboardOptions(mode, DEFAULT_SILENCE_BEATS, mode == PlayMode.CONTINUE ? DEFAULT_CONTINUE_BARS : 0,
                false, -1);
    }

    public KeyboardOptions withSilenceBeats(double value) {
        return new KeyboardOptions(mode, value, answerBars, thru, channel);
    }

    public KeyboardOptions withAnswerBars(int value) {
        return new KeyboardOptions(mode, silenceBeats, value, thru, channel);
    }

    public KeyboardOptions withThru(boolean value) {
        return new KeyboardOptions(mode, silenceBeats, answerBars, value, channel);
    }

    public KeyboardOptions withChannel(int value) {
        return new KeyboardOptions(mode, silenceBeats, answerBars, thru, value);
    }
}
