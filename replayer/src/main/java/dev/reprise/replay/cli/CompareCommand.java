package dev.reprise.replay.cli;

import dev.reprise.cli.VerboseOption;
import dev.reprise.cli.VersionProvider;
import dev.reprise.format.RepriseException;
import dev.reprise.format.InvalidSettingsException;
import dev.reprise.replay.report.html.ComparePage;
import dev.reprise.replay.report.html.HtmlOutput;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Sets replay reports side by side: the same capture replayed as captured and amplified, or
 * against two builds. Reads the {@code --report} JSON only, so it works on reports of any run.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Compare replay reports (--report JSON) side by side: totals, latency, errors, tenants.")
public final class CompareCommand implements Callable<Integer> {
    private static final String FORMAT_PREFIX = "reprise-replay-report/";
    private static final int TOP_TENANTS = 5;

    @Parameters(arity = "2..*", paramLabel = "REPORT", description = "Report files written by replay --report.")
    List<Path> reports;

    @Option(names = "--names", split = ",", paramLabel = "NAME",
            description = "Column names, one per report (default: the file names).")
    List<String> names;

    Path html;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the comparison as one self-contained HTML page with charts to FILE.")
    void html(Path file) {
        html = HtmlOutput.check(spec, "--html", file);
    }

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (names != null && names.size() != reports.size()) {
            throw new InvalidSettingsException("--names gives " + names.size() + " names for " + reports.size() + " reports");
        }
        List<JsonNode> docs = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            docs.add(read(reports.get(i)));
            columns.add(names != null ? names.get(i) : reports.get(i).getFileName().toString());
        }
        Table t = new Table(columns);
        t.row("requests", docs, d -> count(d.at("/totals/requests").asLong()));
        t.row("throughput", docs, d -> String.format(Locale.ROOT, "%.1f/s", d.at("/totals/throughputPerSecond").asDouble()));
        t.row("errors (no response)", docs, d -> count(d.at("/totals/errors").asLong())
                + " (" + percent(d.at("/totals/errorRate").asDouble()) + ")");
        t.row("5xx responses", docs, d -> percent(statusShare(d, "5xx")));
        t.row("status divergence", docs, d -> percent(d.at("/statusDivergence/share").asDouble()));
        t.row("latency p50", docs, d -> micros(d.at("/latency/fromIntended/p50Micros").asLong()));
        t.row("latency p99", docs, d -> micros(d.at("/latency/fromIntended/p99Micros").asLong()));
        t.row("latency max", docs, d -> micros(d.at("/latency/fromIntended/maxMicros").asLong()));
        t.row("production p99", docs, d -> micros(d.at("/latency/production/p99Micros").asLong()));
        t.row("send lag p99", docs, d -> micros(d.at("/latency/sendLag/p99Micros").asLong()));
        t.row("replayer kept up", docs, d -> d.at("/keepingUp/replayerBehind").asBoolean() ? "no" : "yes");
        t.row("p99 drift", docs, d -> text(d.at("/timeline/p99/verdict")));
        t.row("thresholds crossed", docs, CompareCommand::crossed);
        out.println("Runs");
        t.print(out);
        ResourceComparison.print(docs, columns, out);

        // The tenants that matter most in the last report (the amplified one, by convention).
        JsonNode last = docs.get(docs.size() - 1);
        List<String> tenants = new ArrayList<>();
        for (JsonNode row : last.path("tenants")) {
            if (tenants.size() == TOP_TENANTS) {
                break;
            }
            tenants.add(row.path("key").asText());
        }
        if (!tenants.isEmpty()) {
            out.println();
            out.println("Top tenants of " + columns.get(columns.size() - 1) + ": requests, errors+5xx share, p99");
            Table tt = new Table(columns);
            for (String tenant : tenants) {
                tt.row(tenant, docs, d -> tenantCell(d, tenant));
            }
            tt.print(out);
        }
        if (html != null) {
            ComparePage.of(columns, reports, docs).write(html);
        }
        return 0;
    }

    private JsonNode read(Path file) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new RepriseException("report " + file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new RepriseException("report " + file + ": not JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new RepriseException("report " + file + ": cannot read: " + e.getMessage());
        }
        String format = doc == null ? "" : doc.path("format").asText("");
        if (!format.startsWith(FORMAT_PREFIX)) {
            throw new RepriseException("report " + file + ": not a replay report (its format is \"" + format
                    + "\", expected " + FORMAT_PREFIX + "N)");
        }
        return doc;
    }

    private static String tenantCell(JsonNode doc, String tenant) {
        for (JsonNode row : doc.path("tenants")) {
            if (tenant.equals(row.path("key").asText())) {
                long requests = row.path("requests").asLong();
                long bad = row.path("errors").asLong() + row.path("divergent").asLong();
                return String.format(Locale.ROOT, "%7s %6s %9s", count(requests),
                        percent(requests == 0 ? 0 : (double) Math.min(bad, requests) / requests),
                        micros(row.at("/staging/p99Micros").asLong()));
            }
        }
        return "-";
    }

    private static double statusShare(JsonNode doc, String statusClass) {
        for (JsonNode row : doc.path("statusClasses")) {
            if (statusClass.equals(row.path("statusClass").asText())) {
                return row.path("share").asDouble();
            }
        }
        return 0;
    }

    private static String crossed(JsonNode doc) {
        List<String> crossed = new ArrayList<>();
        for (JsonNode th : doc.path("thresholds")) {
            if (th.path("crossed").asBoolean()) {
                crossed.add(th.path("expression").asText());
            }
        }
        return doc.path("thresholds").isEmpty() ? "(none set)" : crossed.isEmpty() ? "none" : String.join(" ", crossed);
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "-" : n.asText();
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, share != 0 && share < 0.001 ? "%.3f%%" : "%.1f%%", share * 100);
    }

    static String micros(long us) {
        if (us < 1_000) {
            return us + " µs";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", us / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    /** A left-labelled table with one right-aligned column per report. */
    private static final class Table {
        private final List<String> columns;
        private final Map<String, List<String>> rows = new LinkedHashMap<>();

        Table(List<String> columns) {
            this.columns = columns;
        }

        void row(String label, List<JsonNode> docs, Function<JsonNode, String> cell) {
            List<String> cells = new ArrayList<>();
            for (JsonNode d : docs) {
                cells.add(cell.apply(d));
            }
            rows.put(label, cells);
        }

        void print(PrintWriter out) {
            int labelWidth = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
            int[] widths = new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                widths[c] = columns.get(c).length();
                for (List<String> cells : rows.values()) {
                    widths[c] = Math.max(widths[c], cells.get(c).length());
                }
            }
            StringBuilder head = new StringBuilder("  " + " ".repeat(labelWidth));
            for (int c = 0; c < columns.size(); c++) {
                head.append("   ").append(pad(columns.get(c), widths[c]));
            }
            out.println(head);
            rows.forEach((label, cells) -> {
                StringBuilder line = new StringBuilder("  ").append(label).append(" ".repeat(labelWidth - label.length()));
                for (int c = 0; c < cells.size(); c++) {
                    line.append("   ").append(pad(cells.get(c), widths[c]));
                }
                out.println(line);
            });
        }

        private static String pad(String s, int width) {
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }
    }
}
