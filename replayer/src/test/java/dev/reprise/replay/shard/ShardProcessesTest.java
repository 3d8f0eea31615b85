package dev.reprise.replay.shard;

import dev.reprise.replay.cli.ReplayerMain;
import dev.reprise.replay.report.HistogramCodec;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.replay.results.internal.KolmogorovSmirnov;
import dev.reprise.replay.testing.NginxTarget;
import dev.reprise.testing.ChildJvm;
import dev.reprise.testing.CommandRun;
import dev.reprise.testing.JournalBuilder;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four shard processes, started as a tester starts them on four machines, against a real nginx:
 * together they send what one replay sends, keep the captured timing as well as it does, and
 * their reports merge into the sum.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ShardProcessesTest {
    private static final int SHARDS = 4;
    /**
     * The least time between launching the shards and their --start-at. Four JVMs starting at once on
     * a loaded two-core machine take seconds, and more the busier the machine: see {@link #startAhead}.
     */
    private static final long MIN_START_AHEAD_MILLIS = 20_000;
    /** The most: the start still leaves the shards' replay well inside the test's timeout. */
    private static final long MAX_START_AHEAD_MILLIS = 120_000;

    @TempDir
    Path dir;

    @Test
    void fourShardProcessesWithOneStartAtSendExactlyTheRequestsOfOneReplayWithItsTiming() throws Exception {
        List<Double> capturedMillis = new ArrayList<>();
        Path journal = journal(capturedMillis);
        String[] plan = {"--speed", "1", "--copies", "1.5", "--seed", "9"};
        try (NginxTarget nginx = NginxTarget.start(dir.resolve("nginx"))) {
            long singleLaunched = System.currentTimeMillis();
            Process single = start(dir.resolve("single.log"), args(journal, nginx, plan, "--report", dir.resolve("single.json").toString()));
            assertThat(single.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(single.exitValue()).as(Files.readString(dir.resolve("single.log"))).isZero();
            List<NginxTarget.Hit> singleHits = nginx.hits();

            long ahead = startAhead(singleHits, singleLaunched);
            Instant startAt = Instant.now().plusMillis(ahead).truncatedTo(ChronoUnit.MILLIS);
            List<Process> shards = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                shards.add(start(dir.resolve("shard-" + i + ".log"), args(journal, nginx, plan, "--shard", i + "/" + SHARDS,
                        "--start-at", startAt.toString(), "--report", dir.resolve("shard-" + i + ".json").toString())));
            }
            for (int i = 0; i < SHARDS; i++) {
                assertThat(shards.get(i).waitFor(180, TimeUnit.SECONDS)).isTrue();
                assertThat(shards.get(i).exitValue()).as("--start-at %d ms after launch; shard %d: %s", ahead, i,
                        Files.readString(dir.resolve("shard-" + i + ".log"))).isZero();
            }
            List<NginxTarget.Hit> all = nginx.hits();
            List<NginxTarget.Hit> shardHits = all.subList(singleHits.size(), all.size());

            assertThat(count(shardHits)).isEqualTo(count(singleHits));
            assertThat(shardHits).allSatisfy(h -> assertThat(h.epochMillis()).isGreaterThanOrEqualTo(startAt.toEpochMilli()));

            // the merged stream keeps the captured inter-arrival times as well as one process does (nginx logs milliseconds)
            double singleKs = ks(singleHits, capturedMillis);
            double shardedKs = ks(shardHits, capturedMillis);
            assertThat(shardedKs).as("KS sharded %.3f, single %.3f", shardedKs, singleKs).isLessThanOrEqualTo(singleKs + 0.1);

            List<String> mergeArgs = new ArrayList<>(List.of("merge"));
            List<ReplayReport> reports = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                mergeArgs.add(dir.resolve("shard-" + i + ".json").toString());
                reports.add(ReportJson.read(dir.resolve("shard-" + i + ".json")));
            }
            mergeArgs.addAll(List.of("--report", dir.resolve("merged.json").toString()));
            CommandRun merge = CommandRun.of(new ReplayerMain(), mergeArgs.toArray(String[]::new));
            assertThat(merge.exitCode()).as(merge.err()).isZero();
            ReplayReport merged = ReportJson.read(dir.resolve("merged.json"));

            assertThat(merged.totals().requests()).isEqualTo(shardHits.size());
            assertThat(merged.totals().requests()).isEqualTo(reports.stream().mapToLong(r -> r.totals().requests()).sum());
            Histogram summed = new Histogram(3);
            reports.forEach(r -> summed.add(HistogramCodec.decode(r.histograms().overall().get("fromIntended"), "shard")));
            assertThat(HistogramCodec.decode(merged.histograms().overall().get("fromIntended"), "merged")).isEqualTo(summed);
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.run().startedAt()).isEqualTo(startAt.toString());
                assertThat(r.sharding().starts().get(0).readyMarginMicros()).isPositive();
            });
            assertThat(reports.stream().map(r -> r.totals().requests()).toList()).allSatisfy(n -> assertThat(n).isPositive());
        }
    }

    /**
     * How far ahead the shards' start goes: the single replay's time from launch to its first request
     * is what one replayer needs to be ready on this machine under its present load (a JVM starting
     * keeps both cores busy with its compiler threads). Four launched at once share those cores, so
     * each may need about four times as long.
     */
    private static long startAhead(List<NginxTarget.Hit> singleHits, long singleLaunchedMillis) {
        double firstHit = singleHits.stream().mapToDouble(NginxTarget.Hit::epochMillis).min().orElseThrow();
        long singleReady = Math.max(0, (long) firstHit - singleLaunchedMillis);
        return Math.min(MAX_START_AHEAD_MILLIS, Math.max(MIN_START_AHEAD_MILLIS, SHARDS * singleReady));
    }

    /** 120 connections over 6 s: one tenant's send 10 requests each, the others' 2. */
    private Path journal(List<Double> capturedMillis) {
        JournalBuilder j = JournalBuilder.create();
        for (int c = 0; c < 120; c++) {
            boolean heavy = c % 3 == 0;
            j.tenant(heavy ? "acme" : c % 3 == 1 ? "globex" : "initech");
            double at = c * 50 + (c * 37 % 23);
            int n = heavy ? 10 : 2;
            j.connection(c, at, n, 60);
            for (int r = 0; r < n; r++) {
                capturedMillis.add(at + 1 + r * 60);
            }
        }
        return j.write(dir.resolve("journal"));
    }

    private static String[] args(Path journal, NginxTarget nginx, String[] plan, String... more) {
        List<String> a = new ArrayList<>(List.of("replay", journal.toString(), "--target", nginx.url()));
        a.addAll(List.of(plan));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), ReplayerMain.class, args))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Map<String, Integer> count(List<NginxTarget.Hit> hits) {
        Map<String, Integer> out = new TreeMap<>();
        hits.forEach(h -> out.merge(h.request(), 1, Integer::sum));
        return out;
    }

    /** KS distance between the gaps nginx saw and the captured gaps, both at nginx's millisecond resolution. */
    private static double ks(List<NginxTarget.Hit> hits, List<Double> capturedMillis) {
        return KolmogorovSmirnov.distance(gaps(hits.stream().map(NginxTarget.Hit::epochMillis).toList()), gaps(capturedMillis));
    }

    private static Histogram gaps(List<Double> millis) {
        List<Long> sorted = millis.stream().map(m -> (long) Math.floor(m)).sorted().toList();
        Histogram h = new Histogram(3);
        for (int i = 1; i < sorted.size(); i++) {
            h.recordValue((sorted.get(i) - sorted.get(i - 1)) * 1000);
        }
        return h;
    }
}
