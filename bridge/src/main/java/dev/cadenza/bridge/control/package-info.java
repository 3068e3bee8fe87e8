/**
 * Live controls: temperature, density, Gibbs steps, mute, restart and panic, set from MIDI control
 * changes (mapped by a small config, or learnt with {@code --learn}) or from keys on the terminal,
 * and handed to the generation thread, which applies them at the next step.
 */
package dev.cadenza.bridge.control;
