package dev.reprise.bench;

// The peer for week-scale: the raw JournalWriter append rate of generated events, without the
// generator's own work:
//   java <chronicle flags> -cp bench/target/reprise-benchmarks.jar dev.reprise.bench.WriterRate DIR EVENTS
// It builds a pool of generated events in memory first, then times appending them round robin.

import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalWriter;
import dev.reprise.tools.generate.GeneratorSettings;
import dev.reprise.tools.generate.JournalGenerator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

public final class WriterRate {
    private WriterRate() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long total = Long.parseLong(args[1]);
        GeneratorSettings s = GeneratorSettings.of(7, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(7), 16.6);
        List<JournalEvent> pool = new ArrayList<>();
        try (JournalGenerator g = new JournalGenerator(s)) {
            for (JournalEvent e; pool.size() < 200_000 && (e = g.next()) != null; ) {
                pool.add(e);
            }
        }
        long began = System.nanoTime();
        try (JournalWriter w = JournalWriter.create(dir).writerId("writer-rate").startNanos(s.startNanos())
                .settings(JournalGenerator.captureSettings(s)).cycleByEventTime().open()) {
            for (long i = 0; i < total; i++) {
                w.append(pool.get((int) (i % pool.size())));
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("writer: %d events in %.2f s (%.0f events/s)%n", total, seconds, total / seconds);
    }
}
