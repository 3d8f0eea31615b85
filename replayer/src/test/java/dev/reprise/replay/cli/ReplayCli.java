package dev.reprise.replay.cli;

import dev.reprise.testing.CommandRun;

import java.util.ArrayList;
import java.util.List;

/** Runs {@code reprise replay} through the real command line, with its exit code and what it printed. */
record ReplayCli(int exitCode, String out, String err) {
    static ReplayCli run(String... args) {
        List<String> all = new ArrayList<>(List.of("replay"));
        all.addAll(List.of(args));
        CommandRun run = CommandRun.of(new ReplayerMain(), all.toArray(String[]::new));
        return new ReplayCli(run.exitCode(), run.out(), run.err());
    }

    /** stdout and stderr, for assertion messages. */
    String both() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
