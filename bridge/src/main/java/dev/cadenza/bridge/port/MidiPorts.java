package dev.cadenza.bridge.port;

import dev.cadenza.bridge.BridgeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Transmitter;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiDeviceProvider;

/**
 * The system's MIDI ports: list them, open one by exact name or unique substring, or open the
 * built-in synthesizer. On macOS the devices come from CoreMidi4J (which also lists the JDK's own
 * non-CoreMIDI devices, such as the synthesizer); elsewhere from javax.sound.midi. Sequencers are
 * not ports and are left out.
 *
 * <p>Thread contract: control thread only; opening a device may block.
 */
public final class MidiPorts {
    /** The name the built-in synthesizer is listed and opened under. */
    public static final String SYNTHESIZER = "Gervill";

    private MidiPorts() {
    }

    /** Every input and output port, outputs and inputs of one device merged under its name. */
    public static List<PortInfo> list() {
        Map<String, PortInfo> byName = new LinkedHashMap<>();
        for (Entry entry : entries()) {
            PortInfo info = entry.info;
            byName.merge(info.name(), info, (a, b) -> new PortInfo(a.name(), a.description(), a.vendor(),
                    a.input() || b.input(), a.output() || b.output()));
        }
        return List.copyOf(byName.values());
    }

    /** Whether an output of exactly this name is listed now (a vanished device is not). */
    public static boolean outputPresent(String name) {
        return entries().stream().anyMatch(e -> e.info.output() && e.info.name().equals(name));
    }

    /** Whether an input of exactly this name is listed now (a vanished device is not). */
    public static boolean inputPresent(String name) {
        return entries().stream().anyMatch(e -> e.info.input() && e.info.name().equals(name));
    }

    /** Opens the built-in software synthesizer (the JDK's Gervill); works headless. */
    public static ReceiverOut openSynthesizer() {
        try {
            Synthesizer synth = MidiSystem.getSynthesizer();
            synth.open();
            return new ReceiverOut(synth.getDeviceInfo().getName(), synth, synth.getReceiver());
        } catch (MidiUnavailableException e) {
            throw new BridgeException("cannot open the built-in synthesizer: " + e.getMessage()
                    + " (use --out NAME to play into another port; cadenza ports lists them)", e);
        }
    }

    /** Whether the machine has an audio output the synthesizer can play through. */
    public static boolean audioOutputAvailable() {
        try {
            Synthesizer synth = MidiSystem.getSynthesizer();
            javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(44100, 16, 2, true, false);
            return javax.sound.sampled.AudioSystem.isLineSupported(
                    new javax.sound.sampled.DataLine.Info(javax.sound.sampled.SourceDataLine.class, format))
                    && synth != null;
        } catch (MidiUnavailableException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The default output: the built-in synthesizer, or, on a machine without an audio device, a
     * {@link SilentOut} (the stream still runs and records); {@code log} says which.
     */
    public static MidiOut openSynthesizerOrSilent(java.util.function.Consumer<String> log) {
        if (!audioOutputAvailable()) {
            log.accept("no audio device here: playing silently (record the stream, or use --out NAME)");
            return new SilentOut("silent (no audio device)");
        }
        return openSynthesizer();
    }

    /**
     * Opens the output named {@code query}: an exact name, or a case-insensitive substring of
     * exactly one output's name. {@value #SYNTHESIZER} is the built-in synthesizer.
     */
    public static ReceiverOut openOutput(String query) {
        Entry entry = find(query, true);
        if (entry.device instanceof Synthesizer) {
            return openSynthesizer();
        }
        try {
            entry.device.open();
            Receiver receiver = entry.device.getReceiver();
            return new ReceiverOut(entry.info.name(), entry.device, receiver);
        } catch (MidiUnavailableException e) {
            throw new BridgeException("cannot open MIDI output '" + entry.info.name() + "': " + e.getMessage()
                    + " (is another program holding it?)", e);
        }
    }

    /**
     * Opens the input named {@code query} (exact, or a unique substring) and delivers its messages
     * to {@code receiver}, on the JDK's MIDI input thread. Close the result to stop.
     */
    public static AutoCloseable openInput(String query, Receiver receiver) {
        Entry entry = find(query, false);
        try {
            MidiDevice device = entry.device;
            device.open();
            Transmitter transmitter = device.getTransmitter();
            transmitter.setReceiver(receiver);
            return () -> {
                transmitter.close();
                device.close();
            };
        } catch (MidiUnavailableException e) {
            throw new BridgeException("cannot open MIDI input '" + entry.info.name() + "': " + e.getMessage()
                    + " (is another program holding it?)", e);
        }
    }

    /** The name of the one output {@code query} names; the same rules as {@link #openOutput}. */
    public static String resolveOutput(String query) {
        return find(query, true).info.name();
    }

    /** The name of the one input {@code query} names; the same rules as {@link #openInput}. */
    public static String resolveInput(String query) {
        return find(query, false).info.name();
    }

    private static Entry find(String query, boolean output) {
        String kind = output ? "output" : "input";
        List<Entry> candidates = entries().stream()
                .filter(e -> output ? e.info.output() : e.info.input())
                .collect(Collectors.toList());
        for (Entry e : candidates) {
            if (e.info.name().equals(query)) {
                return e;
            }
        }
        String needle = query.toLowerCase(Locale.ROOT);
        List<Entry> matches = candidates.stream()
                .filter(e -> e.info.name().toLowerCase(Locale.ROOT).contains(needle))
                .collect(Collectors.toList());
        List<String> names = matches.stream().map(e -> e.info.name()).distinct().collect(Collectors.toList());
        if (names.size() == 1) {
            return matches.get(0);
        }
        String all = candidates.stream().map(e -> "'" + e.info.name() + "'").distinct()
                .collect(Collectors.joining(", "));
        if (names.isEmpty()) {
            throw new BridgeException("no MIDI " + kind + " matches '" + query + "' (expected the name, or part of"
                    + " the name, of one of: " + (all.isEmpty() ? "none found" : all) + ")");
        }
        throw new BridgeException("'" + query + "' matches several MIDI " + kind + "s: "
                + names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "))
                + " (expected a longer part of one name)");
    }

    private record Entry(PortInfo info, MidiDevice device) {
    }

    private static List<Entry> entries() {
        List<Entry> result = new ArrayList<>();
        for (MidiDevice.Info info : deviceInfos()) {
            MidiDevice device;
            try {
                device = MidiSystem.getMidiDevice(info);
            } catch (MidiUnavailableException | IllegalArgumentException e) {
                continue; // listed but gone: not a port now
            }
            if (device instanceof Sequencer) {
                continue;
            }
            boolean output = device.getMaxReceivers() != 0;
            boolean input = device.getMaxTransmitters() != 0 && !(device instanceof Synthesizer);
            String name = device instanceof Synthesizer ? SYNTHESIZER : info.getName();
            result.add(new Entry(new PortInfo(name, nullToEmpty(info.getDescription()), nullToEmpty(info.getVendor()),
                    input, output), device));
        }
        return result;
    }

    private static MidiDevice.Info[] deviceInfos() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
            try {
                return CoreMidiDeviceProvider.getMidiDeviceInfo();
            } catch (RuntimeException | LinkageError e) {
                // CoreMidi4J's native library failed to load: fall back on the JDK's own list
            }
        }
        return MidiSystem.getMidiDeviceInfo();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
