package dev.cadenza.bridge.testing;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.bridge.clock.NanoClock;
import dev.cadenza.bridge.port.MidiOut;
import dev.cadenza.bridge.port.PortSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A port source whose device the test plugs in and out; every open gives a new recording port. */
public final class FakePortSource implements PortSource {
    private final NanoClock clock;
    private final String name;
    private volatile boolean present = true;
    public final List<RecordingPort> opened = new CopyOnWriteArrayList<>();
    public volatile int failedOpens;

    public FakePortSource(NanoClock clock) {
        this(clock, "fake device");
    }

    public FakePortSource(NanoClock clock, String name) {
        this.clock = clock;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MidiOut open() {
        if (!present) {
            failedOpens++;
            throw new BridgeException("no MIDI output matches '" + name + "'");
        }
        RecordingPort port = new RecordingPort(name, clock);
        opened.add(port);
        return port;
    }

    @Override
    public boolean present() {
        return present;
    }

    /** Unplugs the device: the open port fails its sends and the device is not listed. */
    public void unplug() {
        present = false;
        opened.get(opened.size() - 1).vanish();
    }

    public void plugIn() {
        present = true;
    }

    public RecordingPort last() {
        return opened.get(opened.size() - 1);
    }
}
