/**
 * Cadenza's engine: pure computation on its own types. Piano rolls ({@code roll}), MIDI files
 * ({@code midi}, javax.sound.midi's file classes only, no devices), presets ({@code preset}), the
 * step-by-step model interface ({@code model}), the models' samplers ({@code rnnrbm},
 * {@code biaxial}) and their shared numeric kernels ({@code kernel}).
 * {@link dev.cadenza.engine.EngineException} is the module's one domain exception.
 */
package dev.cadenza.engine;
