package dev.reprise.replay.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.replay.cli.CompareCommand;
import dev.reprise.replay.report.ReportJson;
import dev.reprise.testing.CommandRun;
import dev.reprise.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ComparePageTest {
    private static HeadlessChromium chromium;

    @TempDir
    static Path dir;

    private static JsonNode first;
    private static JsonNode second;

    @BeforeAll
    static void compareTwoRuns() throws Exception {
        Path a = dir.resolve("as-captured.json");
        Path b = dir.resolve("slower.json");
        ReportJson.write(SampleReplays.threeMinutes(1.0), a);
        ReportJson.write(SampleReplays.threeMinutes(2.5), b);
        first = new ObjectMapper().readTree(Files.readString(a));
        second = new ObjectMapper().readTree(Files.readString(b));
        Path html = dir.resolve("compare.html");
        CommandRun run = CommandRun.of(new CompareCommand(), a.toString(), b.toString(), "--names", "as-captured,slower",
                "--html", html.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        chromium = HeadlessChromium.start(1280, 900);
        chromium.open(html);
        Screenshots.take(chromium, "report-compare.png");
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void overlaysTheRunsOnEveryChartWithoutAnError() {
        assertThat(chromium.errors()).isEmpty();
        Map<String, Integer> series = new LinkedHashMap<>();
        chromium.charts().forEach(c -> series.put(c.id(), c.series()));
        assertThat(series).containsExactly(
                Map.entry("p99-over-time", 4), // each run, and each run's production dashed
                Map.entry("throughput-over-time", 2),
                Map.entry("errors-over-time", 2),
                Map.entry("send-lag-over-time", 2),
                Map.entry("distribution", 2));
        assertThat(chromium.charts()).allSatisfy(c -> assertThat(c.ink()).as(c.id()).isGreaterThan(2000));
    }

    @Test
    void tabulatesEachRunAndItsChangeAgainstTheFirst() {
        List<List<String>> runs = chromium.table("runs");
        assertThat(runs).extracting(r -> r.get(0)).containsExactly("as-captured", "slower");
        assertThat(runs.get(1).get(1)).isEqualTo(String.format(Locale.ROOT, "%,d", second.at("/totals/requests").asLong()));

        List<List<String>> deltas = chromium.table("deltas");
        assertThat(deltas).hasSize(1);
        double p99Ratio = second.at("/latency/fromIntended/p99Micros").asDouble() / first.at("/latency/fromIntended/p99Micros").asDouble();
        assertThat(deltas.get(0).get(3)).isEqualTo(String.format(Locale.ROOT, "%.2f×", p99Ratio));
    }

    @Test
    void sortsTheRunsTable() {
        chromium.clickHeader("runs", 7); // p99, ascending
        assertThat(chromium.table("runs")).extracting(r -> r.get(0)).containsExactly("as-captured", "slower");
        chromium.clickHeader("runs", 7);
        assertThat(chromium.table("runs")).extracting(r -> r.get(0)).containsExactly("slower", "as-captured");
    }
}
