package dev.reprise.replay.report;

import dev.reprise.replay.report.ReplayReport.Divergence;
import dev.reprise.replay.report.ReplayReport.DivergenceKind;
import dev.reprise.replay.report.ReplayReport.Drift;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReplayReport.MinuteRow;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.StatusClassRow;
import dev.reprise.replay.report.ReplayReport.TenantShare;
import dev.reprise.replay.report.ReplayReport.ThresholdResult;
import dev.reprise.cli.TextTable;
import dev.reprise.cli.Units;
import dev.reprise.replay.report.ErrorKind;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The end-of-run summary a tester reads on the console: the headline latency from intended send,
 * whether the replayer kept up, errors, the busiest endpoints and tenants beside production,
 * status divergence, drift, tenant shares and thresholds. The JSON report has everything else.
 */
public final class ConsoleSummary {
    /** Endpoints and tenants shown; the JSON report lists all tracked. */
    public static final int TOP = 10;
    /** Keys and examples come from the traffic: long ones are cut to keep tables readable. */
    private static final int MAX_KEY = 60;
    /** Runs up to this many minutes get the per-minute table. */
    private static final int MAX_MINUTE_ROWS = 30;

    private ConsoleSummary() {
    }

    public static void print(ReplayReport report, PrintWriter out) {
        out.print(render(report));
        out.flush();
    }

    public static String render(ReplayReport r) {
        StringBuilder b = new StringBuilder();
        header(b, r);
        for (String warning : r.warnings()) {
            b.append("WARNING: ").append(warning).append('\n');
        }
        latency(b, r);
        errors(b, r);
        statusClasses(b, r);
        keyed(b, "Endpoints", r.endpoints(), r.tracking().endpointRequestsMerged(), r.tracking().maxEndpoints());
        keyed(b, "Tenants", r.tenants(), r.tracking().tenantRequestsMerged(), r.tracking().maxTenants());
        divergence(b, r.statusDivergence());
        timeline(b, r.timeline());
        ResourceSection.render(b, r.resources());
        shares(b, r.tenantShares());
        thresholds(b, r.thresholds());
        return b.toString();
    }

    private static void header(StringBuilder b, ReplayReport r) {
        ReplayReport.Run run = r.run();
        b.append("Replay: ").append(Units.count(r.totals().requests())).append(" requests in ")
                .append(Units.duration(run.durationSeconds()))
                .append(String.format(Locale.ROOT, " (%.1f/s)", r.totals().throughputPerSecond()));
        if (!run.targets().isEmpty()) {
            b.append(" against ").append(String.join(", ", run.targets()));
        }
        b.append(run.speed() == null ? ", max rate" : String.format(Locale.ROOT, ", speed %sx", trim(run.speed())));
        b.append('\n');
        if (!run.journals().isEmpty()) {
            b.append("  journals: ").append(String.join(", ", run.journals())).append('\n');
        }
        if (run.from() != null || run.to() != null) {
            b.append("  window: ").append(run.from() == null ? "start" : run.from()).append(" to ")
                    .append(run.to() == null ? "end" : run.to()).append('\n');
        }
        controls(b, run);
        sharding(b, r.sharding());
        if (run.endedEarly()) {
            b.append("  ended early: interrupted before the plan was done\n");
        }
    }

    /** Which shards, their start, and the least time any of them had left before it. */
    private static void sharding(StringBuilder b, ReplayReport.Sharding s) {
        if (s == null) {
            return;
        }
        b.append(s.shards().size() == 1 ? "  shard " + s.shards().get(0) + " of " + s.count()
                : "  merged " + s.shards().size() + " shards");
        if (s.startAt() != null) {
            b.append(", started at ").append(s.startAt());
            s.starts().stream().map(ReplayReport.ShardStart::readyMarginMicros).filter(java.util.Objects::nonNull)
                    .min(Long::compare).ifPresent(m -> b.append(s.starts().size() == 1 ? "; ready " : "; the last ready ")
                            .append(Units.duration(m / 1e6)).append(" before it"));
        }
        b.append('\n');
        for (ReplayReport.ShardStart start : s.starts()) {
            ReplayReport.ClockStatus c = start.clock();
            if (c != null && c.offsetMicros() != null) {
                b.append("    shard ").append(start.index()).append(" clock offset ").append(Units.micros(c.offsetMicros()))
                        .append(c.maxErrorMicros() == null ? "" : " (error at most " + Units.micros(c.maxErrorMicros()) + ")")
                        .append(" per ").append(c.source()).append('\n');
            }
        }
    }

