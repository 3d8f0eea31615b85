package dev.reprise.replay.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code reprise replay} through the real command line, with its exit code and what it printed. */
record ReplayCli(int exitCode, String out, String err) {
    static synchronized ReplayCli run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> all = new ArrayList<>(List.of("replay"));
            all.addAll(List.of(args));
            int code = Cli.execute(new ReplayerMain(), all.toArray(String[]::new));
            return new ReplayCli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    /** stdout and stderr, for assertion messages. */
    String both() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
