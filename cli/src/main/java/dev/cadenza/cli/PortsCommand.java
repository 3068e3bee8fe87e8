package dev.cadenza.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cadenza ports}: List MIDI inputs and outputs. */
@Command(name = "ports", mixinStandardHelpOptions = true, description = "List MIDI inputs and outputs.")
final class PortsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new NotAvailableException("cadenza ports");
    }
}