    /**
     * One control a line, only those given on the command line (all of them when the report does not
     * say which were given); the JSON report lists every control in force, defaults included.
     */
    private static void controls(StringBuilder b, ReplayReport.Run run) {
        List<String> set = run.controlsSet();
        boolean header = false;
        for (Map.Entry<String, Object> e : run.controls().entrySet()) {
            if (set != null && !set.contains(e.getKey())) {
                continue;
            }
            if (!header) {
                b.append("  controls:\n");
                header = true;
            }
            b.append("    ").append(e.getKey()).append(' ').append(controlValue(e.getValue())).append('\n');
        }
    }

    private static String controlValue(Object v) {
        if (v instanceof List<?> list) {
            StringJoiner j = new StringJoiner(", ");
            list.forEach(x -> j.add(String.valueOf(x)));
            return j.toString();
        }
        if (v instanceof Map<?, ?> map) {
            StringJoiner j = new StringJoiner(", ");
            map.forEach((k, x) -> j.add(k + "=" + x));
            return j.toString();
        }
        return String.valueOf(v);
    }

    private static void latency(StringBuilder b, ReplayReport r) {
        TextTable t = new TextTable("", 7).row("Latency", "count", "p50", "p90", "p99", "p99.9", "max");
        percentileRow(t, "from intended send", r.latency().fromIntended());
        percentileRow(t, "from actual send", r.latency().fromSend());
        percentileRow(t, "send lag", r.latency().sendLag());
        if (r.latency().production().count() > 0) {
            percentileRow(t, "production (captured)", r.latency().production());
        }
        b.append('\n').append(t.render());
        b.append(r.keepingUp().replayerBehind() ? "WARNING: " : "").append(r.keepingUp().verdict()).append('\n');
        fidelity(b, r.fidelity());
    }

    private static void fidelity(StringBuilder b, ReplayReport.Fidelity f) {
        if (f == null) {
            return;
        }
        b.append('\n').append("Fidelity: what was sent beside the capture\n");
        TextTable t = new TextTable("  ", 4).row("measure", "captured", "sent", "difference");
        ReplayReport.InterArrival ia = f.interArrival();
        t.row("inter-arrival p50", Units.micros(ia.captured().p50Micros()), Units.micros(ia.sent().p50Micros()),
                ia.ksDistance() == null ? "-" : String.format(Locale.ROOT, "KS %.3f", ia.ksDistance()));
        t.row("inter-arrival p99", Units.micros(ia.captured().p99Micros()), Units.micros(ia.sent().p99Micros()), "");
        level(t, "in flight", f.inFlight());
        level(t, "connections open", f.openConnections());
        b.append(t.render());
        if (ia.note() != null) {
            b.append("  inter-arrival: ").append(ia.note()).append('\n');
        }
        ReplayReport.ConnectionOrder o = f.order();
        b.append("  order within connections: ").append(o.violations() == 0 ? "kept" : "WARNING: " + Units.count(o.violations())
                + " requests out of order").append(" (").append(Units.count(o.requests())).append(" requests on ")
                .append(Units.count(o.connections())).append(" connections checked)\n");
    }

    private static void level(TextTable t, String name, ReplayReport.Concurrency c) {
        t.row(name + " p50", Long.toString(c.captured().p50()), Long.toString(c.sent().p50()), "");
        t.row(name + " p99", Long.toString(c.captured().p99()), Long.toString(c.sent().p99()),
                c.p99Ratio() == null ? "-" : String.format(Locale.ROOT, "x%.2f", c.p99Ratio()));
        t.row(name + " max", Long.toString(c.captured().max()), Long.toString(c.sent().max()), "");
    }

    private static void percentileRow(TextTable t, String name, Percentiles p) {
        if (p.count() == 0) {
            t.row(name, "0", "-", "-", "-", "-", "-");
            return;
        }
        t.row(name, Units.count(p.count()), Units.micros(p.p50Micros()), Units.micros(p.p90Micros()),
                Units.micros(p.p99Micros()), Units.micros(p.p999Micros()), Units.micros(p.maxMicros()));
    }

