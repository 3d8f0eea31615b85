package dev.reprise.replay.report.html;

import dev.reprise.replay.report.IntervalTimeline;
import dev.reprise.replay.report.IntervalTimeline.Bucket;
import dev.reprise.replay.report.IntervalTimeline.Spread;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplaySeries;
import dev.reprise.replay.report.RunInfo;
import dev.reprise.replay.report.Thresholds;
import dev.reprise.replay.results.CollectorOptions;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.ResultCollector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.reprise.replay.results.Exchanges.T0;
import static dev.reprise.replay.results.Exchanges.exchange;

/** Replays with known figures, recorded through the real collector, for the page tests. */
final class SampleReplays {
    static final long EPOCH = 1_800_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    private SampleReplays() {
    }

    /**
     * Three minutes at 20 requests a second, ticked every second: acme's GET /items/{id} at 20 ms
     * (production 10 ms, 1 in 25 answered 500 where production said 200), beta's POST /orders at 5 ms
     * like production (1 in 100 of all requests reset), gamma's GET /search at 40 ms; send lag 1 ms, and from second
     * 100 to 109 every request 300 ms late. {@code slowdown} multiplies staging's service times.
     */
    static ReplayReport threeMinutes(double slowdown, String... failIf) {
        ResultCollector c = new ResultCollector(CollectorOptions.defaults());
        c.begin(T0, EPOCH);
        int n = 0;
        for (int s = 0; s < 180; s++) {
            for (int i = 0; i < 20; i++, n++) {
                long at = s * 1_000_000L + i * 50_000L;
                long lag = s >= 100 && s < 110 ? 300_000 : 1_000;
                switch (n % 4) {
                    case 0, 1 -> c.onResult(exchange().tenant("acme").endpoint("GET /items/{id}").target("/items/" + n)
                            .at(at).lag(lag).service((long) (20_000 * slowdown)).recorded(200, 10_000)
                            .status(n % 25 == 0 ? 500 : 200).build());
                    case 2 -> {
                        if (n % 50 == 2) {
                            c.onResult(exchange().tenant("beta").endpoint("POST /orders").target("/orders").at(at)
                                    .lag(lag).recorded(201, 5_000).failed(ErrorKind.RESET).build());
                        } else {
                            c.onResult(exchange().tenant("beta").endpoint("POST /orders").target("/orders").at(at)
                                    .lag(lag).service((long) (5_000 * slowdown)).recorded(201, 5_000).status(201).build());
                        }
                    }
                    default -> c.onResult(exchange().tenant("gamma").endpoint("GET /search").target("/search?q=" + n)
                            .at(at).lag(lag).service((long) (40_000 * slowdown)).recorded(200, 30_000).status(200).build());
                }
            }
            c.tick(T0 + (s + 1) * SECOND + 400_000_000L);
        }
        c.finish(T0 + 180 * SECOND + 500_000_000L, EPOCH + 180_500);
        List<dev.reprise.replay.report.Threshold> thresholds = new ArrayList<>();
        for (String expr : failIf) {
            thresholds.add(new Thresholds.Converter().convert(expr));
        }
        return c.report(runInfo(), Thresholds.of(thresholds));
    }

    static RunInfo runInfo() {
        Map<String, Object> controls = new LinkedHashMap<>();
        controls.put("copies", 1);
        controls.put("seed", 42);
        return RunInfo.of(List.of("http://staging:8080"), List.of("/data/shop.journal"), 1.0)
                .withControls(controls)
                .withShares(Map.of("acme", 0.5, "beta", 0.25, "gamma", 0.25), Map.of("acme", 0.5, "beta", 0.25, "gamma", 0.25));
    }

    /**
     * A week of ten million requests as the collector would have kept it: one bucket per minute
     * (10,080), each with its spread and counts, and a latency spike in one minute of the fourth day.
     */
    static ReplayReport aWeekOfTenMillion(ReplayReport small) {
        int minutes = 7 * 24 * 60;
        long perMinute = 10_000_000L / minutes;
        List<Bucket> buckets = new ArrayList<>(minutes);
        for (int m = 0; m < minutes; m++) {
            double wave = 1 + 0.5 * Math.sin(m * 2 * Math.PI / 1440);
            long count = Math.round(perMinute * wave);
            long p50 = 8_000 + (m % 7) * 100;
            long max = m == 4500 ? 4_000_000 : 60_000 + (m % 13) * 1000;
            long errors = m % 97 == 0 ? 25 : 0;
            Map<String, Long> classes = new LinkedHashMap<>();
            classes.put("2xx", count - errors - count / 100);
            classes.put("5xx", count / 100);
            if (errors > 0) {
                classes.put("error", errors);
            }
            buckets.add(new Bucket(m * 60.0, 60, count, count, count, classes,
                    errors > 0 ? Map.of("RESET", errors) : Map.of(),
                    new Spread(count - errors, p50, p50 * 2, p50 * 5, p50 * 8, max),
                    new Spread(count - errors, p50 / 2, p50, p50 * 3, p50 * 5, max / 2),
                    new Spread(count, 200, 400, 900, 2_000, m == 4500 ? 900_000 : 5_000)));
        }
        ReplaySeries series = new ReplaySeries(new IntervalTimeline(60, false, 0, buckets), small.series().curves());
        ReplayReport r = small;
        return new ReplayReport(r.format(), r.run(), r.totals(), r.latency(), r.keepingUp(), r.statusClasses(),
                r.tracking(), r.endpoints(), r.tenants(), r.statusDivergence(), r.timeline(), r.tenantShares(),
                r.thresholds(), r.hlog(), r.warnings(), r.fidelity(), r.resources(), series, r.sharding(), r.histograms());
    }
}
