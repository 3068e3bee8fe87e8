/**
 * The live system assembled: output, inputs, keyboard mode and stream wired once
 * ({@link dev.cadenza.bridge.session.LiveSession}), for the command line and embedding applications.
 */
package dev.cadenza.bridge.session;
