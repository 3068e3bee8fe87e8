/**
 * Playing with a musician: a keyboard input (a MIDI port, an RTP-MIDI session or a MIDI file
 * replayed as a virtual keyboard), the quantiser that turns what is played into piano-roll
 * frames, and the keyboard modes (continue, call-and-response, accompany) as a
 * {@link dev.cadenza.bridge.stream.Part} of the live stream.
 */
package dev.cadenza.bridge.keyboard;
