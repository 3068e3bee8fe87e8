/**
 * Announcing an RTP-MIDI session on the local network by DNS-SD ({@code _apple-midi._udp}, with
 * jmdns), so that peers list it by name.
 */
package dev.cadenza.bridge.rtpmidi.discovery;
