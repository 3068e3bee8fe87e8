package dev.cadenza.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cadenza} command: one entry point, a subcommand per job. Errors are one line a person
 * understands and a non-zero exit status; {@code --stacktrace} shows the whole chain.
 */
@Command(
        name = "cadenza",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A neural model that improvises music live, into MIDI ports and DAWs.",
        subcommands = {
            PortsCommand.class,
            InfoCommand.class,
            GenerateCommand.class,
            PlayCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            JudgeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Cadenza implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the whole stack trace (for bug reports).")
    boolean stacktrace;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Libraries that report their start-up at INFO show only their warnings (JUL holds loggers weakly: keep them). */
    private static final java.util.List<java.util.logging.Logger> QUIET = new java.util.ArrayList<>();

    static {
        for (String name : new String[] {"javax.jmdns"}) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIET.add(logger);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (used by tests and examples). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Cadenza());
        cli.setExecutionExceptionHandler(Cadenza::oneLineError);
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine command = e.getCommandLine();
            String name = command == cli ? "cadenza" : "cadenza " + command.getCommandName();
            // a mistyped command or option: picocli's nearest matches, in the same one line
            java.util.List<String> near = e instanceof CommandLine.UnmatchedArgumentException u ? u.getSuggestions()
                    : java.util.List.of();
            String hint = near.isEmpty() ? "" : "did you mean " + near.get(0) + "? ";
            command.getErr().println(name + ": " + e.getMessage() + " (" + hint + "see: " + name + " --help)");
            command.getErr().flush();
            return 2;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // whatever ran out (a bounded input should not), one line, not a stack trace
            cli.getErr().println("cadenza: out of memory (" + e.getMessage() + "): give Java more, e.g."
                    + " CADENZA_JAVA_OPTS=-Xmx8g ./cadenza ...");
            cli.getErr().flush();
            return 1;
        }
    }

    private static int oneLineError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean trace = parsed.hasMatchedOption("--stacktrace")
                || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--stacktrace"));
        if (trace) {
            e.printStackTrace(err);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("cadenza " + cli.getCommandName() + ": " + message);
        err.flush();
        return e instanceof NotAvailableException ? 3 : 1;
    }
}
