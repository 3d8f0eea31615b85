package dev.reprise.replay.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.replay.report.IntervalTimeline.Bucket;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.replay.cli.ReportCommand;
import dev.reprise.report.html.Format;
import dev.reprise.testing.CommandRun;
import dev.reprise.testing.HeadlessChromium;
import dev.reprise.testing.HeadlessChromium.ChartState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The replay page as a browser draws it: headless Chromium opens the file the command wrote. */
class ReplayPageTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HeadlessChromium chromium;
    private static ReplayReport sample;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        sample = SampleReplays.threeMinutes(1.0, "p99>30ms", "errors>1%");
        chromium = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private Path render(ReplayReport report) throws Exception {
        Path json = dir.resolve("run.json");
        ReportJson.write(report, json);
        Path html = dir.resolve("run.html");
        CommandRun run = CommandRun.of(new ReportCommand(), json.toString(), "--html", html.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        chromium.open(html);
        return json;
    }

    private static Map<String, Integer> seriesByChart() {
        Map<String, Integer> m = new LinkedHashMap<>();
        chromium.charts().forEach(c -> m.put(c.id(), c.series()));
        return m;
    }

    @Test
    void drawsEveryChartOfAReplayWithItsSeriesAndLogsNoError() throws Exception {
        render(sample);

        assertThat(chromium.errors()).isEmpty();
        assertThat(seriesByChart()).containsExactly(
                Map.entry("latency-over-time", 5 + 3), // p50 … max, and production's p50, p99, p99.9
                Map.entry("rates", 3),                 // intended, sent, completed
                Map.entry("outcomes", 3),              // 2xx, 5xx, resets
                Map.entry("send-lag-over-time", 4),
                Map.entry("distribution", 3),          // from intended, from send, production
                Map.entry("tenant-p99", 2),
                Map.entry("tenant-p99-0", 1),          // small multiples: each tenant's p99 over time
                Map.entry("tenant-p99-1", 1),
                Map.entry("tenant-p99-2", 1),
                Map.entry("endpoint-p99", 2),
                Map.entry("endpoint-p99-0", 1),
                Map.entry("endpoint-p99-1", 1),
                Map.entry("endpoint-p99-2", 1),
                Map.entry("tenant-shares", 3));        // captured, intended, sent
        assertThat(chromium.charts()).allSatisfy(c -> {
            assertThat(c.canvas()).as(c.id()).isTrue();
            assertThat(c.ink()).as(c.id() + " drew").isGreaterThan(2000);
        });
        assertThat(chromium.evaluate("Array.from(document.querySelectorAll('section')).map(s => s.id).join(',')").asText())
                .isEqualTo("verdict,latency,rates,send-lag,distribution,keys,divergence,tenant-shares,fidelity");
        // The percentile axis is labelled in percentiles, one decade of 1/(1-p) per label.
        assertThat(chromium.evaluate("reprise.charts.distribution.axes[0]._values.filter(Boolean).join(' ')").asText())
                .isEqualTo("0% 90% 99% 99.9% 99.99% 99.999%");
        Screenshots.take(chromium, "report-replay.png");
    }

    @Test
    void showsTheNumbersOfTheJsonReport() throws Exception {
        Path jsonFile = render(sample);
        JsonNode json = JSON.readTree(Files.readString(jsonFile));

        assertThat(fact("requests")).isEqualTo(Format.of(dev.reprise.report.html.Unit.COUNT, json.at("/totals/requests").asLong()));
        assertThat(fact("latency p99")).isEqualTo(Format.micros(json.at("/latency/fromIntended/p99Micros").asLong()));
        assertThat(fact("production p99")).isEqualTo(Format.micros(json.at("/latency/production/p99Micros").asLong()));
        assertThat(fact("p99>30ms")).startsWith("crossed: ");
        assertThat(fact("errors>1%")).isEqualTo("held: 1.0%");

        List<List<String>> tenants = chromium.table("tenants");
        assertThat(tenants).extracting(r -> r.get(0)).containsExactly("acme", "beta", "gamma");
        for (int i = 0; i < 3; i++) {
            JsonNode row = json.at("/tenants/" + i);
            assertThat(tenants.get(i).get(1)).isEqualTo(String.format("%,d", row.path("requests").asLong()));
            assertThat(tenants.get(i).get(6)).isEqualTo(Format.micros(row.at("/staging/p99Micros").asLong()));
        }
        // The chart's p99 column is the report's per-second p99, point for point.
        JsonNode buckets = json.at("/series/intervals/buckets");
        JsonNode p99 = chromium.evaluate("reprise.charts['latency-over-time'].data[3]");
        assertThat(p99.size()).isEqualTo(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            assertThat(p99.get(i).asLong()).as("second " + i).isEqualTo(buckets.get(i).at("/fromIntended/p99").asLong());
        }
        // acme's small multiple: its p99 per second, 1 ms late + 20 ms, and 320 ms while every request was 300 ms late.
        JsonNode acme = chromium.evaluate("reprise.charts['tenant-p99-0'].data[1]");
        assertThat(chromium.evaluate("document.querySelector('[data-chart=\"tenant-p99-0\"] h3').textContent").asText())
                .isEqualTo("acme: p99 per second");
        assertThat(acme.get(50).asDouble()).isCloseTo(21_000, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(acme.get(105).asDouble()).isCloseTo(320_000, org.assertj.core.data.Percentage.withPercentage(1));
        JsonNode matrix = chromium.evaluate("Array.from(document.querySelectorAll('[data-table=\"divergence-matrix\"] td'))"
                + ".map(td => td.textContent)");
        assertThat(matrix.toString()).contains("\"200\"").contains("\"" + json.at("/statusDivergence/kinds/0/count").asLong() + "\"");
    }

    @Test
    void sortsTheTenantTableByAClickedColumn() throws Exception {
        render(sample);

        chromium.clickHeader("tenants", 6); // p99
        assertThat(chromium.table("tenants")).extracting(r -> r.get(0)).containsExactly("beta", "acme", "gamma");
        chromium.clickHeader("tenants", 6);
        assertThat(chromium.table("tenants")).extracting(r -> r.get(0)).containsExactly("gamma", "acme", "beta");
        chromium.clickHeader("tenants", 0);
        assertThat(chromium.table("tenants")).extracting(r -> r.get(0)).containsExactly("acme", "beta", "gamma");
    }

    @Test
    void rendersReportSectionsItHasNoDrawingForFromTheirFields() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree(ReportJson.toJson(sample));
        tree.putObject("fidelity").put("interArrivalKsDistance", 0.031).put("concurrencyP99Ratio", 1.04)
                .putArray("tenants").addObject().put("tenant", "acme").put("capturedShare", 0.5).put("sentShare", 0.49);
        tree.putObject("queueing").put("peakHeapBytes", 536_870_912L).put("cpuSeconds", 12.5);
        Path json = dir.resolve("newer.json");
        Files.writeString(json, tree.toString());
        Path html = dir.resolve("newer.html");

        CommandRun run = CommandRun.of(new ReportCommand(), json.toString(), "--html", html.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        chromium.open(html);

        assertThat(chromium.errors()).isEmpty();
        assertThat(fact("interArrivalKsDistance")).isEqualTo("0.031");
        assertThat(fact("peakHeapBytes")).isEqualTo("512.0 MB");
        assertThat(chromium.evaluate("document.querySelector('#queueing h2').textContent").asText()).isEqualTo("Queueing");
        assertThat(chromium.table("fidelity-0")).containsExactly(List.of("acme", "50.0%", "49.0%"));
    }

    @Test
    void aWeekOfTenMillionRequestsIsDrawnPerMinuteFromAPageOfAFewMegabytes() throws Exception {
        ReplayReport week = SampleReplays.aWeekOfTenMillion(sample);
        Path html = dir.resolve("week.html");
        ReplayPage.of(week).write(html);
        chromium.open(html);

        assertThat(chromium.errors()).isEmpty();
        assertThat(Files.size(html)).isLessThan(4L * 1024 * 1024);
        assertThat(chromium.evaluate("reprise.charts['latency-over-time'].data[0].length").asInt()).isEqualTo(7 * 24 * 60);
        // The one-minute spike of the fourth day survives: each bucket keeps its extremes.
        assertThat(chromium.evaluate("Math.max.apply(null, reprise.charts['latency-over-time'].data[5])").asLong())
                .isEqualTo(week.series().intervals().buckets().stream().mapToLong(b -> b.fromIntended().max()).max().orElseThrow());
        assertThat(chromium.charts()).allSatisfy(c -> assertThat(c.ink()).as(c.id()).isGreaterThan(2000));
    }

    @Test
    void aTimelineOfSecondsLongerThanTwoHoursIsDrawnPerMinuteKeepingEachMinutesWorst() {
        ReplayReport week = SampleReplays.aWeekOfTenMillion(sample);
        List<Bucket> seconds = new java.util.ArrayList<>();
        for (int s = 0; s < 3 * 3600; s++) {
            long p99 = s == 5000 ? 777_000 : 10_000;
            seconds.add(new Bucket(s, 1, 10, 10, 10, Map.of("2xx", 10L), Map.of(),
                    new dev.reprise.replay.report.IntervalTimeline.Spread(10, 1000, 2000, p99, p99, p99),
                    dev.reprise.replay.report.IntervalTimeline.Spread.EMPTY,
                    dev.reprise.replay.report.IntervalTimeline.Spread.EMPTY));
        }
        ReplayReport r = new ReplayReport(week.format(), week.run(), week.totals(), week.latency(), week.keepingUp(),
                week.statusClasses(), week.tracking(), week.endpoints(), week.tenants(), week.statusDivergence(),
                week.timeline(), week.tenantShares(), week.thresholds(), week.hlog(), week.warnings(),
                week.fidelity(), week.resources(), new dev.reprise.replay.report.ReplaySeries(new dev.reprise.replay.report.IntervalTimeline(1, false, 0, seconds),
                        week.series().curves()), week.sharding(), week.histograms());

        TimelineColumns t = TimelineColumns.of(r);

        assertThat(t.xs()).hasSize(180);
        assertThat(t.bucketName()).isEqualTo("minute");
        double[] p99 = t.latency().get(2).values();
        assertThat(p99[5000 / 60]).isEqualTo(777_000);
        assertThat(p99[0]).isEqualTo(10_000);
        assertThat(t.ratesChart().ys().get(0)[0]).isEqualTo(10.0);
    }

    private static String fact(String label) {
        return chromium.evaluate("(function () { var f = Array.from(document.querySelectorAll('.fact'))"
                + ".find(e => e.dataset.fact === " + JSON.valueToTree(label) + "); return f ? f.querySelector('.value').textContent : null; })()")
                .asText();
    }
}