    private static void errors(StringBuilder b, ReplayReport r) {
        b.append('\n');
        if (r.totals().errors() == 0) {
            b.append("Errors: none\n");
            return;
        }
        StringJoiner kinds = new StringJoiner(", ");
        for (Map.Entry<ErrorKind, Long> e : r.totals().errorsByKind().entrySet()) {
            if (e.getValue() > 0) {
                kinds.add(e.getKey().name() + " " + Units.count(e.getValue()));
            }
        }
        b.append("Errors: ").append(Units.count(r.totals().errors())).append(" of ")
                .append(Units.count(r.totals().requests())).append(" (").append(Units.percent(r.totals().errorRate()))
                .append("): ").append(kinds).append('\n');
    }

    private static void statusClasses(StringBuilder b, ReplayReport r) {
        if (r.statusClasses().isEmpty()) {
            return;
        }
        TextTable t = new TextTable("", 5).row("Status", "count", "share", "p50", "p99");
        for (StatusClassRow row : r.statusClasses()) {
            t.row(row.statusClass(), Units.count(row.count()), Units.percent(row.share()),
                    Units.micros(row.latency().p50Micros()), Units.micros(row.latency().p99Micros()));
        }
        b.append('\n').append(t.render());
    }

    private static void keyed(StringBuilder b, String title, List<KeyedRow> rows, long merged, int max) {
        if (rows.isEmpty()) {
            return;
        }
        int shown = Math.min(TOP, rows.size());
        b.append('\n').append(title).append(rows.size() > shown ? " (top " + shown + " of " + rows.size() + " by requests; all in the JSON report)" : "")
                .append(": staging latency from send beside production, and their ratio\n");
        TextTable t = new TextTable("  ", 12).row(title.substring(0, title.length() - 1).toLowerCase(Locale.ROOT), "requests",
                "errors", "prod p50", "p50", "ratio", "prod p99", "p99", "ratio", "prod max", "max", "ratio");
        for (KeyedRow row : rows.subList(0, shown)) {
            Percentiles s = row.stagingFromSend();
            Percentiles p = row.production();
            ReplayReport.Ratios ratio = row.ratio();
            t.row(Units.printable(row.key(), MAX_KEY), Units.count(row.requests()), Units.count(row.errors()),
                    p == null ? "-" : Units.micros(p.p50Micros()), s.count() == 0 ? "-" : Units.micros(s.p50Micros()),
                    Units.ratio(ratio == null ? null : ratio.p50()),
                    p == null ? "-" : Units.micros(p.p99Micros()), s.count() == 0 ? "-" : Units.micros(s.p99Micros()),
                    Units.ratio(ratio == null ? null : ratio.p99()),
                    p == null ? "-" : Units.micros(p.maxMicros()), s.count() == 0 ? "-" : Units.micros(s.maxMicros()),
                    Units.ratio(ratio == null ? null : ratio.max()));
        }
        b.append(t.render());
        if (merged > 0) {
            b.append("  (only the first ").append(Units.count(max)).append(' ').append(title.toLowerCase(Locale.ROOT))
                    .append(" are tracked; ").append(Units.count(merged)).append(" requests of later ones are merged into (other))\n");
        }
    }

    private static void divergence(StringBuilder b, Divergence d) {
        b.append('\n');
        if (d.compared() == 0) {
            b.append("Status divergence: no recorded statuses to compare with\n");
            return;
        }
        b.append("Status divergence: ").append(Units.count(d.divergent())).append(" of ").append(Units.count(d.compared()))
                .append(" compared (").append(Units.percent(d.share())).append(")\n");
        if (d.kinds().isEmpty()) {
            return;
        }
        TextTable t = new TextTable("  ", 4, 3).row("kind", "count", "share", "examples");
        for (DivergenceKind k : d.kinds()) {
            t.row(k.kind(), Units.count(k.count()), Units.percent(k.share()),
                    String.join(" ", k.examples().stream().map(e -> Units.printable(e, MAX_KEY)).toList()));
        }
        b.append(t.render());
    }

