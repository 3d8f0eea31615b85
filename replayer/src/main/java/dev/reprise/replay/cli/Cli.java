package dev.reprise.replay.cli;

import dev.reprise.format.JournalException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * Runs a command the way every Reprise command runs: bad usage gets one line naming the problem
 * plus a hint, a failure gets one line, and a stack trace only with {@code --verbose}.
 *
 * <p>Exit codes: 0 success, 1 a failure while running (unreadable journal, unreachable target),
 * 2 bad usage, 3 a {@code --fail-if} threshold crossed.
 */
public final class Cli {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_THRESHOLD = 3;

    private Cli() {
    }

    /** A failure the user can act on; its message is the one line they see. */
    public static final class UserError extends RuntimeException {
        private final int exitCode;

        public UserError(String message) {
            this(message, EXIT_FAILURE);
        }

        public UserError(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public static int execute(Object command, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            err.println("try: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (verbose) {
                ex.printStackTrace(err);
            }
            if (ex instanceof UserError u) {
                err.println("error: " + u.getMessage());
                return u.exitCode();
            }
            if (ex instanceof JournalException || ex instanceof IllegalArgumentException) {
                err.println("error: " + ex.getMessage());
                return ex instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
            }
            err.println("error: " + ex + (verbose ? "" : " (run with --verbose for details)"));
            return EXIT_FAILURE;
        });
        return cl.execute(args);
    }
}
