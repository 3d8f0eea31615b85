package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.report.HistogramCodec;
import dev.reprise.replay.report.IntervalTimeline.Bucket;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplayReport.Histograms;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.RunInfo;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.reprise.replay.results.Exchanges.T0;
import static dev.reprise.replay.results.Exchanges.exchange;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event loops hand their results to the collector's thread in batches; these pin that what
 * the report says is exactly what recording each result into its histograms at once would say.
 */
@Timeout(60)
class ResultCollectorRecordingTest {
    private static final long EPOCH = 1_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final RunInfo RUN = RunInfo.of(List.of("http://staging:8080"), List.of("j1"), 1.0);
    private static final ErrorKind[] FAILURES = {ErrorKind.RESET, ErrorKind.CONNECTION_REFUSED, ErrorKind.RESPONSE_TIMEOUT, ErrorKind.CONNECT_TIMEOUT};

    private final ResultCollector collector = new ResultCollector(CollectorOptions.defaults());

    @Test
    void reportsExactlyTheHistogramsCountsAndSecondsOfEveryResultRecordedFromTwoLoops() throws Exception {
        collector.keepHistograms();
        collector.begin(T0, EPOCH);
        int seconds = 3;
        List<List<ExchangeResult>> bySecond = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            List<ExchangeResult> second = mixedSecond(s);
            bySecond.add(second);
            // Two loops record the second's results at once, then the second is gathered.
            List<ExchangeResult> even = new ArrayList<>();
            List<ExchangeResult> odd = new ArrayList<>();
            for (int i = 0; i < second.size(); i++) {
                (i % 2 == 0 ? even : odd).add(second.get(i));
            }
            Thread a = new Thread(() -> even.forEach(collector::onResult));
            Thread b = new Thread(() -> odd.forEach(collector::onResult));
            a.start();
            b.start();
            a.join();
            b.join();
            collector.tick(T0 + (s + 1) * SECOND);
        }
        collector.finish(T0 + seconds * SECOND, EPOCH + seconds * 1000L);
        ReplayReport report = collector.report(RUN);
        Histograms histograms = collector.histograms(Map.of());

        Expected all = new Expected();
        bySecond.forEach(second -> second.forEach(all::add));
        assertThat(values(histograms.overall().get("fromIntended"))).isEqualTo(values(all.fromIntended));
        assertThat(values(histograms.overall().get("fromSend"))).isEqualTo(values(all.fromSend));
        assertThat(values(histograms.overall().get("sendLag"))).isEqualTo(values(all.lag));
        assertThat(values(histograms.overall().get("production"))).isEqualTo(values(all.production));
        for (StatusClass c : StatusClass.values()) {
            assertThat(values(histograms.statusClasses().get(c.label()))).as(c.label())
                    .isEqualTo(values(all.byClass.get(c)));
        }
        assertThat(report.totals().requests()).isEqualTo(all.requests);
        assertThat(report.totals().responseBytes()).isEqualTo(all.responseBytes);
        assertThat(report.totals().errorsByKind()).containsAllEntriesOf(all.errors);

        List<Bucket> buckets = report.series().intervals().buckets();
        assertThat(buckets).hasSize(seconds);
        for (int s = 0; s < seconds; s++) {
            Expected second = new Expected();
            bySecond.get(s).forEach(second::add);
            Bucket b = buckets.get(s);
            assertThat(b.completed()).as("second %d completed", s).isEqualTo(second.requests);
            assertThat(b.intended()).as("second %d intended", s).isEqualTo(second.requests);
            assertThat(b.sent()).as("second %d sent", s).isEqualTo(second.lag.getTotalCount());
            Map<String, Long> errors = new HashMap<>();
            second.errors.forEach((k, n) -> {
                if (n > 0) {
                    errors.put(k.name(), n);
                }
            });
            assertThat(b.errorsByKind()).as("second %d errors", s).isEqualTo(errors);
            assertThat(b.fromIntended().count()).isEqualTo(second.fromIntended.getTotalCount());
            assertThat(b.fromIntended().max()).isEqualTo(second.fromIntended.getMaxValue());
            assertThat(b.sendLag().max()).isEqualTo(second.lag.getMaxValue());
        }

