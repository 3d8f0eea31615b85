package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplayReport.DivergenceKind;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReplayReport.StatusClassRow;
import dev.reprise.replay.report.ReplayReport.TenantShare;
import dev.reprise.replay.report.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.reprise.replay.results.Exchanges.T0;
import static dev.reprise.replay.results.Exchanges.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class ResultCollectorTest {
    private static final long EPOCH = 1_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final RunInfo RUN = RunInfo.of(List.of("http://staging:8080"), List.of("j1"), 1.0);

    private final ResultCollector collector = new ResultCollector(CollectorOptions.defaults());

    /** HdrHistogram at 3 significant digits reports a value within 0.1% of the recorded one. */
    private static org.assertj.core.data.Offset<Long> precision(long value) {
        return within(value / 1000 + 1);
    }

    private ReplayReport finish(long atNanos) {
        collector.finish(atNanos, EPOCH + (atNanos - T0) / 1_000_000);
        return collector.report(RUN);
    }

    @Test
    void reportsPercentilesOfLatencyFromIntendedSendWithinHistogramPrecision() {
        collector.begin(T0, EPOCH);
        for (int v = 1; v <= 10_000; v++) {
            collector.onResult(exchange().at(v).lag(0).service(v).build());
        }
        ReplayReport r = finish(T0 + 2 * SECOND);

        ReplayReport.Percentiles p = r.latency().fromIntended();
        assertThat(p.count()).isEqualTo(10_000);
        assertThat(p.p50Micros()).isCloseTo(5_000L, precision(5_000));
        assertThat(p.p90Micros()).isCloseTo(9_000L, precision(9_000));
        assertThat(p.p99Micros()).isCloseTo(9_900L, precision(9_900));
        assertThat(p.maxMicros()).isCloseTo(10_000L, precision(10_000));
        assertThat(p.meanMicros()).isCloseTo(5_000.5, within(10.0));
        assertThat(r.totals().requests()).isEqualTo(10_000);
        assertThat(r.totals().responses()).isEqualTo(10_000);
        assertThat(r.totals().errors()).isZero();
    }

    @Test
    void measuresLatencyFromIntendedAndFromSendAndSendLagSeparately() {
        collector.begin(T0, EPOCH);
        for (int i = 0; i < 1000; i++) {
            collector.onResult(exchange().at(i).lag(3_000).service(20_000).build());
        }
        ReplayReport r = finish(T0 + SECOND);

        assertThat(r.latency().fromIntended().p50Micros()).isCloseTo(23_000L, precision(23_000));
        assertThat(r.latency().fromSend().p50Micros()).isCloseTo(20_000L, precision(20_000));
        assertThat(r.latency().sendLag().p99Micros()).isCloseTo(3_000L, precision(3_000));
        assertThat(r.latency().sendLag().count()).isEqualTo(1000);
    }

    @Test
    void countsExactlyWhenResultsArriveFromSeveralThreadsWhileIntervalsAreGathered() throws Exception {
        collector.begin(T0, EPOCH);
        int threads = 6;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch go = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String tenant = "tenant-" + t;
                writers.add(pool.submit(() -> {
                    go.await();
                    for (int v = 1; v <= perThread; v++) {
                        collector.onResult(exchange().tenant(tenant).endpoint("GET /e" + (v % 4))
                                .at(v).service(v).status(v % 10 == 0 ? 503 : 200).build());
                    }
                    return null;
                }));
            }
            Future<?> ticker = pool.submit(() -> {
                go.await();
                long now = T0;
                while (writing.get()) {
                    collector.tick(now += 10_000_000);
                    Thread.sleep(1);
                }
                return null;
            });
            go.countDown();
            for (Future<?> w : writers) {
                w.get(30, TimeUnit.SECONDS);
            }
            writing.set(false);
            ticker.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        ReplayReport r = finish(T0 + 3600 * SECOND);

        long total = (long) threads * perThread;
        assertThat(r.totals().requests()).isEqualTo(total);
        assertThat(r.latency().fromIntended().count()).isEqualTo(total);
        assertThat(r.latency().fromIntended().p50Micros()).isCloseTo(10_000L, precision(10_000));
        assertThat(r.latency().fromIntended().maxMicros()).isCloseTo(20_000L, precision(20_000));
        assertThat(r.tenants()).hasSize(threads).allSatisfy(row -> assertThat(row.requests()).isEqualTo(perThread));
        assertThat(r.endpoints()).extracting(KeyedRow::key).containsExactlyInAnyOrder("GET /e0", "GET /e1", "GET /e2", "GET /e3");
        assertThat(r.endpoints()).allSatisfy(row -> assertThat(row.requests()).isEqualTo(total / 4));
        assertThat(r.statusClasses()).extracting(StatusClassRow::statusClass, StatusClassRow::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2xx", total * 9 / 10),
                        org.assertj.core.groups.Tuple.tuple("5xx", total / 10));
        assertThat(r.timeline().minutes().stream().mapToLong(ReplayReport.MinuteRow::requests).sum()).isEqualTo(total);
    }

    @Test
    void countsExactlyFromMoreThreadsThanItKeepsStripesFor() throws Exception {
        collector.begin(T0, EPOCH);
        int threads = 100;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (int v = 1; v <= 100; v++) {
                    collector.onResult(exchange().service(v).lag(v).build());
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join(30_000);
        }
        ReplayReport r = finish(T0 + SECOND);

        assertThat(r.latency().fromSend().count()).isEqualTo(10_000);
        assertThat(r.latency().sendLag().count()).isEqualTo(10_000);
        assertThat(r.latency().fromSend().p50Micros()).isCloseTo(50L, within(1L));
        assertThat(r.statusClasses().get(0).count()).isEqualTo(10_000);
    }

    @Test
    void recordsWithoutAllocatingPerResult() {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("the JVM counts allocation per thread").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        collector.begin(T0, EPOCH);
        ExchangeResult[] mix = new ExchangeResult[1000];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = exchange().endpoint("GET /e" + i % 20).tenant("t" + i % 7).service(100 + i % 5000).lag(i % 300)
                    .recorded(200, 90 + i % 4000).status(i % 100 == 0 ? 503 : 200).build();
        }
        // Warm up: histograms grow to their range, keys are admitted, the thread's stripe is made.
        for (int round = 0; round < 20; round++) {
            for (ExchangeResult r : mix) {
                collector.onResult(r);
            }
            collector.tick(T0 + (round + 1) * 10_000_000L);
        }
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int round = 0; round < 20; round++) {
            for (ExchangeResult r : mix) {
                collector.onResult(r);
            }
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;

        // 20,000 results; only the 1% that diverge box a map key.
        assertThat(allocated).isLessThan(20_000L);
    }

    @Test
    void keysFiguresByEndpointTenantAndStatusClass() {
        collector.begin(T0, EPOCH);
        collector.onResult(exchange().tenant("acme").endpoint("GET /a").service(1_000).status(200).build());
        collector.onResult(exchange().tenant("acme").endpoint("GET /a").service(2_000).status(302).build());
        collector.onResult(exchange().tenant("beta").endpoint("POST /b").service(3_000).status(404).build());
        collector.onResult(exchange().tenant(null).endpoint("POST /b").service(4_000).status(500).build());
        collector.onResult(exchange().tenant("beta").endpoint("POST /b").failed(ErrorKind.RESET).build());
        ReplayReport r = finish(T0 + SECOND);

        assertThat(r.endpoints()).extracting(KeyedRow::key, KeyedRow::requests, KeyedRow::errors).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST /b", 3L, 1L),
                org.assertj.core.groups.Tuple.tuple("GET /a", 2L, 0L));
        assertThat(r.tenants()).extracting(KeyedRow::key, KeyedRow::requests).containsExactly(
                org.assertj.core.groups.Tuple.tuple("acme", 2L), org.assertj.core.groups.Tuple.tuple("beta", 2L),
                org.assertj.core.groups.Tuple.tuple("(none)", 1L));
        assertThat(r.statusClasses()).extracting(StatusClassRow::statusClass)
                .containsExactly("2xx", "3xx", "4xx", "5xx", "error");
        assertThat(r.totals().errorsByKind()).containsEntry(ErrorKind.RESET, 1L).containsEntry(ErrorKind.CONNECT_TIMEOUT, 0L)
                .doesNotContainKey(ErrorKind.NONE);
        assertThat(r.latency().fromIntended().count()).as("errors stay out of latency").isEqualTo(4);
        assertThat(r.totals().errorRate()).isEqualTo(0.2);
    }

    @Test
    void mergesEndpointsAndTenantsBeyondTheLimitIntoOther() {
        ResultCollector small = new ResultCollector(CollectorOptions.defaults().withMaxKeys(3, 2));
        small.begin(T0, EPOCH);
        for (int e = 0; e < 5; e++) {
            for (int i = 0; i <= e; i++) {
                small.onResult(exchange().endpoint("GET /e" + e).tenant("t" + e).build());
            }
        }
        small.finish(T0 + SECOND, EPOCH + 1000);
        ReplayReport r = small.report(RUN);

        assertThat(r.endpoints()).extracting(KeyedRow::key).containsExactly("(other)", "GET /e2", "GET /e1", "GET /e0");
        assertThat(r.endpoints().get(0).requests()).isEqualTo(4 + 5);
        assertThat(r.tracking().endpointsTracked()).isEqualTo(3);
        assertThat(r.tracking().endpointRequestsMerged()).isEqualTo(9);
        assertThat(r.tracking().tenantsTracked()).isEqualTo(2);
        assertThat(r.tracking().tenantRequestsMerged()).isEqualTo(3 + 4 + 5);
    }

    @Test
    void comparesStagingWithProductionPerEndpointAndTenant() {
        collector.begin(T0, EPOCH);
        for (int i = 0; i < 100; i++) {
            collector.onResult(exchange().endpoint("GET /slow").tenant("acme").lag(500).service(20_000)
                    .recorded(200, 10_000).build());
            collector.onResult(exchange().endpoint("GET /same").tenant("beta").service(5_000).recorded(200, 5_000).build());
            collector.onResult(exchange().endpoint("GET /new").tenant("beta").service(5_000).build());
        }
        ReplayReport r = finish(T0 + SECOND);

        KeyedRow slow = row(r.endpoints(), "GET /slow");
        assertThat(slow.production().p99Micros()).isCloseTo(10_000L, precision(10_000));
        assertThat(slow.stagingFromSend().p99Micros()).isCloseTo(20_000L, precision(20_000));
        assertThat(slow.staging().p99Micros()).as("from intended includes the lag").isCloseTo(20_500L, precision(20_500));
        assertThat(slow.ratio().p50()).isCloseTo(2.0, within(0.005));
        assertThat(slow.ratio().max()).isCloseTo(2.0, within(0.005));
        assertThat(row(r.endpoints(), "GET /same").ratio().p99()).isCloseTo(1.0, within(0.005));
        assertThat(row(r.endpoints(), "GET /new").production()).isNull();
        assertThat(row(r.endpoints(), "GET /new").ratio()).isNull();
        assertThat(row(r.tenants(), "acme").ratio().p90()).isCloseTo(2.0, within(0.005));
        assertThat(r.latency().production().count()).isEqualTo(200);
    }

    @Test
    void breaksStatusDivergenceDownByKindWithBoundedDistinctExamples() {
        ResultCollector c = new ResultCollector(CollectorOptions.defaults().withDivergenceLimits(2, 2));
        c.begin(T0, EPOCH);
        for (int i = 0; i < 90; i++) {
            c.onResult(exchange().recorded(200, 1000).status(200).build());
        }
        c.onResult(exchange().target("/a").recorded(200, 1000).status(500).build());
        c.onResult(exchange().target("/a").recorded(200, 1000).status(500).build());
        c.onResult(exchange().target("/b").recorded(200, 1000).status(500).build());
        c.onResult(exchange().target("/c").recorded(200, 1000).status(500).build());
        c.onResult(exchange().target("/d").recorded(200, 1000).failed(ErrorKind.RESPONSE_TIMEOUT).build());
        c.onResult(exchange().target("/d").recorded(200, 1000).failed(ErrorKind.RESPONSE_TIMEOUT).build());
        c.onResult(exchange().target("/e").recorded(404, 1000).status(200).build());
        c.onResult(exchange().status(500).build()); // nothing recorded: not compared
        c.finish(T0 + SECOND, EPOCH + 1000);
        ReplayReport.Divergence d = c.report(RUN).statusDivergence();

        assertThat(d.compared()).isEqualTo(97);
        assertThat(d.divergent()).isEqualTo(7);
        assertThat(d.share()).isCloseTo(7 / 97.0, within(1e-12));
        assertThat(d.kinds()).extracting(DivergenceKind::kind, DivergenceKind::count).containsExactly(
                org.assertj.core.groups.Tuple.tuple("200→500", 4L),
                org.assertj.core.groups.Tuple.tuple("200→RESPONSE_TIMEOUT", 2L),
                org.assertj.core.groups.Tuple.tuple("other", 1L));
        assertThat(d.kinds().get(0).examples()).containsExactly("/a", "/b");
        assertThat(d.kinds().get(1).examples()).containsExactly("/d");
        assertThat(d.kindsMerged()).isTrue();
        assertThat(row(c.report(RUN).endpoints(), "GET /items/{id}").divergent()).isEqualTo(7);
    }

    @Test
    void cutsLongExampleTargets() {
        collector.begin(T0, EPOCH);
        collector.onResult(exchange().target("/q?" + "a".repeat(5000)).recorded(200, 1).status(404).build());
        String example = finish(T0 + SECOND).statusDivergence().kinds().get(0).examples().get(0);

        assertThat(example).hasSize(200).startsWith("/q?aaa").endsWith("…");
    }

    @Test
    void buildsOneTimelineRowPerMinuteWithThroughputErrorsAndPercentiles() {
        collector.begin(T0, EPOCH);
        for (int m = 0; m < 3; m++) {
            for (int i = 0; i < 120; i++) {
                boolean fail = i < m * 10;
                Exchanges e = exchange().service((m + 1) * 10_000L);
                collector.onResult(fail ? e.failed(ErrorKind.RESET).build() : e.build());
            }
            collector.tick(T0 + (m + 1) * 60 * SECOND);
        }
        for (int i = 0; i < 30; i++) {
            collector.onResult(exchange().service(1_000).build());
        }
        ReplayReport r = finish(T0 + 195 * SECOND);

        List<ReplayReport.MinuteRow> minutes = r.timeline().minutes();
        assertThat(minutes).hasSize(4);
        assertThat(minutes).extracting(ReplayReport.MinuteRow::requests).containsExactly(120L, 120L, 120L, 30L);
        assertThat(minutes).extracting(ReplayReport.MinuteRow::errors).containsExactly(0L, 10L, 20L, 0L);
        assertThat(minutes.get(1).errorRate()).isCloseTo(10 / 120.0, within(1e-12));
        assertThat(minutes.get(0).throughputPerSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(minutes.get(3).seconds()).isCloseTo(15.0, within(1e-9));
        assertThat(minutes.get(3).throughputPerSecond()).isCloseTo(2.0, within(1e-9));
        assertThat(minutes.get(2).p99Micros()).isCloseTo(30_000L, precision(30_000));
        assertThat(minutes.get(2).p50Micros()).isCloseTo(30_000L, precision(30_000));
        assertThat(minutes).extracting(ReplayReport.MinuteRow::minute).containsExactly(0, 1, 2, 3);
    }

    @Test
    void flagsDriftWhenP99RisesAcrossTheRun() {
        java.util.Random noise = new java.util.Random(7);
        ReplayReport r = minutes(20, m -> (long) (10_000 * (1 + 0.05 * m) * (0.95 + 0.1 * noise.nextDouble())), m -> 0);

        assertThat(r.timeline().p99().flagged()).isTrue();
        assertThat(r.timeline().p99().verdict()).isEqualTo("rising");
        assertThat(r.timeline().p99().relativeRise()).isGreaterThan(0.5);
        assertThat(r.timeline().p99().summary()).contains("rose");
        assertThat(r.timeline().errorRate().flagged()).isFalse();
    }

    @Test
    void doesNotFlagDriftOnAFlatNoisySeries() {
        java.util.Random noise = new java.util.Random(42);
        ReplayReport r = minutes(30, m -> (long) (10_000 * (0.7 + 0.6 * noise.nextDouble())), m -> m % 3);

        assertThat(r.timeline().p99().flagged()).isFalse();
        assertThat(r.timeline().p99().verdict()).isEqualTo("steady");
        assertThat(r.timeline().errorRate().flagged()).isFalse();
        assertThat(r.timeline().sendLagP99().flagged()).isFalse();
    }

    @Test
    void flagsARisingErrorRate() {
        ReplayReport r = minutes(15, m -> 10_000, m -> m * 2);

        assertThat(r.timeline().errorRate().flagged()).isTrue();
        assertThat(r.timeline().p99().flagged()).isFalse();
    }

    @Test
    void saysNotEnoughMinutesRatherThanJudgingAShortRun() {
        ReplayReport r = minutes(6, m -> 10_000L * (m + 1) * (m + 1), m -> m * 10);

        assertThat(r.timeline().p99().verdict()).isEqualTo("not-enough-minutes");
        assertThat(r.timeline().p99().flagged()).isFalse();
        assertThat(r.timeline().p99().summary()).contains("6 of 10");
        assertThat(r.timeline().errorRate().flagged()).isFalse();
    }

    /** A run of whole minutes, 100 requests each: all at the minute's latency, the first {@code errors(m)} failed. */
    private ReplayReport minutes(int count, java.util.function.IntToLongFunction latency,
                                 java.util.function.IntUnaryOperator errors) {
        collector.begin(T0, EPOCH);
        for (int m = 0; m < count; m++) {
            long l = latency.applyAsLong(m);
            int e = errors.applyAsInt(m);
            for (int i = 0; i < 100; i++) {
                Exchanges x = exchange().lag(100).service(l);
                collector.onResult(i < e ? x.failed(ErrorKind.RESET).build() : x.build());
            }
            collector.tick(T0 + (m + 1) * 60 * SECOND);
        }
        return finish(T0 + count * 60 * SECOND);
    }

    @Test
    void saysPlainlyWhenTheReplayerCouldNotKeepUp() {
        collector.begin(T0, EPOCH);
        for (int i = 0; i < 100; i++) {
            collector.onResult(exchange().lag(50_000).service(1_000).recorded(200, 1_000).build());
        }
        ReplayReport r = finish(T0 + SECOND);

        assertThat(r.keepingUp().replayerBehind()).isTrue();
        assertThat(r.keepingUp().targetSlowerThanProduction()).isFalse();
        assertThat(r.keepingUp().sendLagP99Micros()).isCloseTo(50_000L, precision(50_000));
        assertThat(r.keepingUp().lagThresholdMicros()).isEqualTo(10_000);
        assertThat(r.keepingUp().verdict()).startsWith("The replayer could not keep up");
    }

    @Test
    void tellsALaggingReplayerFromASlowTargetOnPreservedConnections() {
        collector.begin(T0, EPOCH);
        for (int i = 0; i < 100; i++) {
            collector.onResult(exchange().lag(50_000).service(90_000).recorded(200, 10_000).build());
        }
        ReplayReport r = finish(T0 + SECOND);

        assertThat(r.keepingUp().replayerBehind()).isTrue();
        assertThat(r.keepingUp().targetSlowerThanProduction()).isTrue();
        assertThat(r.keepingUp().verdict()).contains("slower than production").contains("may come from the target");
    }

    @Test
    void saysTheReplayerKeptUpWhenLagIsSmall() {
        collector.begin(T0, EPOCH);
        for (int i = 0; i < 100; i++) {
            collector.onResult(exchange().lag(200).service(1_000).build());
        }
        ReplayReport r = finish(T0 + SECOND);

        assertThat(r.keepingUp().replayerBehind()).isFalse();
        assertThat(r.keepingUp().targetSlowerThanProduction()).isNull();
        assertThat(r.keepingUp().verdict()).startsWith("The replayer kept up");
    }

    @Test
    void doesNotCountSendLagForConnectionsThatNeverOpened() {
        collector.begin(T0, EPOCH);
        collector.onResult(exchange().lag(900_000).failed(ErrorKind.CONNECTION_REFUSED).build());
        collector.onResult(exchange().lag(900_000).failed(ErrorKind.CONNECT_TIMEOUT).build());
        collector.onResult(exchange().lag(2_000).failed(ErrorKind.RESPONSE_TIMEOUT).build());
        ReplayReport r = finish(T0 + SECOND);

        assertThat(r.latency().sendLag().count()).isEqualTo(1);
        assertThat(r.latency().sendLag().maxMicros()).isCloseTo(2_000L, precision(2_000));
    }

    @Test
    void reportsCapturedIntendedAndSentSharePerTenant() {
        collector.begin(T0, EPOCH);
        for (int i = 0; i < 100; i++) {
            collector.onResult(exchange().tenant(i < 75 ? "acme" : i < 95 ? "beta" : "gamma").build());
        }
        collector.finish(T0 + SECOND, EPOCH + 1000);
        ReplayReport r = collector.report(RUN.withShares(Map.of("acme", 0.5, "beta", 0.3, "delta", 0.2),
                Map.of("acme", 0.75, "beta", 0.25)));

        assertThat(r.tenantShares()).extracting(TenantShare::tenant).containsExactly("acme", "beta", "delta", "gamma");
        TenantShare acme = r.tenantShares().get(0);
        assertThat(acme.capturedShare()).isEqualTo(0.5);
        assertThat(acme.intendedShare()).isEqualTo(0.75);
        assertThat(acme.sentShare()).isEqualTo(0.75);
        assertThat(acme.sent()).isEqualTo(75);
        TenantShare delta = r.tenantShares().get(2);
        assertThat(delta.intendedShare()).isNull();
        assertThat(delta.sentShare()).isEqualTo(0.0);
        assertThat(r.tenantShares().get(3).sentShare()).isEqualTo(0.05);
        assertThat(collector.report(RUN).tenantShares()).as("no shares supplied").isEmpty();
    }

    @Test
    void refusesAReportBeforeTheRunIsFinished() {
        collector.begin(T0, EPOCH);
        assertThatThrownBy(() -> collector.report(RUN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("finish()");
    }

    @Test
    void ignoresResultsBeforeTheStartAndAfterTheFinish() {
        collector.onResult(exchange().build());
        collector.begin(T0, EPOCH);
        collector.onResult(exchange().build());
        collector.finish(T0 + SECOND, EPOCH + 1000);
        collector.onResult(exchange().build());

        assertThat(collector.report(RUN).totals().requests()).isEqualTo(1);
        assertThat(collector.completed()).isEqualTo(1);
    }

    @Test
    void gathersIntervalsOnItsOwnThreadWhenStarted() throws Exception {
        ResultCollector c = new ResultCollector(CollectorOptions.defaults());
        c.start();
        try {
            c.onResult(new ExchangeResult("acme", "GET /", "/", System.nanoTime(), System.nanoTime() + 20_000_000,
                    System.nanoTime() + 21_000_000, 200, ErrorKind.NONE, 1, 0, -1));
            await("an interval gathered on the collector's thread").until(() -> c.recentLagP99Micros() != 0);
            assertThat(c.recentLagP99Micros()).isGreaterThan(10_000);
        } finally {
            c.finish();
        }
        assertThat(c.report(RUN).latency().fromIntended().count()).isEqualTo(1);
    }

    private static KeyedRow row(List<KeyedRow> rows, String key) {
        return rows.stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow();
    }
}
