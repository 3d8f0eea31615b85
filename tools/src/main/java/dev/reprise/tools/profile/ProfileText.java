package dev.reprise.tools.profile;

import dev.reprise.format.DurationText;
import dev.reprise.format.DurationText;
import dev.reprise.format.TimeSpec;
import dev.reprise.format.TimeSpec;
import dev.reprise.cli.TextTable;
import dev.reprise.cli.Units;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link JournalProfile} as a report for people: sections, aligned columns, units and bars. */
public final class ProfileText {
    private static final int BAR = 28;

    private ProfileText() {
    }

    public static void print(JournalProfile p, PrintWriter out) {
        header(p, out);
        if (p.span().firstNanos() == null) {
            out.println();
            out.println("No events in the window read.");
            notes(p, out);
            out.flush();
            return;
        }
        rate(p, out);
        concurrency(p, out);
        latency(p, out);
        tenants(p, out);
        endpoints(p, out);
        statuses(p, out);
        bytes(p, out);
        notes(p, out);
        out.flush();
    }

    private static void header(JournalProfile p, PrintWriter out) {
        int n = p.journals().size();
        out.println("Capture profile" + (n > 1 ? " of " + n + " journals, merged" : ""));
        TextTable t = new TextTable("  ", 2, 1);
        for (JournalProfile.Source s : p.journals()) {
            StringBuilder d = new StringBuilder(s.path()).append("  (writer ").append(s.writerId())
                    .append(", format ").append(s.format())
                    .append(", body cap ").append(s.bodyCapBytes() == Integer.MAX_VALUE ? "none" : Units.bytes(s.bodyCapBytes()));
            if (s.sampleRate() < 1) {
                d.append(", sampled ").append(Units.roundedPercent(s.sampleRate()));
            }
            if (s.redacted()) {
                d.append(", redacted");
            }
            d.append(", tenant ").append(s.tenantRules().isEmpty() ? "rules: none" : (s.tenantRules().size() == 1
                    ? "rule " : "rules ") + String.join(", ", s.tenantRules())).append(')');
            t.row("journal", d.toString());
        }
        JournalProfile.Span span = p.span();
        if (span.firstNanos() != null) {
            t.row("span", Units.time(span.firstNanos()) + " → " + Units.time(span.lastNanos()) + " UTC  ("
                    + DurationText.human(span.lastNanos() - span.firstNanos()) + ")");
        }
        JournalProfile.Events e = p.events();
        t.row("events", Units.count(e.total()) + ":  " + Units.count(e.connectionsOpened()) + " opened · "
                + Units.count(e.requests()) + " requests · " + Units.count(e.responses()) + " responses · "
                + Units.count(e.connectionsClosed()) + " closed"
                + (e.upgrades() > 0 ? " · " + Units.count(e.upgrades()) + " upgrades" : ""));
        t.print(out);
    }

    private static void rate(JournalProfile p, PrintWriter out) {
        JournalProfile.Rate r = p.rate();
        out.println();
        out.println("Requests per second");
        out.println("  mean " + Units.decimal(r.mean()) + "/s   peak " + Units.count(r.peak()) + "/s"
                + (r.peakAt() == null ? "" : " at " + Units.timeToSecond(TimeSpec.nanos(Instant.parse(r.peakAt()))) + " UTC")
                + (r.mean() > 0 ? String.format(Locale.ROOT, "   (peak/mean %.1f×)", r.peak() / r.mean()) : ""));
        if (r.timeline().isEmpty()) {
            return;
        }
        double top = 0;
        for (JournalProfile.Window w : r.timeline()) {
            top = Math.max(top, w.meanPerSecond());
        }
        TextTable t = new TextTable("  ", 5, 4);
        t.row("window (" + DurationText.human(r.windowSeconds() * 1_000_000_000L) + ")", "requests", "mean/s",
                "peak/s", "");
        for (JournalProfile.Window w : r.timeline()) {
            long start = TimeSpec.nanos(Instant.parse(w.start()));
            t.row(r.windowSeconds() < 60 ? Units.timeToSecond(start) : Units.timeToMinute(start),
                    Units.count(w.requests()), Units.decimal(w.meanPerSecond()), Units.count(w.peakPerSecond()),
                    TextTable.bar(top == 0 ? 0 : w.meanPerSecond() / top, BAR));
        }
        t.print(out);
    }

    private static void concurrency(JournalProfile p, PrintWriter out) {
        JournalProfile.Concurrency c = p.concurrency();
        out.println();
        TextTable t = new TextTable("  ", 5, 4);
        t.heading("Concurrency", "mean", "p99", "max", "");
        t.row("open connections", Units.decimal(c.openConnections().mean()), Units.count(c.openConnections().p99()),
                Units.count(c.openConnections().max()), "");
        t.row("in-flight requests", Units.decimal(c.inFlightRequests().mean()),
                Units.count(c.inFlightRequests().p99()), Units.count(c.inFlightRequests().max()), "");
        JournalProfile.Distribution rpc = c.requestsPerConnection();
        if (rpc.count() > 0) {
            t.row("requests/connection", Units.decimal(rpc.mean()), Units.decimal(rpc.p99()), Units.decimal(rpc.max()),
                    "over " + Units.count(rpc.count()) + " closed connections");
        }
        JournalProfile.Distribution life = c.connectionSeconds();
        if (life.count() > 0) {
            t.row("connection lifetime", seconds(life.mean()), seconds(life.p99()), seconds(life.max()), "");
        }
        t.print(out);
        out.println("  (levels are time-weighted; in flight = first request byte to last response byte)");
    }

    private static String seconds(double s) {
        return DurationText.human((long) (s * 1e9));
    }

