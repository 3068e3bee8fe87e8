/**
 * Time and transport: the one injected monotonic {@link dev.cadenza.bridge.clock.NanoClock}, the
 * internal transport (tempo, steps per beat) and the follower of an external MIDI clock
 * (24 pulses per quarter note, Start 0xFA, Continue 0xFB, Stop 0xFC, Song Position Pointer 0xF2;
 * see the MIDI 1.0 Detailed Specification, "System Real Time Messages").
 */
package dev.cadenza.bridge.clock;
