package dev.cadenza.bridge.control;

import dev.cadenza.bridge.BridgeException;
import dev.cadenza.engine.AtomicFiles;
import dev.cadenza.engine.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which MIDI control change drives which {@link ControlAction}: a small text file, one mapping a
 * line, {@code action cc [channel]}, channel 1..16 or left out for any channel; {@code #} starts
 * a comment. The default maps CC 20..31 (the first knobs and buttons of many controllers, and the
 * controller numbers MIDI leaves undefined; 32 and up are the low bytes of 0..31) on any channel:
 *
 * <pre>
 * temperature 21
 * density     22
 * gibbs       23
 * mute        24
 * restart     25
 * panic       26
 * end-call    27
 * loop        28
 * reroll      29
 * key         30
 * scale       31
 * tempo       20
 * </pre>
 *
 * <p>Immutable; {@link #with} gives a changed copy (what {@code --learn} builds).
 */
public final class ControlMap {
    /** One control change: a controller number and a channel (0..15), or -1 for any channel. */
    public record Binding(int controller, int channel) {
        public Binding {
            if (controller < 0 || controller > 119) {
                throw new BridgeException("invalid controller: " + controller + " (expected 0..119)");
            }
            if (channel < -1 || channel > 15) {
                throw new BridgeException("invalid channel: " + (channel + 1) + " (expected 1..16, or any)");
            }
        }

        boolean matches(int cc, int ch) {
            return controller == cc && (channel < 0 || channel == ch);
        }

        @Override
        public String toString() {
            return channel < 0 ? Integer.toString(controller) : controller + " " + (channel + 1);
        }
    }

    private final Map<ControlAction, Binding> bindings;

    private ControlMap(Map<ControlAction, Binding> bindings) {
        this.bindings = new EnumMap<>(ControlAction.class);
        this.bindings.putAll(bindings);
    }

    public static ControlMap defaults() {
        Map<ControlAction, Binding> m = new EnumMap<>(ControlAction.class);
        int cc = 21;
        for (ControlAction a : ControlAction.values()) {
            m.put(a, new Binding(a == ControlAction.TEMPO ? 20 : cc++, -1));
        }
        return new ControlMap(m);
    }

    public static ControlMap empty() {
        return new ControlMap(new EnumMap<>(ControlAction.class));
    }

    /** Parses the text of a control-map file; {@code source} names it in errors. */
    public static ControlMap parse(String text, String source) {
        Map<ControlAction, Binding> m = new EnumMap<>(ControlAction.class);
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = source + " line " + (i + 1);
            if (f.length < 2 || f.length > 3) {
                throw new BridgeException(where + ": '" + lines[i].trim() + "' (expected: action cc [channel])");
            }
            try {
                ControlAction action = ControlAction.parse(f[0]);
                int cc = Integer.parseInt(f[1]);
                int channel = f.length == 3 ? Integer.parseInt(f[2]) - 1 : -1;
                m.put(action, new Binding(cc, channel));
            } catch (NumberFormatException e) {
                throw new BridgeException(where + ": '" + lines[i].trim() + "' (expected numbers for cc and channel)", e);
            } catch (BridgeException e) {
                throw new BridgeException(where + ": " + e.getMessage(), e);
            }
        }
        return new ControlMap(m);
    }

    public static ControlMap read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new BridgeException("cannot read control map " + file + ": " + e.getMessage(), e);
        }
    }

    public void write(Path file) {
        try {
            AtomicFiles.write(file, "control map", out -> out.write(format().getBytes(StandardCharsets.UTF_8)));
        } catch (EngineException e) {
            throw new BridgeException(e.getMessage(), e);
        }
    }

    /** The file text: one line per mapped action. */
    public String format() {
        StringBuilder s = new StringBuilder("# cadenza live controls: action cc [channel 1..16]\n");
        for (Map.Entry<ControlAction, Binding> e : bindings.entrySet()) {
            s.append(String.format("%-12s %s%n", e.getKey().key(), e.getValue()));
        }
        return s.toString();
    }

    public ControlMap with(ControlAction action, Binding binding) {
        Map<ControlAction, Binding> m = new EnumMap<>(ControlAction.class);
        m.putAll(bindings);
        m.entrySet().removeIf(e -> e.getValue().equals(binding));
        m.put(action, binding);
        return new ControlMap(m);
    }

    public Binding binding(ControlAction action) {
        return bindings.get(action);
    }

    /** The actions a control change drives (usually one, none when unmapped). */
    public List<ControlAction> actionsFor(int controller, int channel) {
        List<ControlAction> result = new ArrayList<>(1);
        for (Map.Entry<ControlAction, Binding> e : bindings.entrySet()) {
            if (e.getValue().matches(controller, channel)) {
                result.add(e.getKey());
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return format();
    }
}