    private static void latency(JournalProfile p, PrintWriter out) {
        JournalProfile.Latency l = p.latency();
        if (l.count() == 0) {
            return;
        }
        out.println();
        out.println("Latency, first request byte to last response byte, over " + Units.count(l.count()) + " exchanges");
        out.println("  p50 " + millis(l.p50Millis()) + "   p90 " + millis(l.p90Millis()) + "   p99 "
                + millis(l.p99Millis()) + "   p99.9 " + millis(l.p999Millis()) + "   max " + millis(l.maxMillis()));
    }

    private static String millis(double ms) {
        return Units.shortLatency(Math.round(ms * 1e3));
    }

    private static void tenants(JournalProfile p, PrintWriter out) {
        JournalProfile.Tenants t = p.tenants();
        out.println();
        if (t.count() == 0) {
            out.println("Tenants  none found" + (p.events().requests() > 0 ? " (every request is \"unknown\": "
                    + "check the capture's tenant rules)" : ""));
            return;
        }
        out.println("Tenants  " + Units.count(t.count()) + (t.capped() ? "+" : "") + " · Gini "
                + String.format(Locale.ROOT, "%.2f", t.gini()) + " · top 1% (" + Units.count(t.top1PercentTenants())
                + (t.top1PercentTenants() == 1 ? " tenant" : " tenants") + ") send "
                + Units.roundedPercent(t.top1PercentShare()) + " of tenant requests");
        TextTable table = new TextTable("  ", 4, 3);
        double top = t.top().isEmpty() ? 0 : t.top().get(0).share();
        for (JournalProfile.Tenant row : t.top()) {
            table.row(row.tenant(), Units.count(row.requests()), Units.roundedPercent(row.share()),
                    TextTable.bar(top == 0 ? 0 : row.share() / top, BAR));
        }
        if (t.count() > t.top().size()) {
            long shown = 0;
            double shownShare = 0;
            for (JournalProfile.Tenant row : t.top()) {
                shown += row.requests();
                shownShare += row.share();
            }
            long rest = Math.round((p.events().requests() - t.untenantedRequests()) - shown);
            table.row("(" + Units.count(t.count() - t.top().size()) + " more)", Units.count(Math.max(0, rest)),
                    Units.roundedPercent(Math.max(0, 1 - shownShare)), "");
        }
        table.print(out);
        if (t.untenantedRequests() > 0) {
            out.println("  no tenant: " + Units.count(t.untenantedRequests()) + " requests ("
                    + Units.roundedPercent(t.untenantedRequests() / (double) p.events().requests()) + " of all)");
        }
    }

    private static void endpoints(JournalProfile p, PrintWriter out) {
        if (p.endpoints().isEmpty()) {
            return;
        }
        out.println();
        TextTable t = new TextTable("  ", 7);
        t.heading("Endpoints", "requests", "share", "p50", "p99", "resp. size", "5xx");
        for (JournalProfile.Endpoint e : p.endpoints()) {
            boolean timed = e.p99Millis() > 0;
            t.row(e.endpoint(), Units.count(e.requests()), Units.roundedPercent(e.share()), timed ? millis(e.p50Millis()) : "-",
                    timed ? millis(e.p99Millis()) : "-", Units.bytes(e.meanResponseBytes()), Units.roundedPercent(e.serverErrorShare()));
        }
        t.print(out);
    }

    private static void statuses(JournalProfile p, PrintWriter out) {
        JournalProfile.Statuses s = p.statuses();
        long responses = p.events().responses();
        if (responses == 0) {
            return;
        }
        out.println();
        StringBuilder classes = new StringBuilder("Statuses ");
        for (Map.Entry<String, Long> c : s.classes().entrySet()) {
            classes.append("  ").append(c.getKey()).append(' ').append(Units.roundedPercent(c.getValue() / (double) responses));
        }
        out.println(classes);
        TextTable t = new TextTable("  ", 3);
        List<JournalProfile.Status> top = s.top();
        for (JournalProfile.Status row : top.subList(0, Math.min(12, top.size()))) {
            t.row(String.valueOf(row.status()), Units.count(row.responses()), Units.roundedPercent(row.share()));
        }
        t.print(out);
        if (s.outcomes().size() > 1 || !s.outcomes().containsKey("COMPLETE")) {
            StringBuilder o = new StringBuilder("  outcomes:");
            for (Map.Entry<String, Long> e : s.outcomes().entrySet()) {
                o.append(' ').append(e.getKey().toLowerCase(Locale.ROOT).replace('_', ' ')).append(' ')
                        .append(Units.count(e.getValue())).append(" ·");
            }
            out.println(o.substring(0, o.length() - 2));
        }
    }

    private static void bytes(JournalProfile p, PrintWriter out) {
        out.println();
        TextTable t = new TextTable("  ", 6);
        t.heading("Bodies", "total", "mean per message", "max", "stored", "truncated");
        body(t, "requests", p.bytes().requestBodies());
        body(t, "responses", p.bytes().responseBodies());
        t.print(out);
    }

    private static void body(TextTable t, String name, JournalProfile.BodyBytes b) {
        t.row(name, Units.bytes(b.total()), Units.bytes(b.mean()), Units.bytes(b.max()), Units.bytes(b.stored()),
                Units.count(b.truncated()) + (b.count() == 0 ? "" : " (" + Units.roundedPercent(b.truncated() / (double) b.count()) + ")"));
    }

    private static void notes(JournalProfile p, PrintWriter out) {
        if (p.notes().isEmpty()) {
            return;
        }
        out.println();
        for (String n : p.notes()) {
            out.println("note: " + n);
        }
    }
}
