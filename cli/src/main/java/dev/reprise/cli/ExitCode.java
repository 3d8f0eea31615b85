package dev.reprise.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a Reprise command's exit status means; every command uses these and lists them in its help. */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "a failure while running: a journal, report, file or target that cannot be used"),
    USAGE(2, "bad usage: an unknown or invalid option, or options that contradict each other"),
    THRESHOLD(3, "a --fail-if threshold was crossed (replay, compare)"),
    INTERNAL(70, "an internal error: a bug in Reprise; --verbose shows its stack trace");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    /** The help's "Exit codes" section, as picocli lays it out (key: code, value: meaning). */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode e : values()) {
            list.put(String.format("%3d", e.code), e.meaning);
        }
        return list;
    }
}
