package dev.reprise.cli;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.RepriseException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * Runs every Reprise command the same way. Bad usage gets one line naming the problem, a
 * "did you mean" where a flag or subcommand was mistyped, and a hint; a failure the user can act
 * on gets one line; a bug gets one line and exit 70. A stack trace is printed only with
 * {@code --verbose}. Commands write through {@code spec.commandLine().getOut()}/{@code getErr()},
 * so a test gives the runner its own writers instead of swapping {@code System.out}.
 *
 * <p>The domain throws {@link InvalidSettingsException} (exit 2) and {@link RepriseException}
 * (exit 1); the mapping to exit codes is here and nowhere else.
 */
public final class CommandRunner {
    private final CommandLine commandLine;

    public CommandRunner(Object command, PrintWriter out, PrintWriter err) {
        commandLine = new CommandLine(command);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(CommandRunner::usageError);
        listExitCodes(commandLine);
    }

    /** Runs with the process's own standard output and error. */
    public static int run(Object command, String... args) {
        return new CommandRunner(command, new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /**
     * A command that must see its arguments before they are parsed, for instance to read a config
     * file named by one of them as its options' defaults.
     */
    public interface BeforeParse {
        /** @throws InvalidSettingsException or {@link RepriseException} naming the problem */
        void beforeParse(CommandLine commandLine, String[] args);
    }

    /** Parses and runs; returns the exit code. */
    public int execute(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        commandLine.setExecutionExceptionHandler((ex, cl, parsed) -> failure(ex, cl.getErr(), verbose));
        commandLine.setExitCodeExceptionMapper(ex -> exitCodeOf(ex).code());
        if (commandLine.getCommand() instanceof BeforeParse b) {
            try {
                b.beforeParse(commandLine, args);
            } catch (RuntimeException e) {
                return failure(e, commandLine.getErr(), verbose);
            }
        }
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        commandLine.getErr().flush();
        return code;
    }

    public CommandLine commandLine() {
        return commandLine;
    }

    /** The exit code an exception thrown by a command stands for. */
    public static ExitCode exitCodeOf(Throwable ex) {
        if (ex instanceof CommandLine.ParameterException || ex instanceof InvalidSettingsException) {
            return ExitCode.USAGE;
        }
        if (ex instanceof RepriseException) {
            return ExitCode.FAILURE;
        }
        return ExitCode.INTERNAL;
    }

    private static int failure(Exception ex, PrintWriter err, boolean verbose) {
        if (verbose) {
            ex.printStackTrace(err);
        }
        ExitCode code = exitCodeOf(ex);
        if (code == ExitCode.INTERNAL) {
            err.println("internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)"));
        } else {
            err.println("error: " + ex.getMessage());
        }
        err.flush();
        return code.code();
    }

    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("error: " + withoutPrefix(ex.getMessage()));
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("try: " + cl.getCommandSpec().qualifiedName() + " --help");
        err.flush();
        return ExitCode.USAGE.code();
    }

    /** Picocli starts its argument-group messages ("... are mutually exclusive") with an "Error: " of its own. */
    private static String withoutPrefix(String message) {
        return message != null && message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
    }

    private static void listExitCodes(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n");
        spec.usageMessage().exitCodeList(ExitCode.helpList());
        for (CommandLine sub : cl.getSubcommands().values()) {
            listExitCodes(sub);
        }
    }
}
