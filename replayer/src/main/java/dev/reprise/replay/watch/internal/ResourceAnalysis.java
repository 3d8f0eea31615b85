package dev.reprise.replay.watch.internal;

import dev.reprise.replay.report.ResourceReport.MemoryGrowth;
import dev.reprise.replay.report.ResourceReport.Minute;
import dev.reprise.replay.report.ResourceReport.RequestCost;
import dev.reprise.replay.report.ResourceReport.SeriesDrift;
import dev.reprise.replay.report.ResourceReport.Watched;
import dev.reprise.replay.report.internal.ByteSize;
import dev.reprise.replay.report.internal.Trend;
import dev.reprise.replay.watch.Series;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleFunction;

/**
 * Turns one target's samples into its part of the report: the per-minute timeline, the cost of a
 * request, a drift test per series, and the finding the watch exists for: whether memory grows
 * with uptime or with traffic.
 *
 * <p>Memory is fitted twice by least squares, against elapsed time and against requests answered.
 * When the traffic varied, whichever explains memory clearly better (half the unexplained
 * variance or less) is named; growth that went on while requests did not is uptime's. When the
 * traffic was steady, requests rise in step with time and the two fits cannot differ: the growth
 * is given per hour, as uptime's, with its cost per request beside it and a note that a varying
 * load would separate them.
 */
public final class ResourceAnalysis {
    /** Requests at least this linear in time (R²) are steady: time and traffic are then the same axis. */
    static final double STEADY_TRAFFIC_R2 = 0.99;
    /** One explanation wins when it leaves at most this share of the other's unexplained variance. */
    static final double CLEARLY_BETTER = 0.5;
    /** CPU per request is tested over about this many windows, so each holds enough requests to be measured. */
    private static final int COST_WINDOWS = 60;

    private static final Trend.Rule MEMORY_RULE = new Trend.Rule(0.02, 1 << 20, ByteSize::of);
    private static final Trend.Rule COUNT_RULE = new Trend.Rule(0, 1, ResourceAnalysis::plain);
    private static final Trend.Rule CPU_RULE = new Trend.Rule(0.10, 0, ResourceAnalysis::millis);
    private static final Trend.Rule LEVEL_RULE = new Trend.Rule(0.05, 0, ResourceAnalysis::plain);

    private ResourceAnalysis() {
    }

    /**
     * @param extra the {@code --watch-metric} names, so one never exposed is noted
     */
    public static Watched analyse(String target, List<Sample> samples, long failures, String lastFailure,
                                  double intervalSeconds, List<String> extra) {
        Set<String> seen = new LinkedHashSet<>();
        for (Sample s : samples) {
            seen.addAll(s.values().keySet());
        }
        List<String> series = new ArrayList<>();
        for (String name : Series.STANDARD) {
            if (seen.contains(name)) {
                series.add(name);
            }
        }
        for (String name : extra) {
            if (seen.contains(name)) {
                series.add(name);
            }
        }
        List<String> notes = new ArrayList<>();
        for (String name : extra) {
            if (!seen.contains(name) && !samples.isEmpty()) {
                notes.add("--watch-metric " + name + ": the target never exposed it");
            }
        }
        if (samples.isEmpty()) {
            notes.add("no sample could be taken: nothing is known of the target's resources");
        } else if (!seen.contains(Series.MEMORY)) {
            notes.add("the target exposes no resident memory (process_resident_memory_bytes): memory growth is not judged");
        }
        List<SeriesDrift> drifts = new ArrayList<>();
        MemoryGrowth memory = memory(samples, intervalSeconds);
        if (memory.drift() != null) {
            drifts.add(memory.drift());
        }
        RequestCost cost = cost(samples, memory, intervalSeconds);
        if (cost.cpuPerRequestDrift() != null) {
            drifts.add(cost.cpuPerRequestDrift());
        }
        for (String name : series) {
            if (!name.equals(Series.MEMORY) && !Series.isCounter(name)) {
                SeriesDrift d = levelDrift(samples, name, intervalSeconds, rule(name), format(name));
                if (d != null) {
                    drifts.add(d);
                }
            }
        }
        return new Watched(target, samples.size(), failures, lastFailure, series, notes, timeline(samples, series),
                memory, cost, drifts);
    }

