package dev.cadenza.bridge.port;

/**
 * An output that accepts everything and sounds nothing: the default output on a machine without
 * an audio device (a headless server, CI), where the recording is what the stream is for.
 */
public final class SilentOut implements MidiOut {
    private final String name;
    private volatile boolean closed;

    public SilentOut(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Real-time safe; false once closed. */
    @Override
    public boolean send(int status, int data1, int data2) {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
