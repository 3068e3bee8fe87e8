/**
 * The training side of each model kind: how the command line trains and evaluates a kind without
 * knowing it. A kind's trainer package implements {@link dev.cadenza.trainer.kind.TrainingKind}
 * and registers it once, as a service, beside its real-time side in the engine
 * ({@link dev.cadenza.engine.model.ModelKind}); its own options ({@link dev.cadenza.trainer.kind.KindOption})
 * appear in {@code cadenza train} and {@code cadenza eval} from there. This package knows no kind.
 */
package dev.cadenza.trainer.kind;