    static MemoryGrowth memory(List<Sample> samples, double intervalSeconds) {
        List<Sample> points = samples.stream().filter(s -> !Double.isNaN(s.get(Series.MEMORY))).toList();
        if (points.size() < 2) {
            return new MemoryGrowth("unknown", points.isEmpty() ? "no memory series: nothing to say about growth"
                    : "one memory sample: nothing to say about growth", false, null, null, null, null, false,
                    points.isEmpty() ? null : points.get(0).get(Series.MEMORY),
                    points.isEmpty() ? null : points.get(0).get(Series.MEMORY), null);
        }
        int n = points.size();
        double[] t = new double[n];
        double[] req = new double[n];
        double[] mem = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = points.get(i).seconds();
            req[i] = points.get(i).requests();
            mem[i] = points.get(i).get(Series.MEMORY);
        }
        LinearFit byTime = LinearFit.of(t, mem);
        LinearFit byRequests = LinearFit.of(req, mem);
        LinearFit trafficLine = LinearFit.of(t, req);
        boolean noTraffic = req[n - 1] == req[0];
        boolean steady = !noTraffic && trafficLine.rSquared() >= STEADY_TRAFFIC_R2;
        SeriesDrift drift = SeriesTrend.of(Series.MEMORY, SeriesTrend.slots(t, intervalSeconds), mem, intervalSeconds,
                MEMORY_RULE, ByteSize::of);
        double perHour = byTime.slope() * 3600;
        Double perRequest = noTraffic ? null : byRequests.slope();
        String rates = String.format(Locale.ROOT, "elapsed time explains R²=%.2f of it, requests R²=%.2f",
                byTime.rSquared(), noTraffic ? 0 : byRequests.rSquared());
        String drivenBy;
        String verdict;
        if (!"rising".equals(drift.verdict()) && !"steady".equals(drift.verdict())) {
            drivenBy = "unknown";
            verdict = "too few samples to judge memory growth (" + n + " of " + Trend.MIN_MINUTES + " needed)";
        } else if (!drift.flagged()) {
            drivenBy = "steady";
            verdict = "memory steady: " + drift.summary();
        } else if (noTraffic) {
            drivenBy = "uptime";
            verdict = "memory grows with uptime at " + ByteSize.perHour(perHour) + " while no requests were answered";
        } else if (steady) {
            drivenBy = "uptime";
            verdict = "memory grows with uptime at " + ByteSize.perHour(perHour) + " under steady traffic ("
                    + ByteSize.of(byRequests.slope()) + " per request); the load was too even to tell growth with time"
                    + " from growth per request: a varying load (--ramp, --spike) separates them";
        } else if (byRequests.residualSumOfSquares() <= CLEARLY_BETTER * byTime.residualSumOfSquares()) {
            drivenBy = "traffic";
            verdict = "memory grows with traffic at " + ByteSize.of(byRequests.slope()) + " per request, not with uptime ("
                    + rates + ")";
        } else if (byTime.residualSumOfSquares() <= CLEARLY_BETTER * byRequests.residualSumOfSquares()) {
            drivenBy = "uptime";
            verdict = "memory grows with uptime at " + ByteSize.perHour(perHour) + ", not with traffic (" + rates + ")";
        } else {
            drivenBy = "both";
            verdict = "memory grows at " + ByteSize.perHour(perHour) + ", or " + ByteSize.of(byRequests.slope())
                    + " per request: time and traffic explain it about equally (" + rates + ")";
        }
        return new MemoryGrowth(drivenBy, verdict, drift.flagged(), perHour, byTime.rSquared(), perRequest,
                noTraffic ? null : byRequests.rSquared(), steady, mem[0], mem[n - 1], drift);
    }

    static RequestCost cost(List<Sample> samples, MemoryGrowth memory, double intervalSeconds) {
        List<Sample> points = samples.stream().filter(s -> !Double.isNaN(s.get(Series.CPU))).toList();
        Double cpuPerRequest = null;
        SeriesDrift drift = null;
        if (points.size() >= 2) {
            Sample first = points.get(0);
            Sample last = points.get(points.size() - 1);
            long requests = last.requests() - first.requests();
            if (requests > 0) {
                cpuPerRequest = (last.get(Series.CPU) - first.get(Series.CPU)) * 1000 / requests;
            }
            // Windows of several samples, so each holds enough requests and CPU ticks to be measured.
            int size = Math.max(1, (points.size() - 1) / COST_WINDOWS);
            List<Double> values = new ArrayList<>();
            List<Double> times = new ArrayList<>();
            for (int from = 0; from + size < points.size(); from += size) {
                Sample a = points.get(from);
                Sample b = points.get(from + size);
                long served = b.requests() - a.requests();
                if (served > 0) {
                    values.add((b.get(Series.CPU) - a.get(Series.CPU)) * 1000 / served);
                    times.add(b.seconds());
                }
            }
            double slot = size * intervalSeconds;
            double[] t = times.stream().mapToDouble(Double::doubleValue).toArray();
            drift = SeriesTrend.of("cpu per request", SeriesTrend.slots(t, slot),
                    values.stream().mapToDouble(Double::doubleValue).toArray(), slot, CPU_RULE, ResourceAnalysis::millis);
        }
        return new RequestCost(cpuPerRequest, memory.bytesPerRequest(), drift);
    }

    private static SeriesDrift levelDrift(List<Sample> samples, String name, double intervalSeconds, Trend.Rule rule,
                                          DoubleFunction<String> format) {
        List<Sample> points = samples.stream().filter(s -> !Double.isNaN(s.get(name))).toList();
        if (points.isEmpty()) {
            return null;
        }
        double[] t = points.stream().mapToDouble(Sample::seconds).toArray();
        double[] v = points.stream().mapToDouble(s -> s.get(name)).toArray();
        return SeriesTrend.of(name, SeriesTrend.slots(t, intervalSeconds), v, intervalSeconds, rule, format);
    }

    static List<Minute> timeline(List<Sample> samples, List<String> series) {
        List<Minute> rows = new ArrayList<>();
        if (samples.isEmpty()) {
            return rows;
        }
        Sample before = samples.get(0);
        int i = 1;
        while (i < samples.size()) {
            int minute = (int) (samples.get(i).seconds() / 60);
            Sample last = samples.get(i);
            while (i < samples.size() && (int) (samples.get(i).seconds() / 60) == minute) {
                last = samples.get(i++);
            }
            long requests = last.requests() - before.requests();
            double seconds = last.seconds() - before.seconds();
            Map<String, Double> levels = new LinkedHashMap<>();
            for (String name : series) {
                if (name.equals(Series.MEMORY)) {
                    continue;
                }
                double v = last.get(name);
                double v0 = before.get(name);
                if (Series.isCounter(name)) {
                    if (!Double.isNaN(v) && !Double.isNaN(v0) && seconds > 0) {
                        levels.put(name, (v - v0) / seconds);
                    }
                } else if (!Double.isNaN(v)) {
                    levels.put(name, v);
                }
            }
            double mem = last.get(Series.MEMORY);
            double mem0 = before.get(Series.MEMORY);
            double cpu = last.get(Series.CPU) - before.get(Series.CPU);
            rows.add(new Minute(minute, minute * 60.0, seconds, requests, Double.isNaN(mem) ? null : mem,
                    requests > 0 && !Double.isNaN(cpu) ? cpu * 1000 / requests : null,
                    requests > 0 && !Double.isNaN(mem) && !Double.isNaN(mem0) ? (mem - mem0) / requests : null, levels));
            before = last;
        }
        return rows;
    }

    private static Trend.Rule rule(String name) {
        return switch (name) {
            case Series.FDS, Series.THREADS, Series.GO_GOROUTINES -> COUNT_RULE;
            case Series.JVM_HEAP, Series.GO_HEAP -> MEMORY_RULE;
            default -> LEVEL_RULE;
        };
    }

    private static DoubleFunction<String> format(String name) {
        return name.equals(Series.JVM_HEAP) || name.equals(Series.GO_HEAP) ? ByteSize::of : ResourceAnalysis::plain;
    }

    static String plain(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    static String millis(double ms) {
        return String.format(Locale.ROOT, Math.abs(ms) >= 10 ? "%.1f ms" : "%.3f ms", ms);
    }
}
