/**
 * Cadenza as an Ableton Link peer: {@link dev.cadenza.bridge.link.LinkWire} reads and writes the
 * datagrams Link peers exchange, {@link dev.cadenza.bridge.link.LinkSession} discovers peers by
 * multicast, measures the session's clock and joins, adopts and proposes its timeline and
 * start/stop (Netty, one event-loop thread), and {@link dev.cadenza.bridge.link.LinkTransport}
 * places the stream's steps on the session's beats. Written from the protocol's observable
 * behaviour (docs/link.md); tested against Ableton's own peer.
 */
package dev.cadenza.bridge.link;
