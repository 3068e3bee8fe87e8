/**
 * Gradient-based optimisers (SGD, Adam) over one {@link dev.cadenza.trainer.optim.ParameterVector}
 * of all a model's parameters, and gradient clipping by global norm.
 */
package dev.cadenza.trainer.optim;
