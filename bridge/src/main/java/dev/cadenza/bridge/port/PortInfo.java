package dev.cadenza.bridge.port;

/**
 * One MIDI port as listed by {@code cadenza ports}.
 *
 * @param name the name to open it by (exact, or a unique substring)
 * @param description the system's description, or empty
 * @param vendor the driver's vendor, or empty
 * @param input whether it sends MIDI to us (a keyboard, a DAW's clock)
 * @param output whether it receives MIDI from us (a synthesizer, a DAW)
 */
public record PortInfo(String name, String description, String vendor, boolean input, boolean output) {
}
