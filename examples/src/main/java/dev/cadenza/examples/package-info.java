/**
 * Small runnable programs that show the Java API: train a tiny model, generate a file from a
 * preset, play live to a port. {@code ExamplesTest} runs each of them, so they never rot.
 */
package dev.cadenza.examples;
