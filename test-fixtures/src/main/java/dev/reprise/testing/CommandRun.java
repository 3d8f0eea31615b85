package dev.reprise.testing;

import dev.reprise.cli.CommandRunner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A command run in this JVM as a user would run it, through the same runner as the programs,
 * with what it printed read from the command's own writers rather than a swapped {@code System.out}.
 */
public record CommandRun(int exitCode, String out, String err) {

    public static CommandRun of(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(command, out, err, args);
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs with output going to the given buffers as it is printed, for tests that watch it during the run. */
    public static int run(Object command, ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return new CommandRunner(command, writer(out), writer(err)).execute(args);
    }

    private static PrintWriter writer(ByteArrayOutputStream bytes) {
        return new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
    }
}
