package dev.reprise.report.html;

import dev.reprise.report.html.Chart.XAxis;
import dev.reprise.report.html.Facts.Fact;
import dev.reprise.report.html.Table.Column;
import dev.reprise.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlPageTest {
    private static HeadlessChromium chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void startChromium() throws Exception {
        chromium = HeadlessChromium.start(1280, 900);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static final String HOSTILE = "</script><script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>";

    private static HtmlPage everyKindOfBlock() {
        double[] t = {0, 60, 120, 180};
        return new HtmlPage("test", "A page " + HOSTILE, "every block")
                .add(Section.of("verdict", "Verdict",
                        new Facts(List.of(new Fact("requests", "1,234", "info"), new Fact("gate", "crossed", "bad"))),
                        Note.info(HOSTILE)))
                .add(Section.of("charts", "Charts",
                        Chart.builder("lines", "Lines", XAxis.SECONDS, Unit.MICROS)
                                .xs(t)
                                .series("p50", "line", "#1f77b4", new double[]{1000, 1200, Double.NaN, 1100})
                                .series("production p50", "dashed", "#1f77b4", new double[]{900, 950, 1000, 990})
                                .mark("SLA 2 ms", 2000).build(),
                        Chart.builder("stack", "Stacked", XAxis.SECONDS, Unit.RATE)
                                .xs(t)
                                .series("2xx", "area", "#2ca02c", new double[]{10, 12, 11, 10})
                                .series("5xx", "area", "#d62728", new double[]{1, 2, 3, 4})
                                .series("intended", "line", "#333333", new double[]{11, 14, 14, 14}).build(),
                        Chart.builder("dist", "Distribution", XAxis.PERCENTILE, Unit.MICROS)
                                .xs(new double[]{2, 10, 100, 1000})
                                .series("staging", "line", "#1f77b4", new double[]{1000, 3000, 9000, 20000})
                                .logY().build(),
                        Chart.builder("bars", "Shares", XAxis.CATEGORY, Unit.SHARE)
                                .categories(List.of("tenant-001", HOSTILE))
                                .series("captured", "bars", "#888888", new double[]{0.7, 0.3})
                                .series("sent", "bars", "#1f77b4", new double[]{0.6, 0.4}).build()))
                .add(Section.of("tables", "Tables",
                        new Table("rows", "Rows", List.of(new Column("key", Unit.TEXT), new Column("requests", Unit.COUNT),
                                new Column("p99", Unit.MICROS)),
                                List.of(Arrays.asList("b", 20, 1500), Arrays.asList(HOSTILE, 3, null),
                                        Arrays.asList("a", 1000, 250_000)))));
    }

    @Test
    void drawsEveryChartWithItsSeriesAndLogsNoError() throws Exception {
        Path page = dir.resolve("page.html");
        everyKindOfBlock().write(page);
        chromium.open(page);

        assertThat(chromium.errors()).isEmpty();
        assertThat(chromium.charts()).extracting(HeadlessChromium.ChartState::id, HeadlessChromium.ChartState::series)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lines", 2), org.assertj.core.groups.Tuple.tuple("stack", 3),
                        org.assertj.core.groups.Tuple.tuple("dist", 1), org.assertj.core.groups.Tuple.tuple("bars", 2));
        assertThat(chromium.charts()).allSatisfy(c -> {
            assertThat(c.canvas()).as(c.id() + " has a canvas").isTrue();
            assertThat(c.ink()).as(c.id() + " drew something").isGreaterThan(1000);
        });
        assertThat(chromium.evaluate("document.querySelectorAll('nav#toc a').length").asInt()).isEqualTo(3);
    }

    @Test
    void textFromReportsStaysTextAndCannotRunScript() throws Exception {
        Path page = dir.resolve("hostile.html");
        everyKindOfBlock().write(page);
        chromium.open(page);

        assertThat(chromium.evaluate("window.__pwned === undefined").asBoolean()).isTrue();
        assertThat(chromium.evaluate("document.querySelectorAll('img').length").asInt()).isZero();
        assertThat(chromium.evaluate("document.title").asText()).isEqualTo("A page " + HOSTILE);
        assertThat(chromium.table("rows")).extracting(r -> r.get(0)).contains(HOSTILE);
    }

    @Test
    void sortsATableByTheClickedColumnNumericallyAndBack() throws Exception {
        Path page = dir.resolve("sort.html");
        everyKindOfBlock().write(page);
        chromium.open(page);
        assertThat(chromium.table("rows")).extracting(r -> r.get(0)).containsExactly("b", HOSTILE, "a");

        chromium.clickHeader("rows", 1);
        assertThat(chromium.table("rows")).extracting(r -> r.get(1)).containsExactly("3", "20", "1,000");
        chromium.clickHeader("rows", 1);
        assertThat(chromium.table("rows")).extracting(r -> r.get(1)).containsExactly("1,000", "20", "3");
        chromium.clickHeader("rows", 2);
        assertThat(chromium.table("rows")).extracting(r -> r.get(2)).containsExactly("1.5 ms", "250 ms", "—");
    }

    @Test
    void isOneFileThatNamesNoNetworkResource() throws Exception {
        Path page = dir.resolve("offline.html");
        everyKindOfBlock().write(page);
        String html = Files.readString(page);

        assertThat(html).doesNotContainPattern("(src|href)=\"https?:");
        assertThat(html).contains("uPlot").contains("<script type=\"application/json\" id=\"report-data\">");
        assertThat(dir.toFile().list()).containsExactly("offline.html");
    }

    @Test
    void refusesAChartWhoseColumnsDoNotMatchItsXValues() {
        assertThatThrownBy(() -> Chart.builder("bad", "Bad", XAxis.SECONDS, Unit.COUNT).xs(new double[]{0, 1})
                .series("a", "line", "#000", new double[]{1}).build())
                .hasMessageContaining("a column of 1 values for 2 x values");
    }
}
