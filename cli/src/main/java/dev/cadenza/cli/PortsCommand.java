package dev.cadenza.cli;

import dev.cadenza.bridge.port.MidiPorts;
import dev.cadenza.bridge.port.PortInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cadenza ports}: List MIDI inputs and outputs. */
@Command(name = "ports", mixinStandardHelpOptions = true, description = "List MIDI inputs and outputs.")
final class PortsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<PortInfo> ports = MidiPorts.list();
        print(out, "outputs (cadenza play --out NAME)", ports.stream().filter(PortInfo::output).toList());
        print(out, "inputs (cadenza play --clock NAME, --control-in NAME)", ports.stream().filter(PortInfo::input).toList());
        if (!MidiPorts.audioOutputAvailable()) {
            out.println("(no audio device here: " + MidiPorts.SYNTHESIZER + " cannot sound; cadenza play runs silently"
                    + " and records)");
        }
        out.println("Names open by a unique part, e.g. --out iac. To reach a DAW, create a loopback port once:"
                + " IAC Driver (macOS), loopMIDI (Windows), snd-virmidi (Linux).");
        return 0;
    }

    private static void print(PrintWriter out, String title, List<PortInfo> ports) {
        out.println(title + ":");
        if (ports.isEmpty()) {
            out.println("  (none)");
        }
        for (PortInfo p : ports) {
            String about = p.description().isEmpty() || p.description().equals(p.name()) ? "" : "  " + p.description();
            out.println("  " + p.name() + about);
        }
    }
}
