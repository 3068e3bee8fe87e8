/**
 * The step-by-step model interface shared by every model family, and the sampling controls.
 * The streaming engine, the offline generator and the keyboard modes drive models only through it.
 */
package dev.cadenza.engine.model;
