package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.KeySeries;
import dev.reprise.replay.report.LatencyCurves;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplaySeries;
import dev.reprise.replay.report.ReplayReport.Drift;
import dev.reprise.replay.report.ReplayReport.KeepingUp;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReplayReport.Latency;
import dev.reprise.replay.report.ReplayReport.MinuteRow;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.StatusClassRow;
import dev.reprise.replay.report.ReplayReport.TenantShare;
import dev.reprise.replay.report.ReplayReport.Timeline;
import dev.reprise.replay.report.ReplayReport.Totals;
import dev.reprise.replay.report.ReplayReport.Tracking;
import dev.reprise.replay.report.KeepingUpVerdict;
import dev.reprise.replay.report.RunInfo;
import dev.reprise.replay.report.internal.Trend;
import dev.reprise.cli.Units;
import dev.reprise.replay.results.CollectorOptions;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.StatusClass;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** Turns a finished collector's figures into a {@link ReplayReport}. */
public final class ReportAssembler {
    /** A minute shorter than this (the last, usually) is too thin to weigh in a trend. */
    private static final double MIN_TREND_MINUTE_SECONDS = 30;

    private static final Trend.Rule P99_RULE = new Trend.Rule(0.20, 500, Units::micros);
    private static final Trend.Rule LAG_RULE = new Trend.Rule(0.50, 1000, Units::micros);
    private static final Trend.Rule ERROR_RULE = new Trend.Rule(0, 0.01, Units::percent);

    private final CollectorOptions options;
    private final Intervals intervals;
    private final KeyedTable endpoints;
    private final KeyedTable tenants;
    private final DivergenceTable divergence;

    public ReportAssembler(CollectorOptions options, Intervals intervals, KeyedTable endpoints, KeyedTable tenants,
                           DivergenceTable divergence) {
        this.options = options;
        this.intervals = intervals;
        this.endpoints = endpoints;
        this.tenants = tenants;
        this.divergence = divergence;
    }

    public ReplayReport assemble(RunInfo run, long requests, long responseBytes, Map<ErrorKind, Long> errorsByKind,
                                 long startEpochMillis, long endEpochMillis, double durationSeconds,
                                 List<String> warnings) {
        Latency latency = new Latency(Percentiles.of(intervals.totalFromIntended()),
                Percentiles.of(intervals.totalFromSend()), Percentiles.of(intervals.totalLag()),
                Percentiles.of(intervals.totalProduction()));
        long errors = errorsByKind.values().stream().mapToLong(Long::longValue).sum();
        Totals totals = new Totals(requests, latency.fromIntended().count(), errors, share(errors, requests),
                errorsByKind, responseBytes, durationSeconds > 0 ? requests / durationSeconds : 0);
        Timeline timeline = timeline(intervals.minutes(), intervals.truncated());
        ReplayReport.Run runSection = new ReplayReport.Run(run.targets(), run.journals(),
                run.from() == null ? null : run.from().toString(), run.to() == null ? null : run.to().toString(),
                run.speed(), run.controls(), Instant.ofEpochMilli(startEpochMillis).toString(),
                Instant.ofEpochMilli(endEpochMillis).toString(), durationSeconds, run.endedEarly(), run.controlsSet());
        List<KeyedRow> tenantRows = rows(tenants);
        return new ReplayReport(ReplayReport.FORMAT, runSection, totals, latency,
                keepingUp(latency, timeline.sendLagP99()), statusClasses(requests),
                new Tracking(endpoints.limit(), endpoints.tracked(), endpoints.mergedRequests(),
                        tenants.limit(), tenants.tracked(), tenants.mergedRequests()),
                rows(endpoints), tenantRows, divergence.toDivergence(), timeline,
                tenantShares(run, tenantRows, requests), List.of(),
                options.hlog() == null ? null : options.hlog().toString(), warnings, null, null,
                new ReplaySeries(intervals.series().toTimeline(), LatencyCurves.of(intervals.totalFromIntended(),
                        intervals.totalFromSend(), intervals.totalLag(), intervals.totalProduction()),
                        topSeries(tenants), topSeries(endpoints)), null, null);
    }

    /** Keys whose p99 series the report keeps: the busiest, as many as a page draws small multiples of. */
    static final int SERIES_KEYS = 8;

