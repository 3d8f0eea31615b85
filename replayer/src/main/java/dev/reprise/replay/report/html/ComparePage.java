package dev.reprise.replay.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.replay.report.IntervalTimeline;
import dev.reprise.replay.report.IntervalTimeline.Bucket;
import dev.reprise.replay.report.LatencyCurves;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReplayReport.MinuteRow;
import dev.reprise.replay.report.ReplayReport.StatusClassRow;
import dev.reprise.report.html.Block;
import dev.reprise.report.html.Chart;
import dev.reprise.report.html.Chart.XAxis;
import dev.reprise.report.html.HtmlPage;
import dev.reprise.report.html.Note;
import dev.reprise.report.html.Section;
import dev.reprise.report.html.Table;
import dev.reprise.report.html.Table.Column;
import dev.reprise.report.html.Unit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Several replay reports on one page: their timelines overlaid (each from its own start), their
 * distribution curves together, a table of their figures and one of each run's change against
 * the first.
 */
public final class ComparePage {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf"};

    private ComparePage() {
    }

    public static HtmlPage of(List<String> names, List<Path> files, List<JsonNode> docs) {
        List<ReplayReport> reports = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            reports.add(SavedReport.of(files.get(i), docs.get(i)).report());
        }
        return of(names, reports);
    }

    public static HtmlPage of(List<String> names, List<ReplayReport> reports) {
        HtmlPage page = new HtmlPage("compare", "Replay comparison", String.join(" · ", names));
        page.add(new Section("runs", "Runs", List.of(figures(names, reports), deltas(names, reports))));
        Overlay o = Overlay.of(reports);
        page.add(Section.of("latency", "Latency over time",
                o.chart("p99-over-time", "p99 from intended send per " + o.bucketName() + " (production's dashed)", Unit.MICROS,
                        true, names, b -> b.fromIntended().count() == 0 ? Double.NaN : b.fromIntended().p99(),
                        m -> m.p99Micros(), b -> b.production().count() == 0 ? Double.NaN : b.production().p99())));
        page.add(Section.of("rates", "Rates",
                o.chart("throughput-over-time", "Completed per second", Unit.RATE, false, names,
                        b -> b.seconds() <= 0 ? Double.NaN : b.completed() / b.seconds(), MinuteRow::throughputPerSecond, null),
                o.chart("errors-over-time", "Errors and 5xx per second", Unit.RATE, false, names,
                        b -> b.seconds() <= 0 ? Double.NaN
                                : (b.statusClasses().getOrDefault("5xx", 0L) + b.statusClasses().getOrDefault("error", 0L)) / b.seconds(),
                        m -> m.seconds() <= 0 ? Double.NaN : m.errors() / m.seconds(), null)));
        page.add(Section.of("send-lag", "Send lag",
                o.chart("send-lag-over-time", "Send-lag p99 per " + o.bucketName(), Unit.MICROS, true, names,
                        b -> b.sendLag().count() == 0 ? Double.NaN : b.sendLag().p99(), MinuteRow::sendLagP99Micros, null)));
        page.add(new Section("distribution", "Latency distribution", List.of(curves(names, reports))));
        page.add(new Section("tenants", "Tenants", List.of(tenants(names, reports))));
        return page;
    }

    private static Table figures(List<String> names, List<ReplayReport> reports) {
        List<Column> columns = List.of(new Column("run", Unit.TEXT), new Column("requests", Unit.COUNT),
                new Column("throughput", Unit.RATE), new Column("errors", Unit.SHARE), new Column("5xx", Unit.SHARE),
                new Column("status divergence", Unit.SHARE), new Column("p50", Unit.MICROS), new Column("p99", Unit.MICROS),
                new Column("max", Unit.MICROS), new Column("production p99", Unit.MICROS),
                new Column("send lag p99", Unit.MICROS), new Column("kept up", Unit.TEXT),
                new Column("thresholds crossed", Unit.TEXT));
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            ReplayReport r = reports.get(i);
            rows.add(Arrays.asList(names.get(i), r.totals().requests(), r.totals().throughputPerSecond(),
                    r.totals().errorRate(), share5xx(r), r.statusDivergence().share(),
                    r.latency().fromIntended().p50Micros(), r.latency().fromIntended().p99Micros(),
                    r.latency().fromIntended().maxMicros(),
                    r.latency().production().count() == 0 ? null : r.latency().production().p99Micros(),
                    r.latency().sendLag().p99Micros(), r.keepingUp().replayerBehind() ? "no" : "yes",
                    crossed(r)));
        }
        return new Table("runs", "Figures of each run", columns, rows);
    }

    private static Table deltas(List<String> names, List<ReplayReport> reports) {
        List<Column> columns = List.of(new Column("run", Unit.TEXT), new Column("throughput ÷ first", Unit.RATIO),
                new Column("p50 ÷ first", Unit.RATIO), new Column("p99 ÷ first", Unit.RATIO),
                new Column("max ÷ first", Unit.RATIO), new Column("send lag p99 ÷ first", Unit.RATIO),
                new Column("errors − first", Unit.SHARE), new Column("5xx − first", Unit.SHARE),
                new Column("divergence − first", Unit.SHARE));
        ReplayReport base = reports.get(0);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 1; i < reports.size(); i++) {
            ReplayReport r = reports.get(i);
            rows.add(Arrays.asList(names.get(i),
                    ratio(r.totals().throughputPerSecond(), base.totals().throughputPerSecond()),
                    ratio(r.latency().fromIntended().p50Micros(), base.latency().fromIntended().p50Micros()),
                    ratio(r.latency().fromIntended().p99Micros(), base.latency().fromIntended().p99Micros()),
                    ratio(r.latency().fromIntended().maxMicros(), base.latency().fromIntended().maxMicros()),
                    ratio(r.latency().sendLag().p99Micros(), base.latency().sendLag().p99Micros()),
                    r.totals().errorRate() - base.totals().errorRate(), share5xx(r) - share5xx(base),
                    r.statusDivergence().share() - base.statusDivergence().share()));
        }
        return new Table("deltas", "Each run against " + names.get(0), columns, rows);
    }

    private static Double ratio(double a, double b) {
        return b <= 0 ? null : a / b;
    }

    static double share5xx(ReplayReport r) {
        return r.statusClasses().stream().filter(c -> c.statusClass().equals("5xx")).mapToDouble(StatusClassRow::share)
                .sum();
    }

    private static String crossed(ReplayReport r) {
        List<String> crossed = r.thresholds().stream().filter(ReplayReport.ThresholdResult::crossed)
                .map(ReplayReport.ThresholdResult::expression).toList();
        return crossed.isEmpty() ? "none" : String.join(", ", crossed);
    }

    private static Block curves(List<String> names, List<ReplayReport> reports) {
        List<Double> ladder = LatencyCurves.LADDER;
        double[] xs = ladder.stream().mapToDouble(p -> 100 / (100 - p)).toArray();
        Chart.Builder c = Chart.builder("distribution", "Latency from intended send by percentile (log 1/(1−p) axis)",
                XAxis.PERCENTILE, Unit.MICROS).xs(xs).logY();
        int drawn = 0;
        for (int i = 0; i < reports.size(); i++) {
            ReplayReport r = reports.get(i);
            if (r.series() == null || r.series().curves().fromIntended().isEmpty()
                    || !r.series().curves().percentiles().equals(ladder)) {
                continue;
            }
            c.series(names.get(i), "line", COLORS[i % COLORS.length], values(r.series().curves().fromIntended()));
            drawn++;
        }
        if (drawn == 0) {
            return Note.info("None of these reports kept latency curves (reports from before curves were kept).");
        }
        return c.build();
    }

    private static double[] values(List<Long> v) {
        return v.stream().mapToDouble(x -> x <= 0 ? Double.NaN : x).toArray();
    }

    private static Table tenants(List<String> names, List<ReplayReport> reports) {
        Set<String> keys = new LinkedHashSet<>();
        for (ReplayReport r : reports) {
            r.tenants().stream().limit(ReplayPage.TOP_KEYS).forEach(k -> keys.add(k.key()));
        }
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("tenant", Unit.TEXT));
        for (String n : names) {
            columns.add(new Column(n + " requests", Unit.COUNT));
            columns.add(new Column(n + " errors+divergent", Unit.SHARE));
            columns.add(new Column(n + " p99", Unit.MICROS));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (String key : keys) {
            List<Object> row = new ArrayList<>();
            row.add(key);
            for (ReplayReport r : reports) {
                KeyedRow k = r.tenants().stream().filter(t -> t.key().equals(key)).findFirst().orElse(null);
                row.add(k == null ? null : k.requests());
                row.add(k == null || k.requests() == 0 ? null : (double) (k.errors() + k.divergent()) / k.requests());
                row.add(k == null || k.staging().count() == 0 ? null : k.staging().p99Micros());
            }
            rows.add(row);
        }
        return new Table("tenants", "Top tenants of each run", columns, rows);
    }

    /** The runs' timelines on one x axis: seconds from each run's start, at the coarsest bucket width among them. */
    private record Overlay(double width, List<IntervalTimeline> timelines, List<List<MinuteRow>> minutes, double[] xs) {
        static Overlay of(List<ReplayReport> reports) {
            double width = 1;
            for (ReplayReport r : reports) {
                IntervalTimeline t = r.series() == null ? null : r.series().intervals();
                width = Math.max(width, t == null ? 60 : t.buckets().size() > TimelineColumns.MAX_SECOND_BUCKETS ? 60
                        : t.bucketSeconds());
            }
            List<IntervalTimeline> timelines = new ArrayList<>();
            List<List<MinuteRow>> minutes = new ArrayList<>();
            TreeSet<Double> xs = new TreeSet<>();
            for (ReplayReport r : reports) {
                IntervalTimeline t = r.series() == null ? null : r.series().intervals();
                if (t != null) {
                    t = t.coarsened(width);
                    t.buckets().forEach(b -> xs.add(b.startSeconds()));
                    minutes.add(null);
                } else {
                    r.timeline().minutes().forEach(m -> xs.add(m.startSeconds()));
                    minutes.add(r.timeline().minutes());
                }
                timelines.add(t);
            }
            return new Overlay(width, timelines, minutes, xs.stream().mapToDouble(Double::doubleValue).toArray());
        }

        String bucketName() {
            return width >= 60 ? "minute" : "second";
        }

        Chart chart(String id, String title, Unit unit, boolean log, List<String> names, ToDoubleFunction<Bucket> value,
                    ToDoubleFunction<MinuteRow> fromMinutes, ToDoubleFunction<Bucket> dashed) {
            Chart.Builder c = Chart.builder(id, title, XAxis.SECONDS, unit).xs(xs);
            if (log) {
                c.logY();
            }
            for (int i = 0; i < timelines.size(); i++) {
                String color = COLORS[i % COLORS.length];
                if (timelines.get(i) != null) {
                    c.series(names.get(i), "line", color, column(timelines.get(i).buckets(), Bucket::startSeconds, value, log));
                    if (dashed != null && timelines.get(i).buckets().stream().anyMatch(b -> b.production().count() > 0)) {
                        c.series(names.get(i) + " production", "dashed", color,
                                column(timelines.get(i).buckets(), Bucket::startSeconds, dashed, log));
                    }
                } else {
                    c.series(names.get(i), "line", color, column(minutes.get(i), MinuteRow::startSeconds, fromMinutes, log));
                }
            }
            return c.build();
        }

        private <T> double[] column(List<T> rows, Function<T, Double> x, ToDoubleFunction<T> value, boolean log) {
            double[] ys = new double[xs.length];
            Arrays.fill(ys, Double.NaN);
            for (T row : rows) {
                int at = Arrays.binarySearch(xs, x.apply(row));
                if (at >= 0) {
                    double v = value.applyAsDouble(row);
                    ys[at] = log && v <= 0 ? Double.NaN : v;
                }
            }
            return ys;
        }
    }
}
