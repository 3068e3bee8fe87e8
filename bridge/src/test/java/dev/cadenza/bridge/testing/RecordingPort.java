package dev.cadenza.bridge.testing;

import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.port.MidiOut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fake output that keeps every message with the clock's time when it arrived, and what sounds
 * on it (note-ons and note-offs only: All Notes Off is recorded but deliberately not trusted, so
 * a test sees whether every note got its own note-off). It can vanish like an unplugged device.
 */
public final class RecordingPort implements MidiOut {
    /** One received message. */
    public record Sent(long nanos, int status, int data1, int data2) {
        public boolean noteOn() {
            return (status & 0xF0) == 0x90 && data2 > 0;
        }

        public boolean noteOff() {
            return (status & 0xF0) == 0x80 || (status & 0xF0) == 0x90 && data2 == 0;
        }
    }

    private final String name;
    private final NanoClock clock;
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> sounding = Collections.synchronizedSet(new HashSet<>());
    private volatile boolean vanished;
    private volatile boolean closed;
    private volatile Runnable onSend = () -> { };

    public RecordingPort(String name, NanoClock clock) {
        this.name = name;
        this.clock = clock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean send(int status, int data1, int data2) {
        if (vanished || closed) {
            return false;
        }
        Sent s = new Sent(clock.nanos(), status, data1, data2);
        sent.add(s);
        onSend.run();
        int key = (status & 0x0F) << 7 | data1;
        if (s.noteOn()) {
            sounding.add(key);
        } else if (s.noteOff()) {
            sounding.remove(key);
        }
        return true;
    }

    /** Runs after every message received (on the sending thread). */
    public RecordingPort onSend(Runnable hook) {
        onSend = hook;
        return this;
    }

    /** The device is back (the same device, plugged in again). */
    public void reappear() {
        vanished = false;
    }

    /** Makes every later send fail, as an unplugged device does. */
    public void vanish() {
        vanished = true;
    }

    public boolean vanished() {
        return vanished;
    }

    @Override
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    public List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Notes that had a note-on and no note-off yet, as channel*128+pitch. */
    public Set<Integer> sounding() {
        synchronized (sounding) {
            return Set.copyOf(sounding);
        }
    }
}
