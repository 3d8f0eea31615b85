package dev.reprise.replay.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.replay.report.IntervalTimeline;
import dev.reprise.replay.report.KeySeries;
import dev.reprise.replay.report.LatencyCurves;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.ThresholdResult;
import dev.reprise.report.html.Block;
import dev.reprise.report.html.Chart;
import dev.reprise.report.html.Chart.XAxis;
import dev.reprise.report.html.Facts;
import dev.reprise.report.html.Facts.Fact;
import dev.reprise.report.html.Format;
import dev.reprise.report.html.HtmlPage;
import dev.reprise.report.html.JsonBlocks;
import dev.reprise.report.html.Note;
import dev.reprise.report.html.Section;
import dev.reprise.report.html.Table;
import dev.reprise.report.html.Table.Column;
import dev.reprise.report.html.Unit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML page of one replay report: the verdict, latency, rates and send lag over time,
 * distribution curves against production, tenants and endpoints, status divergence, tenant shares,
 * and every section of the report this page has no drawing of its own for (fidelity first).
 */
public final class ReplayPage {
    /** Top-level report fields drawn by a section of their own; any other field gets a generic one. */
    private static final Set<String> DRAWN = Set.of("format", "run", "totals", "latency", "keepingUp", "statusClasses",
            "tracking", "endpoints", "tenants", "statusDivergence", "timeline", "tenantShares", "thresholds", "hlog",
            "warnings", "series");
    static final int TOP_KEYS = 12;

    private ReplayPage() {
    }

    /**
     * @param report the report
     * @param tree   the same report as JSON, which may carry sections this build does not model
     */
    public static HtmlPage of(ReplayReport report, JsonNode tree) {
        ReplayReport.Run run = report.run();
        HtmlPage page = new HtmlPage("replay", "Replay report",
                String.join(", ", run.journals()) + " → " + String.join(", ", run.targets()) + " · started "
                        + run.startedAt() + " · " + Format.of(Unit.SECONDS, run.durationSeconds()));
        TimelineColumns t = TimelineColumns.of(report);
        page.add(verdict(report));
        page.add(Section.of("latency", "Latency over time", latencyChart(t)));
        page.add(Section.of("rates", "Rates", t.ratesChart(), t.outcomesChart()));
        page.add(new Section("send-lag", "Send lag", sendLag(report, t)));
        page.add(new Section("distribution", "Latency distribution", curves(report)));
        page.add(new Section("keys", "Tenants and endpoints", keys(report)));
        page.add(new Section("divergence", "Status divergence", Divergence.blocks(report.statusDivergence())));
        page.add(new Section("tenant-shares", "Tenant shares", shares(report)));
        page.add(new Section("fidelity", "Fidelity", tree != null && tree.hasNonNull("fidelity")
                ? JsonBlocks.of("fidelity", tree.get("fidelity"))
                : List.of(Note.info("This report measures no fidelity section."))));
        if (tree != null) {
            for (Map.Entry<String, JsonNode> f : tree.properties()) {
                if (!DRAWN.contains(f.getKey()) && !f.getKey().equals("fidelity") && !f.getValue().isNull()) {
                    page.add(new Section(f.getKey(), title(f.getKey()), JsonBlocks.of(f.getKey(), f.getValue())));
                }
            }
        }
        return page;
    }

