package dev.cadenza.bridge.view;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.clock.Transport;
import dev.cadenza.bridge.control.LiveControls;
import dev.cadenza.bridge.stream.NoteLog;
import dev.cadenza.bridge.stream.StreamStats;
import dev.cadenza.engine.roll.PitchRange;

/**
 * What the live view shows and steers, all of it safe to read from another thread than the
 * stream's.
 *
 * @param title what plays, e.g. the preset's name
 * @param range the model's pitches (the roll's height)
 * @param stepsPerQuarter the model's grid
 * @param keyboardMode whether a musician plays with the model (the page then shows end call, loop
 *     and re-roll)
 * @param live the knobs, which the page both shows and turns
 * @param stats the stream's health
 * @param notes every note sent or played, as it happens
 * @param transport where the stream's steps fall in time
 * @param clock the stream's clock, whose times the notes carry
 */
public record ViewSource(String title, PitchRange range, int stepsPerQuarter, boolean keyboardMode, LiveControls live,
        StreamStats stats, NoteLog notes, Transport transport, NanoClock clock) {
}