        for (KeyedRow tenant : report.tenants()) {
            Expected t = new Expected();
            bySecond.forEach(second -> second.stream().filter(r -> r.tenant().equals(tenant.key())).forEach(t::add));
            assertThat(tenant.requests()).as(tenant.key()).isEqualTo(t.requests);
            assertThat(tenant.errors()).as(tenant.key()).isEqualTo(t.requests - t.fromIntended.getTotalCount());
            assertThat(values(histograms.tenants().get(tenant.key()).staging()))
                    .as(tenant.key()).isEqualTo(values(t.fromIntended));
        }
        assertThat(report.tenants()).extracting(KeyedRow::key).containsExactlyInAnyOrder("t0", "t1", "t2");
    }

    @Test
    void countsEveryResultWhenALoopRecordsMoreThanItsQueueHoldsBetweenDrains() {
        collector.begin(T0, EPOCH);
        int total = 100_000; // three times what a loop's queue holds
        Expected expected = new Expected();
        for (int i = 0; i < total; i++) {
            ExchangeResult r = exchange().tenant("t" + i % 3).at(i % 900_000).lag(i % 700).service(1 + i % 20_000)
                    .build();
            expected.add(r);
            collector.onResult(r);
        }
        assertThat(collector.completed()).as("counted at once, before any drain").isEqualTo(total);
        collector.finish(T0 + SECOND, EPOCH + 1000);
        ReplayReport report = collector.report(RUN);

        assertThat(report.totals().requests()).isEqualTo(total);
        assertThat(report.latency().fromIntended().count()).isEqualTo(total);
        assertThat(report.latency().fromIntended().maxMicros()).isEqualTo(expected.fromIntended.getMaxValue());
        assertThat(report.latency().sendLag().count()).isEqualTo(total);
        assertThat(report.tenants()).allSatisfy(t -> assertThat(t.requests()).isEqualTo(total / 3 + (t.key().equals("t0") ? 1 : 0)));
        assertThat(report.series().intervals().buckets().get(0).intended()).isEqualTo(total);
    }

    /** A second of results: answered, failed before and after sending, compared, divergent, with production's latency or not. */
    private static List<ExchangeResult> mixedSecond(int s) {
        List<ExchangeResult> out = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Exchanges e = exchange().tenant("t" + i % 3).endpoint("GET /e" + i % 5).target("/e/" + i)
                    .at(s * 1_000_000L + i * 300L).lag(i % 97).service(50 + (i * 37L) % 40_000);
            if (i % 4 == 0) {
                e.recorded(i % 40 == 0 ? 500 : 200, 40 + i % 9_000);
            }
            if (i % 11 == 0) {
                e.failed(FAILURES[i % FAILURES.length]);
            } else if (i % 13 == 0) {
                e.status(404);
            }
            out.add(e.build());
        }
        return out;
    }

    /** What recording each result at once into plain histograms gives, by the collector's documented rules. */
    private static final class Expected {
        final Histogram fromIntended = new Histogram(3);
        final Histogram fromSend = new Histogram(3);
        final Histogram lag = new Histogram(3);
        final Histogram production = new Histogram(3);
        final Map<StatusClass, Histogram> byClass = new EnumMap<>(StatusClass.class);
        final Map<ErrorKind, Long> errors = new LinkedHashMap<>();
        long requests;
        long responseBytes;

        Expected() {
            for (StatusClass c : StatusClass.values()) {
                byClass.put(c, new Histogram(3));
            }
            for (ErrorKind k : ErrorKind.values()) {
                if (k != ErrorKind.NONE) {
                    errors.put(k, 0L);
                }
            }
        }

        void add(ExchangeResult r) {
            requests++;
            long intended = r.latencyFromIntendedNanos() / 1000;
            byClass.get(StatusClass.of(r)).recordValue(intended);
            boolean answered = r.error() == ErrorKind.NONE;
            if (answered || (r.error() != ErrorKind.CONNECTION_REFUSED && r.error() != ErrorKind.CONNECT_TIMEOUT)) {
                lag.recordValue(r.sendLagNanos() / 1000);
            }
            if (answered) {
                fromIntended.recordValue(intended);
                fromSend.recordValue(r.latencyFromSentNanos() / 1000);
                if (r.recordedLatencyNanos() >= 0) {
                    production.recordValue(r.recordedLatencyNanos() / 1000);
                }
                responseBytes += r.responseBytes();
            } else {
                errors.merge(r.error(), 1L, Long::sum);
            }
        }
    }

    private static List<String> values(String encoded) {
        return values(HistogramCodec.decode(encoded, "test"));
    }

    /** Every distinct value recorded, with its count: equal lists mean equal histograms. */
    private static List<String> values(AbstractHistogram h) {
        List<String> out = new ArrayList<>();
        for (HistogramIterationValue v : h.recordedValues()) {
            out.add(v.getValueIteratedTo() + "x" + v.getCountAtValueIteratedTo());
        }
        return out;
    }
}
