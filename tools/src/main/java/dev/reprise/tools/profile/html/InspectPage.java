package dev.reprise.tools.profile.html;

import dev.reprise.report.html.Block;
import dev.reprise.report.html.Chart;
import dev.reprise.report.html.Chart.XAxis;
import dev.reprise.report.html.Facts;
import dev.reprise.report.html.Facts.Fact;
import dev.reprise.report.html.Format;
import dev.reprise.report.html.HtmlPage;
import dev.reprise.report.html.Note;
import dev.reprise.report.html.Section;
import dev.reprise.report.html.Table;
import dev.reprise.report.html.Table.Column;
import dev.reprise.report.html.Unit;
import dev.reprise.tools.profile.JournalProfile;
import dev.reprise.tools.profile.JournalProfile.Endpoint;
import dev.reprise.tools.profile.JournalProfile.Tenant;
import dev.reprise.tools.profile.ProfileTimelines;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The HTML page of a capture's profile: requests per second and concurrency over the capture,
 * how requests spread over tenants (shares and a Lorenz curve), the endpoint mix and each
 * endpoint's latency, and the statuses. Latencies in the profile are milliseconds; the page's
 * unit is microseconds.
 */
public final class InspectPage {
    static final int TOP = 15;
    /** Windows of the charts over time: a capture of any length is drawn in at most this many. */
    public static final int MAX_WINDOWS = 480;

    private InspectPage() {
    }

    public static HtmlPage of(JournalProfile p, ProfileTimelines t) {
        String span = p.span().first() == null ? "no events" : p.span().first() + " → " + p.span().last();
        HtmlPage page = new HtmlPage("inspect", "Capture profile",
                String.join(", ", p.journals().stream().map(JournalProfile.Source::path).toList()) + " · " + span);
        page.add(overview(p));
        page.add(new Section("rates", "Requests per second", rates(t)));
        page.add(new Section("concurrency", "Concurrency", concurrency(p, t)));
        page.add(new Section("tenants", "Tenants", tenants(p)));
        page.add(new Section("endpoints", "Endpoints", endpoints(p)));
        page.add(new Section("statuses", "Statuses", statuses(p)));
        return page;
    }

