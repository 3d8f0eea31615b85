package dev.reprise.bench;

// What one Chronicle document per event costs the journal's writer, against many events per
// document: the question behind a journal format that would store a recorder's batch of events in
// one document. The events are generated ones, encoded as the journal stores them; both ways
// write the same events (a batch adds a 4-byte length before each, which counts against it), through the appender's
// short path (writeBytes), into a fresh queue per round, alternating, so a page faulted in for one
// is never reused by the other:
//   java <chronicle flags> -cp bench/target/reprise-benchmarks.jar dev.reprise.bench.DocumentBatching DIR [EVENTS [PER [ROUNDS]]]
// Prints ns per event for each round and way, and the ratio of the medians (batched / one each).

import dev.reprise.format.JournalEvent;
import dev.reprise.format.internal.ByteSink;
import dev.reprise.format.internal.EventCodec;
import dev.reprise.tools.generate.GeneratorSettings;
import dev.reprise.tools.generate.JournalGenerator;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

public final class DocumentBatching {
    private DocumentBatching() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DocumentBatching DIR [EVENTS [PER [ROUNDS]]]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 400_000;
        int per = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        byte[][] pool = encodedPool(events);
        long bytes = Arrays.stream(pool).mapToLong(b -> b.length).sum();
        System.out.printf("%d generated events, %.0f bytes each on average; batches of %d%n", events, (double) bytes / events, per);
        double[] single = new double[rounds];
        double[] batched = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            single[r] = nanosPerEvent(dir.resolve("one-" + r), pool, 1);
            batched[r] = nanosPerEvent(dir.resolve("batch-" + r), pool, per);
            System.out.printf("round %d: one event per document %.0f ns/event, %d per document %.0f ns/event%n",
                    r + 1, single[r], per, batched[r]);
        }
        double s = median(single);
        double b = median(batched);
        System.out.printf("median: one per document %.0f ns/event (%.0f-%.0f), %d per document %.0f ns/event (%.0f-%.0f); "
                        + "batched / one each %.2f; %.0f ns/event is the per-document share%n",
                s, min(single), max(single), per, b, min(batched), max(batched), b / s, s - b);
    }

    /** Generated events, each encoded as the journal stores it. */
    private static byte[][] encodedPool(int events) {
        GeneratorSettings s = GeneratorSettings.of(7, Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(7), 16.6);
        EventCodec codec = new EventCodec();
        List<byte[]> out = new ArrayList<>(events);
        try (JournalGenerator g = new JournalGenerator(s)) {
            for (JournalEvent e; out.size() < events && (e = g.next()) != null; ) {
                ByteSink encoded = codec.encode(e);
                out.add(Arrays.copyOf(encoded.array(), encoded.length()));
            }
        }
        return out.toArray(byte[][]::new);
    }

    private static double nanosPerEvent(Path queueDir, byte[][] pool, int per) throws IOException {
        try (SingleChronicleQueue q = SingleChronicleQueueBuilder.binary(queueDir).rollCycle(RollCycles.FAST_HOURLY).build()) {
            ExcerptAppender appender = q.createAppender();
            Bytes<?> staging = Bytes.allocateElasticDirect(64 << 10);
            long began = System.nanoTime();
            for (int i = 0; i < pool.length; ) {
                staging.clear();
                int end = Math.min(pool.length, i + per);
                for (; i < end; i++) {
                    if (per > 1) {
                        staging.writeInt(pool[i].length);
                    }
                    staging.write(pool[i]);
                }
                appender.writeBytes(staging);
            }
            long took = System.nanoTime() - began;
            staging.releaseLast();
            return (double) took / pool.length;
        } finally {
            delete(queueDir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