    static String title(String key) {
        String spaced = key.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    private static Section verdict(ReplayReport r) {
        List<Fact> facts = new ArrayList<>();
        if (r.thresholds().isEmpty()) {
            facts.add(new Fact("thresholds", "none given", "info"));
        }
        for (ThresholdResult th : r.thresholds()) {
            String actual = th.actual() == null ? (th.note() == null ? "nothing measured" : th.note())
                    : value(th.unit(), th.actual());
            facts.add(new Fact(th.expression(), (th.crossed() ? "crossed: " : "held: ") + actual, th.crossed() ? "bad" : "good"));
        }
        facts.add(new Fact("replayer kept up", r.keepingUp().replayerBehind() ? "no" : "yes",
                r.keepingUp().replayerBehind() ? "bad" : "good"));
        facts.add(new Fact("requests", Format.of(Unit.COUNT, r.totals().requests()), "info"));
        facts.add(new Fact("throughput", Format.of(Unit.RATE, r.totals().throughputPerSecond()), "info"));
        facts.add(new Fact("errors (no response)", Format.of(Unit.COUNT, r.totals().errors()) + " ("
                + Format.of(Unit.SHARE, r.totals().errorRate()) + ")", r.totals().errors() > 0 ? "bad" : "info"));
        facts.add(new Fact("status divergence", Format.of(Unit.SHARE, r.statusDivergence().share()),
                r.statusDivergence().divergent() > 0 ? "bad" : "info"));
        facts.add(new Fact("latency p99", Format.micros(r.latency().fromIntended().p99Micros()), "info"));
        facts.add(new Fact("production p99", r.latency().production().count() == 0 ? "unknown"
                : Format.micros(r.latency().production().p99Micros()), "info"));
        facts.add(new Fact("duration", Format.of(Unit.SECONDS, r.run().durationSeconds())
                + (r.run().endedEarly() ? " (ended early)" : ""), r.run().endedEarly() ? "bad" : "info"));
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Facts(facts));
        blocks.add(new Note(r.keepingUp().verdict(), r.keepingUp().replayerBehind() ? "bad" : "good"));
        for (String w : r.warnings()) {
            blocks.add(new Note("Warning: " + w, "bad"));
        }
        List<List<Object>> controls = new ArrayList<>();
        r.run().controls().forEach((k, v) -> controls.add(Arrays.asList(k, String.valueOf(v))));
        blocks.add(new Table("controls", "The run's controls", List.of(new Column("option", Unit.TEXT),
                new Column("value", Unit.TEXT)), controls));
        return new Section("verdict", "Verdict", blocks);
    }

    private static String value(String unit, double v) {
        return switch (unit) {
            case "micros" -> Format.micros(v);
            case "share" -> Format.of(Unit.SHARE, v);
            default -> Format.of(Unit.COUNT, v);
        };
    }

    private static Chart latencyChart(TimelineColumns t) {
        Chart.Builder c = Chart.builder("latency-over-time", "Latency from intended send per " + t.bucketName()
                        + ", production's (dashed) for the same requests", XAxis.SECONDS, Unit.MICROS)
                .xs(t.xs()).logY();
        for (TimelineColumns.Percentile p : t.latency()) {
            c.series(p.label(), "line", p.color(), p.values());
        }
        for (TimelineColumns.Percentile p : t.production()) {
            c.series("production " + p.label(), "dashed", p.color(), p.values());
        }
        return c.build();
    }

    private static List<Block> sendLag(ReplayReport r, TimelineColumns t) {
        Chart.Builder c = Chart.builder("send-lag-over-time", "Send lag per " + t.bucketName(), XAxis.SECONDS, Unit.MICROS)
                .xs(t.xs()).logY();
        for (TimelineColumns.Percentile p : t.sendLag()) {
            c.series(p.label(), "line", p.color(), p.values());
        }
        c.mark("lag threshold " + Format.micros(r.keepingUp().lagThresholdMicros()), r.keepingUp().lagThresholdMicros());
        ReplayReport.Drift drift = r.timeline().sendLagP99();
        return List.of(c.build(), new Note("Drift of the per-minute send-lag p99: " + drift.verdict() + ". " + drift.summary(),
                drift.flagged() ? "bad" : "info"));
    }

