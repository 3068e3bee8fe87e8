/**
 * Network MIDI: an RTP-MIDI session, so that Cadenza appears in a DAW on macOS (Audio MIDI Setup,
 * MIDI Network Setup), on Windows (the rtpMIDI driver) and on Linux (rtpmidid) with no MIDI
 * interface in between. This package holds no class; it names the three that do.
 *
 * <p>Two protocols meet here. Apple's session protocol ("AppleMIDI": invitation {@code IN}/{@code
 * OK}/{@code NO}, end {@code BY}, clock synchronisation {@code CK}, receiver feedback {@code RS})
 * runs on a control port N and a data port N+1; its datagrams start with the signature {@code FF
 * FF}, see <a href="https://developer.apple.com/library/archive/documentation/Audio/Conceptual/MIDINetworkDriverProtocol/MIDI/MIDI.html">Apple's
 * MIDI Network Driver Protocol</a>. The MIDI itself travels on the data port as RTP packets with
 * the payload format of <a href="https://www.rfc-editor.org/rfc/rfc6295">RFC 6295</a>
 * (payload type 97, 10 kHz timestamps, a command section of delta-timed MIDI commands).
 *
 * <p>Layers, from the wire up: {@link dev.cadenza.bridge.rtpmidi.wire} holds the stateless byte
 * codecs over one immutable record per message, and knows nothing of sessions; {@link
 * dev.cadenza.bridge.rtpmidi.session} is the session that callers start ({@link
 * dev.cadenza.bridge.rtpmidi.session.RtpMidiSession}), with its ports, participants, clock sync
 * and send path; {@link dev.cadenza.bridge.rtpmidi.discovery} announces a session by DNS-SD and
 * knows nothing of either.
 *
 * <p><b>Recovery journal.</b> Cadenza sends every packet with J=0 (no recovery journal), as
 * macOS's and rtpmidid's peers accept, and guards against a lost note-off instead: once its output
 * has been idle for a while with no note held, it sends All Notes Off (CC 123) on every channel it
 * used since the last guard. Incoming journals are parsed far enough to check their lengths and are
 * skipped; a lost packet is counted, never repaired.
 */
package dev.cadenza.bridge.rtpmidi;
