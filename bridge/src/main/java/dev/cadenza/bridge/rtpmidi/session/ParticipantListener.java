package dev.cadenza.bridge.rtpmidi.session;

import dev.cadenza.bridge.port.MidiReceiver;

/**
 * Hears participants join and leave. Called on the session's event-loop thread; must not block.
 * When a participant leaves with notes still held, their note-offs reach the {@link MidiReceiver}
 * before {@link #left} is called.
 */
public interface ParticipantListener {
    default void joined(ParticipantInfo participant) {
    }

    default void left(ParticipantInfo participant, LeaveReason reason) {
    }

    ParticipantListener NONE = new ParticipantListener() { };
}