    private static List<Block> curves(ReplayReport r) {
        LatencyCurves curves = r.series() == null ? null : r.series().curves();
        List<Double> ps;
        List<List<Long>> lines = new ArrayList<>();
        if (curves != null) {
            ps = curves.percentiles();
            lines.add(curves.fromIntended());
            lines.add(curves.fromSend());
            lines.add(curves.production());
        } else {
            // Reports from before the curves were kept: the few percentiles the summary has.
            ps = List.of(50.0, 75.0, 90.0, 95.0, 99.0, 99.9);
            lines.add(points(r.latency().fromIntended()));
            lines.add(points(r.latency().fromSend()));
            lines.add(points(r.latency().production()));
        }
        double[] xs = new double[ps.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = 100 / (100 - ps.get(i));
        }
        Chart.Builder c = Chart.builder("distribution", "Latency by percentile (log 1/(1−p) axis)", XAxis.PERCENTILE, Unit.MICROS)
                .xs(xs).logY();
        String[] labels = {"staging from intended send", "staging from actual send", "production"};
        String[] styles = {"line", "line", "dashed"};
        String[] colors = {"#1f77b4", "#2ca02c", "#555555"};
        for (int i = 0; i < 3; i++) {
            List<Long> line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            double[] ys = new double[xs.length];
            for (int j = 0; j < ys.length; j++) {
                ys[j] = line.get(j) <= 0 ? Double.NaN : line.get(j);
            }
            c.series(labels[i], styles[i], colors[i], ys);
        }
        for (ThresholdResult th : r.thresholds()) {
            if ("micros".equals(th.unit())) {
                c.mark("SLA " + th.expression(), th.limit());
            }
        }
        return List.of(c.build());
    }

    private static List<Long> points(Percentiles p) {
        if (p == null || p.count() == 0) {
            return List.of();
        }
        return List.of(p.p50Micros(), p.p75Micros(), p.p90Micros(), p.p95Micros(), p.p99Micros(), p.p999Micros());
    }

