package dev.reprise.replay.report;

import dev.reprise.replay.report.ResourceReport.MemoryGrowth;
import dev.reprise.replay.report.ResourceReport.Minute;
import dev.reprise.replay.report.ResourceReport.SeriesDrift;
import dev.reprise.replay.report.ResourceReport.Watched;
import dev.reprise.replay.report.internal.ByteSize;
import dev.reprise.cli.TextTable;
import dev.reprise.cli.Units;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The console's resource section, below the latency timeline: per watched target a per-minute
 * table, the cost of a request, the verdict on memory growth and the drift tests. Rising series
 * are marked as the latency drift is, so a run whose latency looks fine still shows its leak.
 */
public final class ResourceSection {
    /** Runs longer than this many minutes show every n-th minute. */
    static final int MAX_ROWS = 30;
    /** Series shown as columns beside memory and cost, when the target gives them. */
    private static final List<String> COLUMNS = List.of("fds", "threads", "jvm-heap", "go-heap", "go-goroutines");

    private ResourceSection() {
    }

    /** Appends the section; nothing when the run watched nothing. */
    public static void render(StringBuilder b, ResourceReport resources) {
        if (resources == null) {
            return;
        }
        for (Watched w : resources.watched()) {
            watched(b, w, resources.intervalSeconds());
        }
    }

    private static void watched(StringBuilder b, Watched w, double interval) {
        b.append('\n').append("Resources of ").append(w.target()).append(": ").append(Units.count(w.samples()))
                .append(w.samples() == 1 ? " sample" : " samples").append(" every ").append(Units.duration(interval));
        b.append(w.failures() == 0 ? ", none failed" : ", " + Units.count(w.failures()) + " failed").append('\n');
        if (w.failures() > 0) {
            b.append("WARNING: ").append(Units.count(w.failures())).append(" samples of ").append(w.target())
                    .append(" failed and are missing from the figures; the last: ").append(w.lastFailure()).append('\n');
        }
        for (String note : w.notes()) {
            b.append("  note: ").append(note).append('\n');
        }
        timeline(b, w);
        MemoryGrowth m = w.memory();
        b.append("  memory: ").append(m.flagged() ? "RISING: " : "").append(m.verdict()).append('\n');
        if (m.startBytes() != null && m.endBytes() != null) {
            b.append("    from ").append(ByteSize.of(m.startBytes())).append(" to ").append(ByteSize.of(m.endBytes()));
            if (m.bytesPerHour() != null) {
                b.append(String.format(Locale.ROOT, "; fit against time %s (R²=%.2f)", ByteSize.perHour(m.bytesPerHour()),
                        m.rSquaredUptime()));
            }
            if (m.bytesPerRequest() != null) {
                b.append(String.format(Locale.ROOT, ", against requests %s per request (R²=%.2f)",
                        ByteSize.of(m.bytesPerRequest()), m.rSquaredTraffic()));
            }
            b.append('\n');
        }
        if (w.cost().cpuMillisPerRequest() != null) {
            b.append("  cost per request: ").append(millis(w.cost().cpuMillisPerRequest())).append(" CPU");
            if (w.cost().memoryBytesPerRequest() != null) {
                b.append(", ").append(ByteSize.of(w.cost().memoryBytesPerRequest())).append(" of memory growth");
            }
            b.append('\n');
        }
        for (SeriesDrift d : w.drifts()) {
            if (!d.series().equals("memory")) {
                b.append("  drift: ").append(d.flagged() ? "RISING: " : "").append(d.summary()).append('\n');
            }
        }
    }

    private static void timeline(StringBuilder b, Watched w) {
        List<Minute> rows = w.timeline();
        if (rows.isEmpty()) {
            return;
        }
        List<String> shown = COLUMNS.stream().filter(w.series()::contains).toList();
        List<String> headers = new ArrayList<>(List.of("minute", "requests", "memory", "CPU/req", "mem/req"));
        headers.addAll(shown);
        TextTable t = new TextTable("  ", headers.size()).row(headers.toArray(String[]::new));
        int every = (rows.size() + MAX_ROWS - 1) / MAX_ROWS;
        for (int i = 0; i < rows.size(); i++) {
            if (i % every != 0 && i != rows.size() - 1) {
                continue;
            }
            Minute r = rows.get(i);
            List<String> cells = new ArrayList<>(List.of(Integer.toString(r.minute()), Units.count(r.requests()),
                    r.memoryBytes() == null ? "-" : ByteSize.of(r.memoryBytes()),
                    r.cpuMillisPerRequest() == null ? "-" : millis(r.cpuMillisPerRequest()),
                    r.memoryBytesPerRequest() == null ? "-" : ByteSize.of(r.memoryBytesPerRequest())));
            for (String s : shown) {
                Double v = r.levels().get(s);
                cells.add(v == null ? "-" : s.endsWith("heap") ? ByteSize.of(v) : String.format(Locale.ROOT, "%.0f", v));
            }
            t.row(cells.toArray(String[]::new));
        }
        if (every > 1) {
            b.append("  (every ").append(every).append(" minutes)\n");
        }
        b.append(t.render());
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, ms >= 10 ? "%.1f ms" : "%.3f ms", ms);
    }
}
