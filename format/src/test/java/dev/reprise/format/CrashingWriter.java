package dev.reprise.format;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A writer process for {@link WriterCrashTest}: appends requests numbered 0, 1, 2 ... to the
 * journal given as its argument, printing each number once its append has returned, until it
 * is killed.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true);
        try (JournalWriter w = JournalWriter.create(Path.of(args[0])).writerId("crashing").startNanos(TestJournals.T0).open()) {
            for (long i = 0; ; i++) {
                w.append(SampleEvents.request(1, i, TestJournals.T0 + i));
                out.println(i);
            }
        }
    }
}
