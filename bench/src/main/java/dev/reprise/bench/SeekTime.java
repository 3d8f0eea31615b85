package dev.reprise.bench;

// Times seeking a journal to a wall-clock time in one JVM, for week-scale: the first round is
// what a fresh process pays (cold code, cold mappings), later rounds what a running one pays.
// Each round opens the journal afresh, seeks, and reads the first event of the window.
//   java <chronicle flags> -cp bench/target/reprise-benchmarks.jar dev.reprise.bench.SeekTime DIR TIME ROUNDS

import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalSet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

public final class SeekTime {
    private SeekTime() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        Instant at = Instant.parse(args[1]);
        long nanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        int rounds = Integer.parseInt(args[2]);
        for (int i = 1; i <= rounds; i++) {
            long t0 = System.nanoTime();
            try (JournalSet set = JournalSet.open(List.of(dir))) {
                long t1 = System.nanoTime();
                set.seek(nanos);
                long t2 = System.nanoTime();
                JournalEvent first = set.next();
                long t3 = System.nanoTime();
                if (first == null || first.timeNanos() < nanos) {
                    throw new IllegalStateException("seek landed at " + first);
                }
                System.out.printf("round %d: open %.1f ms, seek %.1f ms, first event %.1f ms later (at %s)%n", i,
                        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                        Instant.ofEpochSecond(0, first.timeNanos()));
            }
        }
    }
}
