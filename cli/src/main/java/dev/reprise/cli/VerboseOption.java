package dev.reprise.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}, shared by every subcommand: stack traces on failure. {@link CommandRunner} reads it from the arguments. */
public final class VerboseOption {
    @Option(names = "--verbose", description = "Show the stack trace when a command fails.")
    boolean verbose;

    /** Whether --verbose was given; commands may print diagnostics (such as timings) to stderr with it. */
    public boolean enabled() {
        return verbose;
    }
}
