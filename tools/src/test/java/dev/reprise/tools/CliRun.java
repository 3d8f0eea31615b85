package dev.reprise.tools;

import dev.reprise.cli.CommandRunner;
import picocli.CommandLine.Command;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs a journal tool's command line in this JVM as a user would, reading what it prints from the command. */
record CliRun(int exitCode, String out, String err, byte[] outBytes) {

    @Command(name = "reprise", subcommands = {InspectCommand.class, ExportCommand.class, ImportCommand.class,
            GenerateCommand.class})
    static final class Tools {
    }

    static CliRun run(String... args) {
        return runWithInput(new byte[0], args);
    }

    /** Standard input is the one stream still swapped: {@code import -} reads the process's own. */
    static synchronized CliRun runWithInput(byte[] stdin, String... args) {
        InputStream oldIn = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin));
            int code = new CommandRunner(new Tools(), new PrintWriter(out), new PrintWriter(err)).execute(args);
            return new CliRun(code, out.toString(), err.toString(), out.toString().getBytes(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
        }
    }
}
