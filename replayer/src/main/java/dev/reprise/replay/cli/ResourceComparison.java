package dev.reprise.replay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.replay.report.internal.ByteSize;
import dev.reprise.cli.TextTable;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The resource rows of {@code compare}: per-request cost and memory growth of each run, the first
 * watched target of each report, with the change from the first report (build A against build B).
 * Shown only when some report watched its target.
 */
final class ResourceComparison {
    private ResourceComparison() {
    }

    static void print(List<JsonNode> docs, List<String> columns, PrintWriter out) {
        List<JsonNode> watched = docs.stream().map(d -> d.at("/resources/watched/0")).toList();
        if (watched.stream().allMatch(JsonNode::isMissingNode)) {
            return;
        }
        List<String> headers = new ArrayList<>(List.of("resources"));
        headers.addAll(columns);
        TextTable t = new TextTable("  ", headers.size()).row(headers.toArray(String[]::new));
        row(t, "watched", watched, w -> w.path("target").asText());
        costRow(t, "CPU per request", watched, "/cost/cpuMillisPerRequest", ResourceComparison::millis);
        costRow(t, "memory per request", watched, "/cost/memoryBytesPerRequest", ByteSize::of);
        costRow(t, "memory growth", watched, "/memory/bytesPerHour", ByteSize::perHour);
        row(t, "memory grows with", watched, w -> w.at("/memory/drivenBy").asText("-"));
        row(t, "CPU/request drift", watched, w -> w.at("/cost/cpuPerRequestDrift/verdict").asText("-"));
        row(t, "failed samples", watched, w -> w.has("failures") ? CompareCommand.count(w.path("failures").asLong()) : "-");
        out.println();
        out.println("Resources (the first watched target of each run; changes from " + columns.get(0) + ")");
        out.print(t.render());
    }

    private static void row(TextTable t, String label, List<JsonNode> watched, Function<JsonNode, String> cell) {
        List<String> cells = new ArrayList<>(List.of(label));
        for (JsonNode w : watched) {
            cells.add(w.isMissingNode() ? "(not watched)" : cell.apply(w));
        }
        t.row(cells.toArray(String[]::new));
    }

    /** A figure per run, and beside each later one its change from the first run's. */
    private static void costRow(TextTable t, String label, List<JsonNode> watched, String pointer,
                                Function<Double, String> format) {
        JsonNode base = watched.get(0).at(pointer);
        row(t, label, watched, w -> {
            JsonNode v = w.at(pointer);
            if (!v.isNumber()) {
                return "-";
            }
            String text = format.apply(v.asDouble());
            if (w == watched.get(0) || !base.isNumber() || base.asDouble() == 0) {
                return text;
            }
            return text + String.format(Locale.ROOT, " (%+.1f%%)", (v.asDouble() / base.asDouble() - 1) * 100);
        });
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, ms >= 10 ? "%.1f ms" : "%.3f ms", ms);
    }
}
