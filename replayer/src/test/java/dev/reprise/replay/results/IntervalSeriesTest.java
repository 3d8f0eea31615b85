package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.report.IntervalTimeline;
import dev.reprise.replay.report.IntervalTimeline.Bucket;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static dev.reprise.replay.results.Exchanges.T0;
import static dev.reprise.replay.results.Exchanges.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The report's per-interval series, as the collector fills it from real exchange results. */
@Timeout(120)
class IntervalSeriesTest {
    private static final long EPOCH = 1_800_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final RunInfo RUN = RunInfo.of(List.of("http://staging:8080"), List.of("j1"), 1.0);

    private final ResultCollector collector = new ResultCollector(CollectorOptions.defaults());

    private IntervalTimeline finish(long atNanos) {
        collector.finish(atNanos, EPOCH + (atNanos - T0) / 1_000_000);
        ReplayReport r = collector.report(RUN);
        return r.series().intervals();
    }

    @Test
    void countsAnExchangeInTheSecondItWasDueTheSecondItWentOutAndTheSecondItEnded() {
        collector.begin(T0, EPOCH);
        collector.tick(T0 + SECOND);
        collector.tick(T0 + 2 * SECOND);
        // Due at 0.5 s, sent 1 s late at 1.5 s, answered 1.2 s later at 2.7 s, and reported then.
        collector.onResult(exchange().at(500_000).lag(1_000_000).service(1_200_000).recorded(200, 900_000).build());
        collector.tick(T0 + 3 * SECOND);
        collector.tick(T0 + 4 * SECOND);
        IntervalTimeline t = finish(T0 + 4 * SECOND);

        assertThat(t.bucketSeconds()).isEqualTo(1);
        assertThat(t.buckets()).extracting(Bucket::intended).containsExactly(1L, 0L, 0L, 0L);
        assertThat(t.buckets()).extracting(Bucket::sent).containsExactly(0L, 1L, 0L, 0L);
        assertThat(t.buckets()).extracting(Bucket::completed).containsExactly(0L, 0L, 1L, 0L);
        Bucket ended = t.buckets().get(2);
        assertThat(ended.fromIntended().max()).isCloseTo(2_200_000L, within(2_200L));
        assertThat(ended.production().p50()).isCloseTo(900_000L, within(900L));
        assertThat(ended.sendLag().p99()).isCloseTo(1_000_000L, within(1_000L));
        assertThat(ended.statusClasses()).isEqualTo(Map.of("2xx", 1L));
    }

    @Test
    void countsErrorsByKindAndResponsesByClassInTheSecondTheyEnded() {
        collector.begin(T0, EPOCH);
        collector.onResult(exchange().at(100_000).status(200).build());
        collector.onResult(exchange().at(200_000).status(503).build());
        collector.onResult(exchange().at(300_000).failed(ErrorKind.RESET).build());
        collector.onResult(exchange().at(400_000).failed(ErrorKind.CONNECTION_REFUSED).build());
        collector.tick(T0 + SECOND);
        IntervalTimeline t = finish(T0 + SECOND);

        Bucket b = t.buckets().get(0);
        assertThat(b.statusClasses()).isEqualTo(Map.of("2xx", 1L, "5xx", 1L, "error", 2L));
        assertThat(b.errorsByKind()).isEqualTo(Map.of("RESET", 1L, "CONNECTION_REFUSED", 1L));
        assertThat(b.completed()).isEqualTo(4);
        assertThat(b.intended()).isEqualTo(4);
        assertThat(b.sent()).as("a refused connection never sent anything").isEqualTo(3);
    }

    @Test
    void turnsToMinutesAfterTheFirstHourKeepingEachMinutesWorstSecond() {
        collector.begin(T0, EPOCH);
        int seconds = 2 * 3600;
        for (int s = 0; s < seconds; s++) {
            long service = s == 4000 ? 500_000 : 1_000;
            collector.onResult(exchange().at(s * 1_000_000L + 100_000).service(service).build());
            collector.tick(T0 + (s + 1) * SECOND);
        }
        IntervalTimeline t = finish(T0 + seconds * SECOND);

        assertThat(t.bucketSeconds()).isEqualTo(60);
        assertThat(t.buckets()).hasSize(120);
        assertThat(t.buckets().stream().mapToLong(Bucket::intended).sum()).isEqualTo(seconds);
        assertThat(t.buckets().stream().mapToLong(Bucket::completed).sum()).isEqualTo(seconds);
        assertThat(t.buckets().get(30).intended()).isEqualTo(60);
        assertThat(t.buckets().get(4000 / 60).fromIntended().max()).isCloseTo(500_000L, within(500L));
        assertThat(t.buckets().get(4000 / 60 + 1).fromIntended().max()).isCloseTo(1_000L, within(1L));
        assertThat(t.intendedDropped()).isZero();
    }

    @Test
    void anExchangeThatEndsLongAfterItWasDueIsCountedAsDroppedFromItsSecond() {
        collector.begin(T0, EPOCH);
        for (int s = 1; s <= 100; s++) {
            collector.tick(T0 + s * SECOND);
        }
        // Due at 1 s, answered at 100.5 s: its second closed long before.
        collector.onResult(exchange().at(1_000_000).service(99_500_000).build());
        IntervalTimeline t = finish(T0 + 101 * SECOND);

        assertThat(t.intendedDropped()).isEqualTo(1);
        assertThat(t.buckets().stream().mapToLong(Bucket::intended).sum()).isZero();
        assertThat(t.buckets().stream().mapToLong(Bucket::completed).sum()).isEqualTo(1);
    }

    @Test
    void coarseningSumsCountsAndKeepsTheLargestOfEachPercentile() {
        IntervalTimeline.Spread a = new IntervalTimeline.Spread(10, 1, 2, 3, 4, 50);
        IntervalTimeline.Spread b = new IntervalTimeline.Spread(5, 2, 1, 9, 3, 40);
        IntervalTimeline seconds = new IntervalTimeline(1, false, 0, List.of(
                new Bucket(0, 1, 3, 3, 10, Map.of("2xx", 10L), Map.of(), a, a, a),
                new Bucket(1, 1, 2, 2, 5, Map.of("2xx", 4L, "5xx", 1L), Map.of(), b, b, b),
                new Bucket(60, 1, 7, 7, 7, Map.of("2xx", 7L), Map.of(), a, a, a)));

        IntervalTimeline minutes = seconds.coarsened(60);

        assertThat(minutes.buckets()).hasSize(2);
        Bucket first = minutes.buckets().get(0);
        assertThat(first.intended()).isEqualTo(5);
        assertThat(first.completed()).isEqualTo(15);
        assertThat(first.statusClasses()).isEqualTo(Map.of("2xx", 14L, "5xx", 1L));
        assertThat(first.fromIntended()).isEqualTo(new IntervalTimeline.Spread(15, 2, 2, 9, 4, 50));
        assertThat(minutes.buckets().get(1).startSeconds()).isEqualTo(60);
    }
}
