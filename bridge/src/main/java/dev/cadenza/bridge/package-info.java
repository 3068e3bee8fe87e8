/**
 * Everything that touches devices and the network: MIDI ports ({@code port}), clocks
 * ({@code clock}), the live streaming engine ({@code stream}), live controls ({@code control}) and
 * the RTP-MIDI network session ({@code rtpmidi}). {@link dev.cadenza.bridge.BridgeException} is
 * the module's one domain exception.
 */
package dev.cadenza.bridge;