    private static List<KeySeries> topSeries(KeyedTable table) {
        return table.all().stream().sorted(java.util.Comparator.comparingLong(KeyedStats::requests).reversed())
                .limit(SERIES_KEYS).map(KeyedStats::p99Series).toList();
    }

    /** The timeline of these minutes, with the drift of each metric across them. */
    public static Timeline timeline(List<MinuteRow> minutes, boolean truncated) {
        return new Timeline(minutes,
                drift("p99", minutes, m -> m.requests() - m.errors() > 0, MinuteRow::p99Micros, P99_RULE),
                drift("error rate", minutes, m -> m.requests() > 0, MinuteRow::errorRate, ERROR_RULE),
                drift("send-lag p99", minutes, m -> m.requests() - m.errors() > 0, MinuteRow::sendLagP99Micros, LAG_RULE),
                truncated);
    }

    private static Drift drift(String metric, List<MinuteRow> minutes, java.util.function.Predicate<MinuteRow> usable,
                               ToDoubleFunction<MinuteRow> value, Trend.Rule rule) {
        List<MinuteRow> points = minutes.stream()
                .filter(m -> m.seconds() >= MIN_TREND_MINUTE_SECONDS && usable.test(m)).toList();
        int[] x = new int[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i).minute();
            y[i] = value.applyAsDouble(points.get(i));
        }
        return Trend.of(metric, x, y, rule);
    }

    private KeepingUp keepingUp(Latency latency, Drift lagDrift) {
        return KeepingUpVerdict.judge(latency, options.lagThreshold().toNanos() / 1000, lagDrift.flagged(), null);
    }

    private List<StatusClassRow> statusClasses(long requests) {
        List<StatusClassRow> rows = new ArrayList<>();
        for (StatusClass c : StatusClass.values()) {
            Percentiles p = Percentiles.of(intervals.totalOf(c));
            if (p.count() > 0) {
                rows.add(new StatusClassRow(c.label(), p.count(), share(p.count(), requests), p));
            }
        }
        return rows;
    }

    private static List<KeyedRow> rows(KeyedTable table) {
        List<KeyedRow> rows = new ArrayList<>();
        for (KeyedStats s : table.all()) {
            rows.add(s.toRow());
        }
        rows.sort(Comparator.comparingLong(KeyedRow::requests).reversed().thenComparing(KeyedRow::key));
        return rows;
    }

    private List<TenantShare> tenantShares(RunInfo run, List<KeyedRow> tenantRows, long requests) {
        Map<String, Double> captured = normalise(run.capturedShares());
        Map<String, Double> intended = normalise(run.intendedShares());
        if (captured == null && intended == null) {
            return List.of();
        }
        Map<String, Long> sent = new LinkedHashMap<>();
        for (KeyedRow row : tenantRows) {
            sent.put(row.key(), row.requests());
        }
        Set<String> keys = new LinkedHashSet<>();
        if (intended != null) {
            keys.addAll(intended.keySet());
        }
        if (captured != null) {
            keys.addAll(captured.keySet());
        }
        keys.addAll(sent.keySet());
        boolean overflowed = tenants.mergedRequests() > 0;
        List<TenantShare> shares = new ArrayList<>();
        for (String key : keys) {
            Long n = sent.get(key);
            // A tenant never seen was sent nothing, unless tracking overflowed and it hides in (other).
            Double sentShare = n != null ? share(n, requests) : overflowed ? null : 0.0;
            shares.add(new TenantShare(key, captured == null ? null : captured.get(key),
                    intended == null ? null : intended.get(key), sentShare, n == null ? 0 : n));
        }
        Comparator<TenantShare> order = Comparator.comparingDouble(
                (TenantShare s) -> s.intendedShare() != null ? s.intendedShare()
                        : s.capturedShare() != null ? s.capturedShare() : -1).reversed()
                .thenComparing(Comparator.comparingLong(TenantShare::sent).reversed())
                .thenComparing(TenantShare::tenant);
        shares.sort(order);
        return shares;
    }

    /** The collector names a missing tenant {@code (none)}; amplification may call it "" or null. */
    private static Map<String, Double> normalise(Map<String, Double> shares) {
        if (shares == null) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        shares.forEach((k, v) -> out.merge(k == null || k.isEmpty() ? "(none)" : k, v == null ? 0 : v, Double::sum));
        return out;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
