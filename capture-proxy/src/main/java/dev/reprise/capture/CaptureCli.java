package dev.reprise.capture;

import dev.reprise.format.JournalException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs {@code capture} the way every Reprise command runs: bad usage or config gets one line
 * naming the problem plus a hint, a failure gets one line, and a stack trace only with
 * {@code --verbose}. Exit codes: 0 success, 1 a failure while running, 2 bad usage or config.
 */
public final class CaptureCli {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private CaptureCli() {
    }

    /** A failure the user can act on; its message is the one line they see. */
    public static final class UserError extends RuntimeException {
        private final int exitCode;

        public UserError(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public static int execute(CaptureMain command, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = configure(new CommandLine(command), err, verbose);
        List<String> argv = Arrays.asList(args);
        try {
            CommandLine probe = new CommandLine(new CaptureMain());
            CommandLine.ParseResult parsed;
            try {
                parsed = probe.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                return cl.execute(args); // reports the usage error the usual way
            }
            if (parsed.hasMatchedOption("--config") && !parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested()) {
                Path file = parsed.matchedOptionValue("--config", (Path) null);
                Set<String> given = new HashSet<>();
                for (OptionSpec o : parsed.matchedOptions()) {
                    given.add(o.longestName().substring(2));
                }
                ConfigFile.Merged merged = ConfigFile.merge(file, argv, probe.getCommandSpec(), given);
                command.fromFile = merged.fromFile();
                argv = merged.args();
            }
        } catch (ConfigFile.Invalid e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        return cl.execute(argv.toArray(new String[0]));
    }

    private static CommandLine configure(CommandLine cl, PrintWriter err, boolean verbose) {
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter w = ex.getCommandLine().getErr();
            w.println("error: " + ex.getMessage());
            w.println("try: capture --help");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter w = commandLine.getErr();
            if (verbose) {
                ex.printStackTrace(w);
            }
            if (ex instanceof UserError u) {
                w.println("error: " + u.getMessage());
                return u.exitCode();
            }
            if (ex instanceof IllegalArgumentException) {
                w.println("error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            if (ex instanceof JournalException || ex instanceof IllegalStateException
                    || ex instanceof java.io.UncheckedIOException) {
                w.println("error: " + ex.getMessage());
                return EXIT_FAILURE;
            }
            w.println("error: " + ex + (verbose ? "" : " (run with --verbose for details)"));
            return EXIT_FAILURE;
        });
        return cl;
    }
}
