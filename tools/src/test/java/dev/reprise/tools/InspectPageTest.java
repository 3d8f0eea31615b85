package dev.reprise.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code inspect --html}: the capture's page as headless Chromium draws it. */
class InspectPageTest {
    @TempDir
    static Path dir;

    private static HeadlessChromium chromium;
    private static JsonNode profile;

    @BeforeAll
    static void inspectAGeneratedCapture() throws Exception {
        Path journal = dir.resolve("journal");
        CliRun gen = CliRun.run("generate", "--journal", journal.toString(), "--duration", "10m", "--rate", "20",
                "--tenants", "30", "--seed", "7");
        assertThat(gen.exitCode()).as(gen.err()).isZero();
        Path html = dir.resolve("capture.html");
        CliRun inspect = CliRun.run("inspect", "--json", "--html", html.toString(), journal.toString());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        profile = new ObjectMapper().readTree(inspect.out());
        chromium = HeadlessChromium.start(1280, 900);
        chromium.open(html);
        java.nio.file.Path shots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        chromium.screenshot(shots.resolve("report-inspect.png"));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void drawsEveryChartOfTheCaptureWithoutAnError() {
        assertThat(chromium.errors()).isEmpty();
        Map<String, Integer> series = new LinkedHashMap<>();
        chromium.charts().forEach(c -> series.put(c.id(), c.series()));
        assertThat(series).containsExactly(
                Map.entry("rps", 2),
                Map.entry("concurrency", 2),
                Map.entry("tenant-shares", 1),
                Map.entry("tenant-lorenz", 2),
                Map.entry("endpoint-mix", 1),
                Map.entry("endpoint-latency", 2),
                Map.entry("status-mix", 1));
        assertThat(chromium.charts()).allSatisfy(c -> assertThat(c.ink()).as(c.id()).isGreaterThan(2000));
    }

    @Test
    void showsTheProfilesNumbers() {
        assertThat(fact("requests")).isEqualTo(String.format(Locale.ROOT, "%,d", profile.at("/events/requests").asLong()));
        assertThat(fact("most open at once")).isEqualTo(String.valueOf(profile.at("/concurrency/openConnections/max").asLong()));
        // Every request of the capture is in the rate chart, and the busiest window's second is the profile's peak.
        JsonNode mean = chromium.evaluate("reprise.charts.rps.data[1]");
        JsonNode xs = chromium.evaluate("reprise.charts.rps.data[0]");
        double width = xs.size() > 1 ? xs.get(1).asDouble() - xs.get(0).asDouble() : 1;
        double requests = 0;
        for (JsonNode v : mean) {
            requests += v.asDouble() * width;
        }
        assertThat(Math.round(requests)).isEqualTo(profile.at("/events/requests").asLong());
        assertThat(chromium.evaluate("Math.max.apply(null, reprise.charts.rps.data[2])").asLong())
                .isEqualTo(profile.at("/rate/peak").asLong());
        assertThat(chromium.evaluate("Math.max.apply(null, reprise.charts.concurrency.data[1])").asLong())
                .isEqualTo(profile.at("/concurrency/openConnections/max").asLong());
        List<List<String>> endpoints = chromium.table("endpoints");
        assertThat(endpoints.get(0).get(0)).isEqualTo(profile.at("/endpoints/0/endpoint").asText());
        assertThat(endpoints.get(0).get(1)).isEqualTo(String.format(Locale.ROOT, "%,d", profile.at("/endpoints/0/requests").asLong()));
    }

    @Test
    void sortsTheEndpointTable() {
        chromium.clickHeader("endpoints", 1);
        List<String> ascending = chromium.table("endpoints").stream().map(r -> r.get(1).replace(",", "")).toList();
        assertThat(ascending.stream().map(Long::parseLong).toList()).isSorted();
        chromium.clickHeader("endpoints", 1);
        assertThat(chromium.table("endpoints").get(0).get(0)).isEqualTo(profile.at("/endpoints/0/endpoint").asText());
    }

    @Test
    void refusesAnHtmlPathInAFolderThatDoesNotExist() {
        CliRun run = CliRun.run("inspect", "--html", dir.resolve("nowhere/x.html").toString(), dir.resolve("journal").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElse("")).contains("--html").contains("does not exist");
    }

    private static String fact(String label) {
        return chromium.evaluate("(function () { var f = Array.from(document.querySelectorAll('.fact'))"
                + ".find(e => e.dataset.fact === '" + label + "'); return f ? f.querySelector('.value').textContent : null; })()")
                .asText();
    }
}
