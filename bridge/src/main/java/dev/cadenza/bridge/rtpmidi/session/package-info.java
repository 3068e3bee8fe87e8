/**
 * The RTP-MIDI session: {@link dev.cadenza.bridge.rtpmidi.session.RtpMidiSession} runs Apple's
 * session protocol with remote participants in both roles (inviting and invited) and plays RFC 6295
 * MIDI to and from them; {@link dev.cadenza.bridge.rtpmidi.session.RtpMidiOut} makes it one more
 * port of the streaming engine. Callers need only the public types: the session, its {@link
 * dev.cadenza.bridge.rtpmidi.session.RtpMidiConfig} (with the {@link
 * dev.cadenza.bridge.rtpmidi.session.HostRange}s it admits), the participant snapshots and
 * listener, and the counters.
 *
 * <p>The session is assembled from package-private parts, one job each. {@code SessionTransport}
 * binds the control and data ports on one Netty event loop, where all protocol state lives; its
 * pipeline is {@link dev.cadenza.bridge.rtpmidi.session.SessionDatagramDecoder} and {@link
 * dev.cadenza.bridge.rtpmidi.session.SessionDatagramEncoder} over the {@link
 * dev.cadenza.bridge.rtpmidi.wire} codecs, where a malformed datagram becomes a counted drop. {@code
 * SessionProtocol} acts on each datagram (the invitation state machine, BY, CK, RS, RTP-MIDI) and
 * {@code Housekeeping} on each tick (retries, time-outs, syncs, feedback, the idle guard); both
 * speak through {@code SessionMessages}. {@code Admission} decides who may join (pure logic), {@code
 * ClockExchange} does the CK arithmetic, {@code ParticipantTable} holds the participants and tells
 * the listener, {@code ReceivePath} hands their MIDI to the receiver, and {@code SendPath} plays to
 * them from the sending thread, without a lock.
 */
package dev.cadenza.bridge.rtpmidi.session;
