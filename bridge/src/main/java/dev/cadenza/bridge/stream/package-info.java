/**
 * Real-time streaming: a model's steps become timestamped MIDI events, generated ahead of the
 * clock and played on schedule.
 *
 * <p>Three threads, three phases. Everything is allocated when a {@link
 * dev.cadenza.bridge.stream.LiveStream} is built (prepare). The generation thread ({@link
 * dev.cadenza.bridge.stream.Generator}) runs the model up to a look-ahead window ahead of the
 * clock and turns each frame into events ({@link dev.cadenza.bridge.stream.FrameToMidi}) in a
 * preallocated single-producer single-consumer {@link dev.cadenza.bridge.stream.EventRing}; one
 * high-priority emission thread ({@link dev.cadenza.bridge.stream.Emitter}) sends each event at its
 * time and never allocates, blocks on I/O or takes a lock (process). Stopping, for whatever reason
 * (the end, Ctrl-C, an exception in the model), ends with note-offs for every sounding note and All
 * Notes Off on each channel used (release). A control thread reopens a port that vanished.
 */
package dev.cadenza.bridge.stream;
