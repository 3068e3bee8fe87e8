/**
 * JMH benchmarks of the models' sampling steps at the reference sizes, to be read beside
 * {@code bench/numpy_peer.py} run on the same machine: {@code java -jar
 * bench/target/benchmarks.jar}.
 */
package dev.cadenza.bench;
