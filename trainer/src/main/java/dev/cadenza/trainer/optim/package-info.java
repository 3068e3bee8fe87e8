/** Gradient-based optimisers on ND4J arrays (SGD, Adam) and gradient clipping by global norm. */
package dev.cadenza.trainer.optim;
