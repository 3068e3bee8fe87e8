package dev.cadenza.bridge.keyboard;

import dev.cadenza.bridge.port.MidiPorts;
import java.util.function.Consumer;
import javax.sound.midi.Receiver;

/**
 * A keyboard on a system MIDI input, watched: when the device vanishes (unplugged), every key it
 * held is released (so no answer waits on it and no accompaniment runs on), it is said once, and
 * the input is opened again as soon as it is back. The stream plays on throughout.
 *
 * <p>Thread contract: {@link #open} and {@link #close} on a control thread; the watch runs on its
 * own daemon thread.
 */
public final class KeyboardPort implements AutoCloseable {
    /** How often the device list is looked at. */
    public static final long WATCH_MILLIS = 1_000;

    private final String name;
    private final Receiver receiver;
    private final KeyboardInput keyboard;
    private final Consumer<String> log;
    private final Thread watcher;
    private volatile AutoCloseable opened;
    private volatile boolean closed;

    private KeyboardPort(String name, Receiver receiver, KeyboardInput keyboard, Consumer<String> log) {
        this.name = name;
        this.receiver = receiver;
        this.keyboard = keyboard;
        this.log = log;
        this.watcher = new Thread(this::watch, "cadenza-keyboard-watch");
        this.watcher.setDaemon(true);
    }

    /**
     * Opens the input {@code query} names (exact, or a unique substring) into {@code receiver}
     * (the keyboard input, or a receiver that feeds it among others) and watches it.
     *
     * @throws dev.cadenza.bridge.BridgeException when no single input matches or it cannot be opened
     */
    public static KeyboardPort open(String query, Receiver receiver, KeyboardInput keyboard, Consumer<String> log) {
        String name = MidiPorts.resolveInput(query);
        KeyboardPort port = new KeyboardPort(name, receiver, keyboard, log);
        port.opened = MidiPorts.openInput(name, receiver);
        port.watcher.start();
        return port;
    }

    public String name() {
        return name;
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            boolean present = MidiPorts.inputPresent(name);
            if (opened != null && !present) {
                closeQuietly(opened);
                opened = null;
                keyboard.releaseAll();
                log.accept("keyboard '" + name + "' is gone: its keys are released and the model plays on;"
                        + " it is taken back as soon as it is plugged in again");
            } else if (opened == null && present) {
                try {
                    opened = MidiPorts.openInput(name, receiver);
                    log.accept("keyboard '" + name + "' is back");
                } catch (RuntimeException e) {
                    // listed but not openable yet: try again at the next look
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // the device is gone: nothing to release
        }
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        AutoCloseable c = opened;
        opened = null;
        if (c != null) {
            closeQuietly(c);
        }
    }
}
