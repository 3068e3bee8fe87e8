/**
 * The RTP-MIDI wire format, without state: Apple's session messages ({@code IN}, {@code OK},
 * {@code NO}, {@code BY}, {@code CK}, {@code RS}) and RFC 6295 RTP-MIDI packets as immutable records,
 * and their byte codecs. Knows nothing of sessions, sockets or Netty pipelines.
 */
package dev.cadenza.bridge.rtpmidi.wire;
