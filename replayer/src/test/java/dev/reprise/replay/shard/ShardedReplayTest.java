package dev.reprise.replay.shard;

import dev.reprise.replay.cli.ReplayerMain;
import dev.reprise.replay.report.HistogramCodec;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.testing.CommandRun;
import dev.reprise.testing.JournalBuilder;
import dev.reprise.testing.TestHttpServer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShardedReplayTest {
    @TempDir
    Path dir;

    private Path journal;

    @BeforeEach
    void threeTenantsOfUnevenWeight() {
        JournalBuilder j = JournalBuilder.create();
        for (int c = 0; c < 24; c++) {
            j.tenant(c % 3 == 0 ? "acme" : c % 3 == 1 ? "globex" : "initech").productionLatency(1 + c % 4);
            j.connection(c, c * 20, c % 3 == 0 ? 8 : 2, 15);
        }
        journal = j.write(dir.resolve("journal"));
    }

    @Test
    void theShardsTogetherSendExactlyWhatOneReplaySendsAndTheMergedReportIsTheSumOfTheirs() throws Exception {
        Map<String, Integer> single;
        try (TestHttpServer target = TestHttpServer.start()) {
            CommandRun r = replay("--target", target.url(), "--speed", "4", "--copies", "2", "--seed", "5");
            assertThat(r.exitCode()).as(r.err()).isZero();
            single = requests(target);
        }
        List<ReplayReport> shards = new ArrayList<>();
        Map<String, Integer> sharded;
        try (TestHttpServer target = TestHttpServer.start()) {
            for (int i = 0; i < 3; i++) {
                Path report = dir.resolve("shard-" + i + ".json");
                CommandRun r = replay("--target", target.url(), "--speed", "4", "--copies", "2", "--seed", "5",
                        "--shard", i + "/3", "--report", report.toString());
                assertThat(r.exitCode()).as(r.err()).isZero();
                shards.add(ReportJson.read(report));
            }
            sharded = requests(target);
        }
        assertThat(sharded).isEqualTo(single);
        assertThat(shards).allSatisfy(s -> assertThat(s.totals().requests()).isPositive());

        Path merged = dir.resolve("merged.json");
        Path hlog = dir.resolve("merged.hlog");
        CommandRun m = merge(dir.resolve("shard-2.json").toString(), dir.resolve("shard-0.json").toString(),
                dir.resolve("shard-1.json").toString(), "--report", merged.toString(), "--hlog", hlog.toString());
        assertThat(m.exitCode()).as(m.err()).isZero();
        assertThat(m.out()).contains("  merged 3 shards\n")
                .contains("WARNING: the shards had no common --start-at: each timeline minute counts from its own shard's start");
        ReplayReport all = ReportJson.read(merged);

        assertThat(all.totals().requests()).isEqualTo(single.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(all.totals().requests()).isEqualTo(sum(shards, s -> s.totals().requests()));
        assertThat(all.totals().responses()).isEqualTo(sum(shards, s -> s.totals().responses()));
        assertThat(all.totals().responseBytes()).isEqualTo(sum(shards, s -> s.totals().responseBytes()));
        assertThat(all.statusDivergence().compared()).isEqualTo(sum(shards, s -> s.statusDivergence().compared()));
        assertThat(all.fidelity().order().requests()).isEqualTo(sum(shards, s -> s.fidelity().order().requests()));
        for (String k : List.of("fromIntended", "fromSend", "sendLag", "production")) {
            Histogram expected = new Histogram(3);
            shards.forEach(s -> expected.add(HistogramCodec.decode(s.histograms().overall().get(k), k)));
            Histogram actual = HistogramCodec.decode(all.histograms().overall().get(k), k);
            assertThat(actual).as(k).isEqualTo(expected);
        }
        Histogram intended = HistogramCodec.decode(all.histograms().overall().get("fromIntended"), "merged");
        assertThat(all.latency().fromIntended().p99Micros()).isEqualTo(intended.getValueAtPercentile(99));
        assertThat(all.latency().fromIntended().count()).isEqualTo(sum(shards, s -> s.latency().fromIntended().count()));
        for (KeyedRow tenant : all.tenants()) {
            assertThat(tenant.requests()).as(tenant.key()).isEqualTo(sum(shards, s -> s.tenants().stream()
                    .filter(t -> t.key().equals(tenant.key())).mapToLong(KeyedRow::requests).sum()));
        }
        assertThat(all.tenants()).extracting(KeyedRow::key).containsExactlyInAnyOrder("acme", "globex", "initech");
        assertThat(all.timeline().minutes().stream().mapToLong(ReplayReport.MinuteRow::requests).sum())
                .isEqualTo(all.totals().requests());
        assertThat(all.sharding().shards()).containsExactly(0, 1, 2);
        assertThat(all.sharding().starts()).hasSize(3);
        assertThat(Files.readString(hlog)).contains("Tag=acme");
    }

    @Test
    void mergeRefusesAnIncompleteSetOfShards() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            for (int i = 0; i < 2; i++) {
                CommandRun r = replay("--target", target.url(), "--speed", "8", "--shard", i + "/3",
                        "--report", dir.resolve("shard-" + i + ".json").toString());
                assertThat(r.exitCode()).as(r.err()).isZero();
            }
        }
        CommandRun m = merge(dir.resolve("shard-0.json").toString(), dir.resolve("shard-1.json").toString(),
                "--report", dir.resolve("merged.json").toString());

        assertThat(m.exitCode()).isEqualTo(2);
        assertThat(m.err().strip()).isEqualTo("error: shard 2 of 3 is missing: a merge of some shards would not be the replay");
        assertThat(dir.resolve("merged.json")).doesNotExist();

        CommandRun twice = merge(dir.resolve("shard-0.json").toString(), dir.resolve("shard-0.json").toString(),
                "--report", dir.resolve("merged.json").toString());
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("shard 0 is given twice");
    }

    @Test
    void mergeRefusesShardsOfDifferentPlansNamingWhatDiffers() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            assertThat(replay("--target", target.url(), "--speed", "8", "--shard", "0/2",
                    "--report", dir.resolve("shard-0.json").toString()).exitCode()).isZero();
            assertThat(replay("--target", target.url(), "--speed", "8", "--methods", "GET", "--shard", "1/2",
                    "--report", dir.resolve("shard-1.json").toString()).exitCode()).isZero();
        }
        CommandRun m = merge(dir.resolve("shard-0.json").toString(), dir.resolve("shard-1.json").toString(),
                "--report", dir.resolve("merged.json").toString());

        assertThat(m.exitCode()).isEqualTo(2);
        assertThat(m.err().strip()).endsWith("replayed different plans: --methods differs");
        assertThat(dir.resolve("merged.json")).doesNotExist();
    }

    @Test
    void mergeEvaluatesFailIfOnTheMergedResult() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            for (int i = 0; i < 2; i++) {
                assertThat(replay("--target", target.url(), "--speed", "8", "--shard", i + "/2",
                        "--report", dir.resolve("shard-" + i + ".json").toString()).exitCode()).isZero();
            }
        }
        Path merged = dir.resolve("merged.json");
        CommandRun m = merge(dir.resolve("shard-0.json").toString(), dir.resolve("shard-1.json").toString(),
                "--report", merged.toString(), "--fail-if", "p50>1us,errors>50%");

        assertThat(m.exitCode()).as(m.err()).isEqualTo(3);
        ReplayReport r = ReportJson.read(merged);
        assertThat(r.thresholds()).extracting(ReplayReport.ThresholdResult::crossed).containsExactly(true, false);
        assertThat(r.thresholds().get(0).actual()).isEqualTo((double) r.latency().fromIntended().p50Micros());
    }

    @Test
    void mergeWritesTheMergedReportAsAnHtmlPageToo() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            for (int i = 0; i < 2; i++) {
                assertThat(replay("--target", target.url(), "--speed", "8", "--shard", i + "/2",
                        "--report", dir.resolve("shard-" + i + ".json").toString()).exitCode()).isZero();
            }
        }
        Path merged = dir.resolve("merged.json");
        Path page = dir.resolve("merged.html");
        CommandRun m = merge(dir.resolve("shard-0.json").toString(), dir.resolve("shard-1.json").toString(),
                "--report", merged.toString(), "--html", page.toString());

        assertThat(m.exitCode()).as(m.err()).isZero();
        ReplayReport r = ReportJson.read(merged);
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Replay report</title>").contains("uPlot")
                .contains(String.valueOf(r.totals().requests()));
        assertThat(merge(dir.resolve("shard-0.json").toString(), dir.resolve("shard-1.json").toString(),
                "--report", merged.toString(), "--html", dir.resolve("no-such-dir/p.html").toString()).exitCode())
                .as("an --html path that cannot be written is refused before the merge").isEqualTo(2);
    }

    @Test
    void shardingAnAmplifiedReplayWithoutASeedIsAUsageError() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            CommandRun r = replay("--target", target.url(), "--copies", "2", "--shard", "0/2");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("error: --shard with amplification needs --seed");
            assertThat(target.count()).isZero();
        }
    }

    @Test
    void aShardIndexOutsideItsCountIsAUsageError() {
        CommandRun r = replay("--target", "http://127.0.0.1:9", "--shard", "4/4");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--shard i/N needs 0 <= i < N (shards count from 0), got 4/4");
    }

    @Test
    void aShardWhoseStartHasPassedFailsInOneLineAndSendsNothing() throws Exception {
        Path report = dir.resolve("shard.json");
        try (TestHttpServer target = TestHttpServer.start()) {
            CommandRun r = replay("--target", target.url(), "--shard", "0/2", "--start-at", "2026-01-01T00:00:00Z",
                    "--report", report.toString());

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).startsWith("error: not ready by --start-at 2026-01-01T00:00:00Z: the shard began ");
            assertThat(target.count()).isZero();
            assertThat(report).doesNotExist();
        }
    }

    @Test
    void aShardWhoseFirstConnectionsCannotOpenBeforeTheStartFailsRatherThanStartLate() throws Exception {
        // A listener that accepts nothing: once its queue is full, connects hang until they time out.
        try (ServerSocket stuck = new ServerSocket()) {
            stuck.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            Path report = dir.resolve("shard.json");
            // the plan is ready well before the start; the connects are not
            Instant start = Instant.now().plusMillis(5_000).truncatedTo(ChronoUnit.MILLIS);
            CommandRun r = replay("--target", "http://127.0.0.1:" + stuck.getLocalPort(), "--connect-timeout", "8s",
                    "--shard", "0/1", "--start-at", start.toString(), "--report", report.toString());

            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            // after the progress line of the wait, one line
            List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0)).startsWith("error: not ready by --start-at " + start + ": its first 24 connections were open ")
                    .endsWith("after it; this shard did not start, so it cannot skew the others. Give the shards a later --start-at");
            assertThat(r.err()).doesNotContain("Exception");
            assertThat(report).doesNotExist();
        }
    }

    @Test
    void shardsGivenOneStartAtSendNothingBeforeItAndRecordHowReadyTheyWere() throws Exception {
        try (TestHttpServer target = TestHttpServer.start()) {
            Instant start = Instant.now().plusMillis(4_000).truncatedTo(ChronoUnit.MILLIS);
            long startNano = System.nanoTime() + java.time.Duration.between(Instant.now(), start).toNanos();
            List<CompletableFuture<CommandRun>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String shard = i + "/2";
                Path report = dir.resolve("shard-" + i + ".json");
                runs.add(CompletableFuture.supplyAsync(() -> replay("--target", target.url(), "--speed", "4",
                        "--shard", shard, "--start-at", start.toString(), "--report", report.toString())));
            }
            for (int i = 0; i < 2; i++) {
                CommandRun r = runs.get(i).get(60, TimeUnit.SECONDS);
                assertThat(r.exitCode()).as(r.err()).isZero();
                assertThat(r.out()).containsPattern("  shard " + i + " of 2, started at " + Pattern.quote(start.toString())
                        + "; ready \\S+ before it\n");
            }
            // t0 is a connection's opening; its first request is captured 1 ms after
            assertThat(target.requests()).allSatisfy(a -> assertThat(a.nanoTime()).isGreaterThan(startNano));
            assertThat(target.count()).isEqualTo(24 / 3 * 8 + 24 * 2 / 3 * 2);
            for (int i = 0; i < 2; i++) {
                ReplayReport r = ReportJson.read(dir.resolve("shard-" + i + ".json"));
                assertThat(r.sharding().startAt()).isEqualTo(start.toString());
                assertThat(r.run().startedAt()).isEqualTo(start.toString());
                ReplayReport.ShardStart s = r.sharding().starts().get(0);
                assertThat(s.index()).isEqualTo(i);
                assertThat(s.readyMarginMicros()).isPositive();
                assertThat(s.planReadyMarginMicros()).isGreaterThanOrEqualTo(s.readyMarginMicros());
                assertThat(s.clock().source()).isIn("chronyc", "timedatectl", "none");
            }
        }
    }

    private static Map<String, Integer> requests(TestHttpServer target) {
        Map<String, Integer> out = new TreeMap<>();
        for (TestHttpServer.Request a : target.requests()) {
            out.merge(a.method() + " " + a.target() + " " + a.header("X-Tenant-Id"), 1, Integer::sum);
        }
        return out;
    }

    private static long sum(List<ReplayReport> reports, Function<ReplayReport, Long> pick) {
        return reports.stream().mapToLong(pick::apply).sum();
    }

    private CommandRun replay(String... args) {
        List<String> all = new ArrayList<>(List.of("replay", journal.toString()));
        all.addAll(List.of(args));
        return CommandRun.of(new ReplayerMain(), all.toArray(String[]::new));
    }

    private static CommandRun merge(String... args) {
        List<String> all = new ArrayList<>(List.of("merge"));
        all.addAll(List.of(args));
        return CommandRun.of(new ReplayerMain(), all.toArray(String[]::new));
    }
}
