package dev.cadenza.bridge.port;

/**
 * How a stream (re)opens its output: the first time, and again after the port vanished (a USB
 * interface unplugged, a DAW's virtual port closed). Control thread only; may block.
 */
public interface PortSource {

    /** The port's name, for messages. */
    String name();

    /** Opens the port; throws {@link dev.cadenza.bridge.BridgeException} when it is not there. */
    MidiOut open();

    /** Whether the port is listed by the system now; a port that stops being listed is lost. */
    boolean present();

    /**
     * Called by the stream's control thread every quarter of a second while the port it opened plays: a
     * source of several ports ({@link FanOut}) drops those that vanished and takes back those that
     * returned. Does nothing for one port.
     */
    default void watch() {
    }

    /**
     * The built-in synthesizer (or, without an audio device, a silent output: see
     * {@link MidiPorts#openSynthesizerOrSilent}); always present.
     */
    static PortSource synthesizer(java.util.function.Consumer<String> log) {
        return new PortSource() {
            @Override
            public String name() {
                return MidiPorts.SYNTHESIZER;
            }

            @Override
            public MidiOut open() {
                return MidiPorts.openSynthesizerOrSilent(log);
            }

            @Override
            public boolean present() {
                return true;
            }
        };
    }

    /** The system output {@code query} names (exact, or a unique substring), resolved now. */
    static PortSource named(String query) {
        String name = MidiPorts.resolveOutput(query);
        return new PortSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public MidiOut open() {
                return MidiPorts.openOutput(name);
            }

            @Override
            public boolean present() {
                return MidiPorts.outputPresent(name);
            }
        };
    }
}
