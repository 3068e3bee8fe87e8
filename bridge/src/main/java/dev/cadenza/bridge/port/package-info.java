/**
 * MIDI ports: listing inputs and outputs, opening one by exact name or unique substring, the
 * embedded software synthesizer (the JDK's Gervill) as the default output, and the real-time safe
 * {@link dev.cadenza.bridge.port.MidiOut} the emission thread sends through. Devices come through
 * javax.sound.midi, and on macOS through CoreMidi4J, since the JDK's own CoreMIDI support there
 * loses devices and messages (https://github.com/DerekCook/CoreMidi4J).
 */
package dev.cadenza.bridge.port;