    private static Section overview(JournalProfile p) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Facts(List.of(
                new Fact("span", Format.of(Unit.SECONDS, p.span().seconds()), "info"),
                new Fact("requests", Format.of(Unit.COUNT, p.events().requests()), "info"),
                new Fact("mean rate", Format.of(Unit.RATE, p.rate().mean()), "info"),
                new Fact("peak second", Format.of(Unit.COUNT, p.rate().peak()) + " requests", "info"),
                new Fact("connections opened", Format.of(Unit.COUNT, p.events().connectionsOpened()), "info"),
                new Fact("most open at once", Format.of(Unit.COUNT, p.concurrency().openConnections().max()), "info"),
                new Fact("most in flight", Format.of(Unit.COUNT, p.concurrency().inFlightRequests().max()), "info"),
                new Fact("latency p99", Format.micros(p.latency().p99Millis() * 1000), "info"),
                new Fact("tenants", Format.of(Unit.COUNT, p.tenants().count()), "info"),
                new Fact("tenant Gini", Format.of(Unit.NUMBER, p.tenants().gini()), "info"),
                new Fact("top 1% of tenants' share", Format.of(Unit.SHARE, p.tenants().top1PercentShare()), "info"))));
        for (String n : p.notes()) {
            blocks.add(new Note(n, "bad"));
        }
        return new Section("capture", "The capture", blocks);
    }

    private static double[] xs(ProfileTimelines t) {
        long origin = t.windows().isEmpty() ? 0 : t.windows().get(0).startSecond();
        return t.windows().stream().mapToDouble(w -> w.startSecond() - origin).toArray();
    }

    private static List<Block> rates(ProfileTimelines t) {
        double width = Math.max(1, t.widthSeconds());
        return List.of(Chart.builder("rps", "Requests per second: mean of each " + Format.of(Unit.SECONDS, width)
                                + " window, and its busiest second", XAxis.SECONDS, Unit.RATE).xs(xs(t))
                        .series("mean", "line", "#1f77b4", t.windows().stream().mapToDouble(w -> w.requests() / width).toArray())
                        .series("busiest second", "dashed", "#d62728",
                                t.windows().stream().mapToDouble(ProfileTimelines.Window::peakPerSecond).toArray())
                        .build());
    }

    private static List<Block> concurrency(JournalProfile p, ProfileTimelines t) {
        JournalProfile.Concurrency c = p.concurrency();
        return List.of(Chart.builder("concurrency", "Most connections open and requests in flight at once, per window",
                                XAxis.SECONDS, Unit.COUNT).xs(xs(t))
                        .series("open connections", "line", "#2ca02c",
                                t.windows().stream().mapToDouble(ProfileTimelines.Window::maxOpen).toArray())
                        .series("requests in flight", "line", "#ff7f0e",
                                t.windows().stream().mapToDouble(ProfileTimelines.Window::maxInFlight).toArray())
                        .build(),
                new Facts(List.of(
                        new Fact("open connections: mean / p99 / max", level(c.openConnections()), "info"),
                        new Fact("in flight: mean / p99 / max", level(c.inFlightRequests()), "info"),
                        new Fact("requests per connection p50 / p99",
                                Format.of(Unit.NUMBER, c.requestsPerConnection().p50()) + " / "
                                        + Format.of(Unit.NUMBER, c.requestsPerConnection().p99()), "info"))));
    }

    private static String level(JournalProfile.Level l) {
        return Format.of(Unit.NUMBER, l.mean()) + " / " + l.p99() + " / " + l.max();
    }

    private static List<Block> tenants(JournalProfile p) {
        List<Tenant> top = p.tenants().top();
        if (top.isEmpty()) {
            return List.of(Note.info("No request had a tenant: the capture's tenant rules matched nothing, or it had none."));
        }
        List<Tenant> shown = top.subList(0, Math.min(TOP, top.size()));
        List<Block> blocks = new ArrayList<>();
        blocks.add(Chart.builder("tenant-shares", "Share of requests, top tenants", XAxis.CATEGORY, Unit.SHARE)
                .categories(shown.stream().map(Tenant::tenant).toList())
                .series("share", "bars", "#1f77b4", shown.stream().mapToDouble(Tenant::share).toArray()).build());
        blocks.add(lorenz(top));
        List<List<Object>> rows = new ArrayList<>();
        for (Tenant tn : top) {
            rows.add(Arrays.asList(tn.tenant(), tn.requests(), tn.share()));
        }
        blocks.add(new Table("tenants", "Tenants, most requests first", List.of(new Column("tenant", Unit.TEXT),
                new Column("requests", Unit.COUNT), new Column("share", Unit.SHARE)), rows));
        if (p.tenants().untenantedRequests() > 0) {
            blocks.add(Note.info(Format.of(Unit.COUNT, p.tenants().untenantedRequests()) + " requests had no tenant."));
        }
        return blocks;
    }

    /**
     * The Lorenz curve of requests over the listed tenants: tenants from least to most requests on
     * x, the cumulative share of requests on y. The diagonal is an even spread.
     */
    static Chart lorenz(List<Tenant> tenants) {
        long[] counts = tenants.stream().mapToLong(Tenant::requests).sorted().toArray();
        long total = Arrays.stream(counts).sum();
        double[] xs = new double[counts.length + 1];
        double[] ys = new double[counts.length + 1];
        double[] even = new double[counts.length + 1];
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            xs[i + 1] = (i + 1.0) / counts.length;
            ys[i + 1] = total == 0 ? 0 : (double) cumulative / total;
            even[i + 1] = xs[i + 1];
        }
        return Chart.builder("tenant-lorenz", "Lorenz curve over the " + counts.length
                                + " busiest tenants: share of their requests made by the least busy x share of them",
                        XAxis.SHARE, Unit.SHARE).xs(xs)
                .series("requests", "line", "#1f77b4", ys)
                .series("even spread", "dashed", "#999999", even).build();
    }

    private static List<Block> endpoints(JournalProfile p) {
        List<Endpoint> all = p.endpoints();
        if (all.isEmpty()) {
            return List.of(Note.info("No requests."));
        }
        List<Endpoint> shown = all.subList(0, Math.min(TOP, all.size()));
        List<String> names = shown.stream().map(Endpoint::endpoint).toList();
        List<List<Object>> rows = new ArrayList<>();
        for (Endpoint e : all) {
            rows.add(Arrays.asList(e.endpoint(), e.requests(), e.share(), Math.round(e.p50Millis() * 1000),
                    Math.round(e.p99Millis() * 1000), e.meanResponseBytes(), e.serverErrorShare()));
        }
        return List.of(
                Chart.builder("endpoint-mix", "Share of requests, top endpoints", XAxis.CATEGORY, Unit.SHARE)
                        .categories(names).series("share", "bars", "#1f77b4", shown.stream().mapToDouble(Endpoint::share).toArray())
                        .build(),
                Chart.builder("endpoint-latency", "Latency by endpoint", XAxis.CATEGORY, Unit.MICROS).categories(names)
                        .series("p99", "bars", "#ff7f0e", shown.stream().mapToDouble(e -> e.p99Millis() * 1000).toArray())
                        .series("p50", "bars", "#1f77b4", shown.stream().mapToDouble(e -> e.p50Millis() * 1000).toArray())
                        .build(),
                new Table("endpoints", "Endpoints, most requests first", List.of(new Column("endpoint", Unit.TEXT),
                        new Column("requests", Unit.COUNT), new Column("share", Unit.SHARE), new Column("p50", Unit.MICROS),
                        new Column("p99", Unit.MICROS), new Column("mean response", Unit.BYTES),
                        new Column("5xx share", Unit.SHARE)), rows));
    }

    private static List<Block> statuses(JournalProfile p) {
        Map<String, Long> classes = p.statuses().classes();
        long total = classes.values().stream().mapToLong(Long::longValue).sum();
        List<String> names = new ArrayList<>(classes.keySet());
        List<Block> blocks = new ArrayList<>();
        if (!names.isEmpty()) {
            blocks.add(Chart.builder("status-mix", "Responses by status class", XAxis.CATEGORY, Unit.SHARE).categories(names)
                    .series("share", "bars", "#2ca02c", names.stream().mapToDouble(n -> total == 0 ? 0 : (double) classes.get(n) / total).toArray())
                    .build());
        }
        List<List<Object>> rows = new ArrayList<>();
        p.statuses().top().forEach(s -> rows.add(Arrays.asList(String.valueOf(s.status()), s.responses(), s.share())));
        blocks.add(new Table("statuses", "Statuses", List.of(new Column("status", Unit.TEXT), new Column("responses", Unit.COUNT),
                new Column("share", Unit.SHARE)), rows));
        List<Fact> outcomes = new ArrayList<>();
        p.statuses().outcomes().forEach((k, v) -> outcomes.add(new Fact(k, Format.of(Unit.COUNT, v), "info")));
        if (!outcomes.isEmpty()) {
            blocks.add(new Facts(outcomes));
        }
        return blocks;
    }
}
