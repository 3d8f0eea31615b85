package dev.reprise.replay.report.html;

import dev.reprise.replay.report.IntervalTimeline;
import dev.reprise.replay.report.IntervalTimeline.Bucket;
import dev.reprise.replay.report.IntervalTimeline.Spread;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplayReport.MinuteRow;
import dev.reprise.report.html.Chart;
import dev.reprise.report.html.Chart.XAxis;
import dev.reprise.report.html.Unit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A report's timeline as chart columns. From the per-interval series when the report has one
 * (per minute, extremes kept, once it is longer than {@link #MAX_SECOND_BUCKETS} seconds); from the
 * per-minute rows of older reports otherwise, which have only p50, p99 and send-lag p99.
 */
final class TimelineColumns {
    /** Beyond two hours of seconds, a page would carry more points than a screen has pixels. */
    static final int MAX_SECOND_BUCKETS = 7200;
    private static final String[] LABELS = {"p50", "p90", "p99", "p99.9", "max"};
    private static final String[] COLORS = {"#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#7f7f7f"};
    private static final List<ToLongFunction<Spread>> GETTERS = List.of(Spread::p50, Spread::p90, Spread::p99,
            Spread::p999, Spread::max);

    record Percentile(String label, String color, double[] values) {
    }

    private final double bucketSeconds;
    private final double[] xs;
    private final List<Bucket> buckets;
    private final List<MinuteRow> minutes;

    private TimelineColumns(double bucketSeconds, double[] xs, List<Bucket> buckets, List<MinuteRow> minutes) {
        this.bucketSeconds = bucketSeconds;
        this.xs = xs;
        this.buckets = buckets;
        this.minutes = minutes;
    }

    static TimelineColumns of(ReplayReport r) {
        IntervalTimeline t = r.series() == null ? null : r.series().intervals();
        if (t != null) {
            if (t.buckets().size() > MAX_SECOND_BUCKETS && t.bucketSeconds() < 60) {
                t = t.coarsened(60);
            }
            double[] xs = t.buckets().stream().mapToDouble(Bucket::startSeconds).toArray();
            return new TimelineColumns(t.bucketSeconds(), xs, t.buckets(), null);
        }
        List<MinuteRow> rows = r.timeline().minutes();
        return new TimelineColumns(60, rows.stream().mapToDouble(MinuteRow::startSeconds).toArray(), null, rows);
    }

    static TimelineColumns of(IntervalTimeline t) {
        return new TimelineColumns(t.bucketSeconds(), t.buckets().stream().mapToDouble(Bucket::startSeconds).toArray(),
                t.buckets(), null);
    }

    String bucketName() {
        return bucketSeconds >= 60 ? "minute" : bucketSeconds == 1 ? "second" : bucketSeconds + " s";
    }

    double[] xs() {
        return xs;
    }

    List<Percentile> latency() {
        if (buckets == null) {
            return List.of(new Percentile("p50", COLORS[0], minuteColumn(MinuteRow::p50Micros)),
                    new Percentile("p99", COLORS[2], minuteColumn(MinuteRow::p99Micros)));
        }
        return spreads(Bucket::fromIntended);
    }

    List<Percentile> production() {
        if (buckets == null || buckets.stream().allMatch(b -> b.production().count() == 0)) {
            return List.of();
        }
        List<Percentile> all = spreads(Bucket::production);
        // The dashed lines beside the staging ones the reader compares them with; max is too noisy to overlay.
        return List.of(all.get(0), all.get(2), all.get(3));
    }

    List<Percentile> sendLag() {
        if (buckets == null) {
            return List.of(new Percentile("p99", COLORS[2], minuteColumn(MinuteRow::sendLagP99Micros)));
        }
        List<Percentile> all = spreads(Bucket::sendLag);
        return List.of(all.get(0), all.get(1), all.get(2), all.get(4));
    }

    private List<Percentile> spreads(java.util.function.Function<Bucket, Spread> which) {
        List<Percentile> out = new ArrayList<>();
        for (int p = 0; p < LABELS.length; p++) {
            double[] ys = new double[buckets.size()];
            for (int i = 0; i < ys.length; i++) {
                Spread s = which.apply(buckets.get(i));
                long v = GETTERS.get(p).applyAsLong(s);
                // A log axis has no 0, and an empty bucket has no latency: both are gaps.
                ys[i] = s.count() == 0 || v <= 0 ? Double.NaN : v;
            }
            out.add(new Percentile(LABELS[p], COLORS[p], ys));
        }
        return out;
    }

    private double[] minuteColumn(ToLongFunction<MinuteRow> f) {
        return minutes.stream().mapToDouble(m -> {
            long v = f.applyAsLong(m);
            return v <= 0 ? Double.NaN : v;
        }).toArray();
    }

    Chart ratesChart() {
        Chart.Builder c = Chart.builder("rates", "Requests per second: intended by the schedule, sent, completed",
                XAxis.SECONDS, Unit.RATE).xs(xs);
        if (buckets == null) {
            return c.series("completed", "line", "#2ca02c",
                    minutes.stream().mapToDouble(MinuteRow::throughputPerSecond).toArray()).build();
        }
        return c.series("intended", "dashed", "#333333", rate(Bucket::intended))
                .series("sent", "line", "#1f77b4", rate(Bucket::sent))
                .series("completed", "line", "#2ca02c", rate(Bucket::completed)).build();
    }

    Chart outcomesChart() {
        Chart.Builder c = Chart.builder("outcomes", "Completed per second, stacked: responses by status class, errors by kind",
                XAxis.SECONDS, Unit.RATE).xs(xs);
        if (buckets == null) {
            double[] errors = minutes.stream().mapToDouble(m -> m.seconds() <= 0 ? 0 : m.errors() / m.seconds()).toArray();
            double[] ok = minutes.stream().mapToDouble(m -> m.seconds() <= 0 ? 0 : (m.requests() - m.errors()) / m.seconds()).toArray();
            return c.series("responses", "area", "#2ca02c", ok).series("errors", "area", "#d62728", errors).build();
        }
        Set<String> classes = new LinkedHashSet<>();
        Set<String> errors = new LinkedHashSet<>();
        for (Bucket b : buckets) {
            classes.addAll(b.statusClasses().keySet());
            errors.addAll(b.errorsByKind().keySet());
        }
        for (String cls : List.of("1xx", "2xx", "3xx", "4xx", "5xx", "other")) {
            if (classes.contains(cls)) {
                c.series(cls, "area", classColor(cls), rate(b -> b.statusClasses().getOrDefault(cls, 0L)));
            }
        }
        String[] errorColors = {"#9467bd", "#e377c2", "#8c564b", "#bcbd22", "#17becf", "#c5b0d5", "#ff9896"};
        int i = 0;
        for (String kind : errors) {
            c.series("error " + kind.toLowerCase(java.util.Locale.ROOT).replace('_', ' '), "area",
                    errorColors[i++ % errorColors.length], rate(b -> b.errorsByKind().getOrDefault(kind, 0L)));
        }
        if (classes.isEmpty() && errors.isEmpty()) {
            c.series("completed", "area", "#2ca02c", rate(Bucket::completed));
        }
        return c.build();
    }

    private static String classColor(String cls) {
        return switch (cls) {
            case "1xx" -> "#9edae5";
            case "2xx" -> "#2ca02c";
            case "3xx" -> "#17becf";
            case "4xx" -> "#ff7f0e";
            case "5xx" -> "#d62728";
            default -> "#8c564b";
        };
    }

    private double[] rate(ToLongFunction<Bucket> count) {
        double[] ys = new double[buckets.size()];
        for (int i = 0; i < ys.length; i++) {
            Bucket b = buckets.get(i);
            ys[i] = b.seconds() <= 0 ? Double.NaN : count.applyAsLong(b) / b.seconds();
        }
        return ys;
    }
}
