/**
 * Piano rolls: the product's one representation of music, a beat-based grid of steps by pitches
 * whose cells are silent, held or struck. Both model families' encodings map onto it (the RBM
 * papers' binary frames, Johnson's play/articulate pairs).
 */
package dev.cadenza.engine.roll;
