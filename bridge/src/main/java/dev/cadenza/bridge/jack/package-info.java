/**
 * Cadenza on a JACK server (Linux, and PipeWire's JACK): {@link dev.cadenza.bridge.jack.JackOutput}
 * is a MIDI port every JACK program sees with no loopback driver, its events written at their
 * frames; {@link dev.cadenza.bridge.jack.JackTransport} follows the server's transport as the
 * stream's clock. Both through JNAJack; neither is needed elsewhere.
 */
package dev.cadenza.bridge.jack;