    private static void timeline(StringBuilder b, ReplayReport.Timeline timeline) {
        List<MinuteRow> minutes = timeline.minutes();
        b.append('\n').append("Timeline: ").append(minutes.size()).append(minutes.size() == 1 ? " minute" : " minutes")
                .append(timeline.truncated() ? " (later minutes not kept)" : "").append('\n');
        if (!minutes.isEmpty() && minutes.size() <= MAX_MINUTE_ROWS) {
            TextTable t = new TextTable("  ", 7).row("minute", "requests", "per s", "errors", "p50", "p99", "lag p99");
            for (MinuteRow m : minutes) {
                t.row(Integer.toString(m.minute()), Units.count(m.requests()),
                        String.format(Locale.ROOT, "%.1f", m.throughputPerSecond()), Units.count(m.errors()),
                        Units.micros(m.p50Micros()), Units.micros(m.p99Micros()), Units.micros(m.sendLagP99Micros()));
            }
            b.append(t.render());
        } else if (!minutes.isEmpty()) {
            spread(b, "p99", minutes, MinuteRow::p99Micros);
            spread(b, "lag p99", minutes, MinuteRow::sendLagP99Micros);
            MinuteRow worstErrors = minutes.stream().max(java.util.Comparator.comparingDouble(MinuteRow::errorRate)).orElseThrow();
            b.append("  error rate per minute: worst ").append(Units.percent(worstErrors.errorRate()))
                    .append(" (minute ").append(worstErrors.minute()).append(")\n");
        }
        drift(b, timeline.p99());
        drift(b, timeline.errorRate());
        drift(b, timeline.sendLagP99());
    }

    /** For runs too long for a row per minute: the spread of a per-minute figure, and where it peaked. */
    private static void spread(StringBuilder b, String name, List<MinuteRow> minutes,
                               java.util.function.ToLongFunction<MinuteRow> value) {
        long[] v = minutes.stream().mapToLong(value).sorted().toArray();
        MinuteRow worst = minutes.stream().max(java.util.Comparator.comparingLong(value)).orElseThrow();
        b.append("  ").append(name).append(" per minute: min ").append(Units.micros(v[0]))
                .append(", median ").append(Units.micros(v[v.length / 2]))
                .append(", max ").append(Units.micros(v[v.length - 1])).append(" (minute ").append(worst.minute()).append(")\n");
    }

    private static void drift(StringBuilder b, Drift d) {
        b.append("  drift: ").append(d.flagged() ? "RISING: " : "").append(d.summary()).append('\n');
    }

    private static void shares(StringBuilder b, List<TenantShare> shares) {
        if (shares.isEmpty()) {
            return;
        }
        int shown = Math.min(TOP, shares.size());
        TextTable t = new TextTable("  ", 5).row("tenant", "captured", "intended", "sent", "requests");
        for (TenantShare s : shares.subList(0, shown)) {
            t.row(Units.printable(s.tenant(), MAX_KEY), share(s.capturedShare()), share(s.intendedShare()), share(s.sentShare()), Units.count(s.sent()));
        }
        b.append('\n').append("Tenant shares").append(shown < shares.size() ? " (top " + shown + " of " + shares.size()
                + "; all in the JSON report)" : "").append('\n').append(t.render());
    }

    private static String share(Double s) {
        return s == null ? "-" : Units.percent(s);
    }

    private static void thresholds(StringBuilder b, List<ThresholdResult> results) {
        if (results.isEmpty()) {
            return;
        }
        long crossed = results.stream().filter(ThresholdResult::crossed).count();
        b.append('\n').append("Thresholds: ").append(crossed == 0 ? "none crossed" : crossed + " of " + results.size() + " crossed").append('\n');
        TextTable t = new TextTable("  ", 3, 1).row("threshold", "result", "measured");
        for (ThresholdResult r : results) {
            t.row(r.expression(), r.crossed() ? "CROSSED" : "ok", r.actual() == null ? r.note() : measured(r));
        }
        b.append(t.render());
    }

    private static String measured(ThresholdResult r) {
        return switch (r.unit()) {
            case Threshold.MICROS -> Units.micros(r.actual());
            case Threshold.SHARE -> Units.percent(r.actual());
            case Threshold.RATIO -> String.format(Locale.ROOT, "%.3f", r.actual());
            case ResourceThreshold.BYTES_PER_HOUR -> dev.reprise.replay.report.internal.ByteSize.perHour(r.actual());
            default -> Units.count(Math.round(r.actual()));
        };
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
