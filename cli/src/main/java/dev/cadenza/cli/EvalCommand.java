package dev.cadenza.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cadenza eval}: Evaluate a preset on a dataset split (accuracy, log-likelihood). */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a preset on a dataset split (accuracy, log-likelihood).")
final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new NotAvailableException("cadenza eval");
    }
}