    private static List<Block> keys(ReplayReport r) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(keyChart("tenant-p99", "p99 of the top tenants: staging from actual send, production", r.tenants()));
        blocks.addAll(smallMultiples("tenant", r.series() == null ? List.of() : r.series().tenants()));
        blocks.add(keyTable("tenants", "Tenants", r.tenants()));
        blocks.add(keyChart("endpoint-p99", "p99 of the top endpoints: staging from actual send, production", r.endpoints()));
        blocks.addAll(smallMultiples("endpoint", r.series() == null ? List.of() : r.series().endpoints()));
        blocks.add(keyTable("endpoints", "Endpoints", r.endpoints()));
        ReplayReport.Tracking tr = r.tracking();
        if (tr.endpointRequestsMerged() > 0 || tr.tenantRequestsMerged() > 0) {
            blocks.add(Note.info("Beyond " + tr.maxTenants() + " tenants and " + tr.maxEndpoints() + " endpoints, requests are"
                    + " merged into (other): " + tr.tenantRequestsMerged() + " tenant and " + tr.endpointRequestsMerged()
                    + " endpoint requests."));
        }
        return blocks;
    }

    /** p99 over time of each of the busiest keys, one small chart each, on a shared time axis. */
    private static List<Block> smallMultiples(String kind, List<KeySeries> series) {
        List<Block> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            KeySeries k = series.get(i);
            double[] xs = new double[k.p99Micros().size()];
            double[] ys = new double[xs.length];
            for (int j = 0; j < xs.length; j++) {
                xs[j] = j * k.pointSeconds();
                Long v = k.p99Micros().get(j);
                ys[j] = v == null ? Double.NaN : v;
            }
            String per = k.pointSeconds() == 1 ? "second" : Format.of(Unit.SECONDS, k.pointSeconds());
            out.add(Chart.builder(kind + "-p99-" + i, k.key() + ": p99 per " + per,
                    XAxis.SECONDS, Unit.MICROS).small().xs(xs).series("p99", "line", "#ff7f0e", ys).build());
        }
        return out;
    }

    private static Chart keyChart(String id, String title, List<KeyedRow> rows) {
        List<KeyedRow> top = rows.subList(0, Math.min(TOP_KEYS, rows.size()));
        double[] staging = new double[top.size()];
        double[] production = new double[top.size()];
        for (int i = 0; i < top.size(); i++) {
            staging[i] = top.get(i).stagingFromSend().p99Micros();
            production[i] = top.get(i).production() == null ? Double.NaN : top.get(i).production().p99Micros();
        }
        return Chart.builder(id, title, XAxis.CATEGORY, Unit.MICROS)
                .categories(top.stream().map(KeyedRow::key).toList())
                .series("production p99", "bars", "#999999", production)
                .series("staging p99", "bars", "#1f77b4", staging).build();
    }

    static Table keyTable(String id, String title, List<KeyedRow> rows) {
        List<Column> columns = List.of(new Column("key", Unit.TEXT), new Column("requests", Unit.COUNT),
                new Column("errors", Unit.COUNT), new Column("error share", Unit.SHARE),
                new Column("divergent", Unit.COUNT), new Column("p50", Unit.MICROS), new Column("p99", Unit.MICROS),
                new Column("production p50", Unit.MICROS), new Column("production p99", Unit.MICROS),
                new Column("p99 ÷ production", Unit.RATIO));
        List<List<Object>> out = new ArrayList<>();
        for (KeyedRow k : rows) {
            Percentiles prod = k.production();
            out.add(Arrays.asList(k.key(), k.requests(), k.errors(),
                    k.requests() == 0 ? null : (double) k.errors() / k.requests(), k.divergent(),
                    k.staging().count() == 0 ? null : k.staging().p50Micros(),
                    k.staging().count() == 0 ? null : k.staging().p99Micros(),
                    prod == null || prod.count() == 0 ? null : prod.p50Micros(),
                    prod == null || prod.count() == 0 ? null : prod.p99Micros(),
                    k.ratio() == null ? null : k.ratio().p99()));
        }
        return new Table(id, title, columns, out);
    }

    private static List<Block> shares(ReplayReport r) {
        if (r.tenantShares().isEmpty()) {
            long total = r.tenants().stream().mapToLong(KeyedRow::requests).sum();
            List<KeyedRow> top = r.tenants().subList(0, Math.min(TOP_KEYS, r.tenants().size()));
            double[] sent = top.stream().mapToDouble(k -> total == 0 ? 0 : (double) k.requests() / total).toArray();
            return List.of(Chart.builder("tenant-shares", "Share of requests sent per tenant", XAxis.CATEGORY, Unit.SHARE)
                            .categories(top.stream().map(KeyedRow::key).toList())
                            .series("sent", "bars", "#1f77b4", sent).build(),
                    Note.info("The run was not amplified per tenant, so there is no captured or intended share to compare with."));
        }
        List<ReplayReport.TenantShare> top = r.tenantShares().subList(0, Math.min(TOP_KEYS * 2, r.tenantShares().size()));
        return List.of(Chart.builder("tenant-shares", "Captured, intended and sent share per tenant", XAxis.CATEGORY, Unit.SHARE)
                .categories(top.stream().map(ReplayReport.TenantShare::tenant).toList())
                .series("captured", "bars", "#aaaaaa", top.stream().mapToDouble(s -> nan(s.capturedShare())).toArray())
                .series("intended", "bars", "#ff7f0e", top.stream().mapToDouble(s -> nan(s.intendedShare())).toArray())
                .series("sent", "bars", "#1f77b4", top.stream().mapToDouble(s -> nan(s.sentShare())).toArray())
                .build());
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** The page of a report this run made: its JSON form carries whatever sections the report has. */
    public static HtmlPage of(ReplayReport report) {
        try {
            return of(report, TREE.readTree(ReportJson.toJson(report)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the report's own JSON could not be read back", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper TREE = new com.fasterxml.jackson.databind.ObjectMapper();
}
