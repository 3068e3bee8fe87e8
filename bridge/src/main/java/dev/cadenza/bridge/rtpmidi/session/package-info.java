/**
 * The RTP-MIDI session: {@link dev.cadenza.bridge.rtpmidi.session.RtpMidiSession} runs Apple's
 * session protocol with remote participants in both roles (inviting and invited) and plays RFC 6295
 * MIDI to and from them; {@link dev.cadenza.bridge.rtpmidi.session.RtpMidiOut} makes it one more
 * port of the streaming engine. Callers need only the public types: the session, its {@link
 * dev.cadenza.bridge.rtpmidi.session.RtpMidiConfig} (with the {@link
 * dev.cadenza.bridge.rtpmidi.session.HostRange}s it admits), the participant snapshots and
 * listener, and the counters.
 *
 * <p>{@link dev.cadenza.bridge.rtpmidi.session.SessionDatagramDecoder} and {@link
 * dev.cadenza.bridge.rtpmidi.session.SessionDatagramEncoder} put the {@link
 * dev.cadenza.bridge.rtpmidi.wire} codecs in a Netty pipeline, where a malformed datagram becomes a
 * counted drop. The rest of the machinery is package-private, one job per class, all of it confined
 * to the session's one Netty event loop but for the send path.
 */
package dev.cadenza.bridge.rtpmidi.session;
