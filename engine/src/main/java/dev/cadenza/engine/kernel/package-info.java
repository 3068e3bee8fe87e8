/**
 * Numeric kernels shared by the models' sampling paths and the trainers, so both compute the same
 * numbers: branch-free activations that vectorise, and a blocked matrix product.
 */
package dev.cadenza.engine.kernel;
