package dev.reprise.replay.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page of a small fixed replay, checked for structure (not pixels) against
 * {@code src/test/resources/golden/replay-page.txt}: its sections, each block's kind, each chart's
 * axis, unit and series, each table's columns and row count, each fact's label. A change to the
 * page shows up here as a readable diff; {@code -Dgolden.update=true} rewrites the file.
 */
class GoldenPageTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/replay-page.txt");
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theReplayPageOfAFixedReportHasTheGoldenStructure() throws Exception {
        Path page = dir.resolve("golden.html");
        ReplayPage.of(SampleReplays.threeMinutes(1.0, "p99>30ms", "errors>1%")).write(page);
        String html = Files.readString(page);

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
        assertThat(html).contains("<title>Replay report</title>").contains("<body data-page=\"replay\">");
        assertThat(count(html, "<script")).isEqualTo(3); // the data, uPlot, the page's script
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
        String structure = structure(html);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, structure);
        }
        assertThat(structure).isEqualTo(Files.readString(GOLDEN));
    }

    static String structure(String html) throws Exception {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("the page embeds its data").isTrue();
        JsonNode data = new ObjectMapper().readTree(m.group(1).replace("<\\/", "</"));
        List<String> lines = new ArrayList<>();
        lines.add("page " + data.path("kind").asText() + ": " + data.path("title").asText());
        for (JsonNode s : data.path("sections")) {
            lines.add("section " + s.path("id").asText() + ": " + s.path("title").asText());
            for (JsonNode b : s.path("blocks")) {
                switch (b.path("type").asText()) {
                    case "chart" -> {
                        List<String> series = new ArrayList<>();
                        b.path("series").forEach(x -> series.add(x.path("label").asText() + " (" + x.path("style").asText() + ")"));
                        List<String> marks = new ArrayList<>();
                        b.path("marks").forEach(x -> marks.add(x.path("label").asText()));
                        lines.add("  chart " + b.path("id").asText() + " x=" + b.path("x").asText() + " y=" + b.path("yUnit").asText()
                                + (b.path("yLog").asBoolean() ? " log" : "") + " points=" + b.path("xs").size()
                                + ": " + String.join(", ", series) + (marks.isEmpty() ? "" : " | marks: " + String.join(", ", marks)));
                    }
                    case "table" -> {
                        List<String> cols = new ArrayList<>();
                        b.path("columns").forEach(c -> cols.add(c.path("label").asText() + ":" + c.path("unit").asText()));
                        lines.add("  table " + b.path("id").asText() + " rows=" + b.path("rows").size() + ": " + String.join(", ", cols));
                    }
                    case "facts" -> {
                        List<String> labels = new ArrayList<>();
                        b.path("facts").forEach(f -> labels.add(f.path("label").asText() + "[" + f.path("tone").asText() + "]"));
                        lines.add("  facts: " + String.join(", ", labels));
                    }
                    default -> lines.add("  note[" + b.path("tone").asText() + "]");
                }
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
