package dev.cadenza.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cadenza play}: Improvise live into a MIDI port or the built-in synthesizer. */
@Command(name = "play", mixinStandardHelpOptions = true, description = "Improvise live into a MIDI port or the built-in synthesizer.")
final class PlayCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new NotAvailableException("cadenza play");
    }
}
