package dev.reprise.replay.shard;

import dev.reprise.format.InvalidSettingsException;
import dev.reprise.format.RepriseException;
import dev.reprise.replay.report.HistogramCodec;
import dev.reprise.replay.report.KeepingUpVerdict;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.ReplayReport.Concurrency;
import dev.reprise.replay.report.ReplayReport.ConnectionOrder;
import dev.reprise.replay.report.ReplayReport.Divergence;
import dev.reprise.replay.report.ReplayReport.DivergenceKind;
import dev.reprise.replay.report.ReplayReport.Fidelity;
import dev.reprise.replay.report.ReplayReport.Histograms;
import dev.reprise.replay.report.ReplayReport.InterArrival;
import dev.reprise.replay.report.ReplayReport.KeyedHistograms;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReplayReport.Latency;
import dev.reprise.replay.report.ReplayReport.Level;
import dev.reprise.replay.report.ReplayReport.MinuteHistograms;
import dev.reprise.replay.report.ReplayReport.MinuteRow;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.Ratios;
import dev.reprise.replay.report.ReplayReport.SendLagSplit;
import dev.reprise.replay.report.ReplayReport.ShardStart;
import dev.reprise.replay.report.ReplayReport.Sharding;
import dev.reprise.replay.report.ReplayReport.StatusClassRow;
import dev.reprise.replay.report.ReplayReport.TenantShare;
import dev.reprise.replay.report.ReplayReport.Timeline;
import dev.reprise.replay.report.ReplayReport.Totals;
import dev.reprise.replay.report.ReplayReport.Tracking;
import dev.reprise.replay.report.ReplayReport.TruncatedBodies;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.internal.ReportAssembler;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Combines the reports of the N shards of one sharded replay into the report of the whole, exactly:
 * counts are summed and histograms added, and every percentile is read from the added histograms,
 * never averaged. What the shards' reports cannot give exactly is said in the merged report's
 * warnings: the inter-arrival distance of the merged stream (the worst shard's is given) and the
 * concurrency levels (the shards' levels summed, exact for the mean, an upper bound for p99 and max).
 */
public final class ShardMerge {
    private ShardMerge() {
    }

    /** One shard's report and where it was read from, to name it in errors. */
    public record Input(String name, ReplayReport report) {
    }

    /**
     * @param report        the merged report, without thresholds evaluated
     * @param minutes       the merged latency from intended send of each minute, by minute index
     * @param tenants       the merged latency from intended send of each tenant over the run
     * @param startEpochMillis the run's start: the shared start, or the earliest shard's
     */
    public record Merged(ReplayReport report, Map<Integer, Histogram> minutes, Map<String, Histogram> tenants,
                         long startEpochMillis) {
    }

    /**
     * @throws InvalidSettingsException when the reports are not the shards of one replay: not shard reports,
     *                                  a shard missing or given twice, different plans or start instants
     */
    public static Merged merge(List<Input> inputs) {
        if (inputs.isEmpty()) {
            throw new InvalidSettingsException("no shard reports to merge");
        }
        checkSameReplay(inputs);
        ReplayReport first = inputs.get(0).report();
        int count = first.sharding().count();

        Map<String, Histogram> overall = new LinkedHashMap<>();
        for (String k : List.of("fromIntended", "fromSend", "sendLag", "production")) {
            overall.put(k, added(inputs, in -> in.report().histograms().overall().get(k), "histograms.overall." + k));
        }
        Latency latency = new Latency(Percentiles.of(overall.get("fromIntended")), Percentiles.of(overall.get("fromSend")),
                Percentiles.of(overall.get("sendLag")), Percentiles.of(overall.get("production")));

        long requests = sum(inputs, r -> r.totals().requests());
        Map<ErrorKind, Long> errorsByKind = new EnumMap<>(ErrorKind.class);
        for (Input in : inputs) {
            in.report().totals().errorsByKind().forEach((k, v) -> errorsByKind.merge(k, v, Long::sum));
        }
        long errors = sum(inputs, r -> r.totals().errors());
        Instant started = inputs.stream().map(in -> instant(in, in.report().run().startedAt(), "run.startedAt"))
                .min(Comparator.naturalOrder()).orElseThrow();
        Instant ended = inputs.stream().map(in -> instant(in, in.report().run().endedAt(), "run.endedAt"))
                .max(Comparator.naturalOrder()).orElseThrow();
        double seconds = Math.max(inputs.stream().mapToDouble(in -> in.report().run().durationSeconds()).max().orElse(0),
                Duration.between(started, ended).toNanos() / 1e9);
        Totals totals = new Totals(requests, sum(inputs, r -> r.totals().responses()), errors, share(errors, requests),
                errorsByKind, sum(inputs, r -> r.totals().responseBytes()), seconds > 0 ? requests / seconds : 0);

        List<StatusClassRow> classes = new ArrayList<>();
        for (StatusClassRow row : statusClassOrder(inputs)) {
            Histogram h = added(inputs, in -> in.report().histograms().statusClasses().get(row.statusClass()),
                    "histograms.statusClasses." + row.statusClass());
            if (h.getTotalCount() > 0) {
                classes.add(new StatusClassRow(row.statusClass(), h.getTotalCount(), share(h.getTotalCount(), requests),
                        Percentiles.of(h)));
            }
        }

        Map<String, KeyedHistograms> endpointHistograms = new TreeMap<>();
        List<KeyedRow> endpoints = keyedRows(inputs, ReplayReport::endpoints, Histograms::endpoints, "endpoints", endpointHistograms, null);
        Map<String, KeyedHistograms> tenantHistograms = new TreeMap<>();
        Map<String, Histogram> tenantLatency = new TreeMap<>();
        List<KeyedRow> tenants = keyedRows(inputs, ReplayReport::tenants, Histograms::tenants, "tenants", tenantHistograms, tenantLatency);
        Tracking t0 = first.tracking();
        Tracking tracking = new Tracking(t0.maxEndpoints(), (int) endpoints.stream().filter(r -> !r.key().equals("(other)")).count(),
                sum(inputs, r -> r.tracking().endpointRequestsMerged()), t0.maxTenants(),
                (int) tenants.stream().filter(r -> !r.key().equals("(other)")).count(),
                sum(inputs, r -> r.tracking().tenantRequestsMerged()));

        Map<Integer, Histogram> minuteIntended = new TreeMap<>();
        List<MinuteHistograms> minuteHistograms = new ArrayList<>();
        Timeline timeline = timeline(inputs, minuteIntended, minuteHistograms);

        Map<String, String> fidelityHistograms = new LinkedHashMap<>();
        Fidelity fidelity = fidelity(inputs, fidelityHistograms);
        ReplayReport.KeepingUp keepingUp = KeepingUpVerdict.judge(latency, first.keepingUp().lagThresholdMicros(),
                timeline.sendLagP99().flagged(), fidelity == null ? null : fidelity.sendLag());

        List<String> warnings = new ArrayList<>();
        warnings.add("merged from " + count + " shards: percentiles are read from the shards' histograms added together");
        for (Input in : inputs) {
            for (String w : in.report().warnings()) {
                warnings.add("shard " + in.report().sharding().shards().get(0) + ": " + w);
            }
        }
        if (fidelity != null) {
            warnings.add("fidelity of the merged stream: the inter-arrival KS distance is the worst shard's, and the"
                    + " concurrency levels are the shards' summed (the mean exactly, p99 and max as upper bounds):"
                    + " the shards' reports do not hold the merged stream's own");
        }
        if (first.sharding().startAt() == null) {
            warnings.add("the shards had no common --start-at: each timeline minute counts from its own shard's start");
        }

        Map<String, Object> controls = new LinkedHashMap<>(first.run().controls() == null ? Map.of() : first.run().controls());
        controls.remove("--shard");
        controls.put("shards", count);
        ReplayReport.Run run = new ReplayReport.Run(union(inputs, r -> r.run().targets()), first.run().journals(),
                first.run().from(), first.run().to(), first.run().speed(), controls, started.toString(), ended.toString(),
                seconds, inputs.stream().anyMatch(in -> in.report().run().endedEarly()), first.run().controlsSet());

        List<ShardStart> starts = new ArrayList<>();
        inputs.forEach(in -> starts.addAll(in.report().sharding().starts()));
        starts.sort(Comparator.comparingInt(ShardStart::index));
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(i);
        }
        Map<String, String> overallText = new LinkedHashMap<>();
        overall.forEach((k, h) -> overallText.put(k, HistogramCodec.encode(h)));
        Map<String, String> classText = new LinkedHashMap<>();
        for (String label : statusClassLabels(inputs)) {
            classText.put(label, HistogramCodec.encode(added(inputs, in -> in.report().histograms().statusClasses().get(label),
                    "histograms.statusClasses." + label)));
        }
        Histograms histograms = new Histograms(overallText, classText, endpointHistograms, tenantHistograms,
                minuteHistograms, fidelityHistograms);

        ReplayReport merged = new ReplayReport(ReplayReport.FORMAT, run, totals, latency, keepingUp, classes, tracking,
                endpoints, tenants, divergence(inputs), timeline, tenantShares(inputs, tenants, requests), List.of(), null,
                warnings, fidelity, null, null, new Sharding(count, all, first.sharding().startAt(), starts), histograms);
        return new Merged(merged, minuteIntended, tenantLatency, started.toEpochMilli());
    }

    private static void checkSameReplay(List<Input> inputs) {
        Input first = null;
        Map<Integer, String> seen = new TreeMap<>();
        for (Input in : inputs) {
            ReplayReport r = in.report();
            if (r.sharding() == null || r.histograms() == null) {
                throw new InvalidSettingsException(in.name() + " is not a shard's report: it has no sharding or histograms"
                        + " section (write it with replay --shard i/N --report FILE)");
            }
            if (!ReplayReport.FORMAT.equals(r.format())) {
                throw new InvalidSettingsException(in.name() + " is a report of format " + r.format() + ", this build merges "
                        + ReplayReport.FORMAT);
            }
            if (first == null) {
                first = in;
            }
            Sharding s = r.sharding();
            Sharding f = first.report().sharding();
            if (s.count() != f.count()) {
                throw new InvalidSettingsException(in.name() + " is a shard of " + s.count() + " but " + first.name()
                        + " is a shard of " + f.count() + ": they are not shards of one replay");
            }
            if (!Objects.equals(s.startAt(), f.startAt())) {
                throw new InvalidSettingsException(in.name() + " started at " + s.startAt() + " but " + first.name()
                        + " at " + f.startAt() + ": they are not shards of one replay");
            }
            String differing = differingControl(first.report(), r);
            if (differing != null) {
                throw new InvalidSettingsException(in.name() + " and " + first.name() + " replayed different plans: "
                        + differing + " differs");
            }
            for (int index : s.shards()) {
                String before = seen.put(index, in.name());
                if (before != null) {
                    throw new InvalidSettingsException("shard " + index + " is given twice: " + before + " and " + in.name());
                }
            }
        }
        int count = first.report().sharding().count();
        Set<Integer> missing = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            if (!seen.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidSettingsException((missing.size() == 1 ? "shard " : "shards ") + join(missing) + " of " + count
                    + (missing.size() == 1 ? " is" : " are") + " missing: a merge of some shards would not be the replay");
        }
    }

    /** The plan is the journals, the window, the pace and every control but {@code --shard} itself. */
    private static String differingControl(ReplayReport a, ReplayReport b) {
        if (!Objects.equals(a.run().journals(), b.run().journals())) {
            return "the journals";
        }
        if (!Objects.equals(a.run().from(), b.run().from()) || !Objects.equals(a.run().to(), b.run().to())) {
            return "the window";
        }
        if (!Objects.equals(a.run().speed(), b.run().speed())) {
            return "--speed";
        }
        Map<String, Object> ca = a.run().controls() == null ? Map.of() : a.run().controls();
        Map<String, Object> cb = b.run().controls() == null ? Map.of() : b.run().controls();
        Set<String> keys = new TreeSet<>(ca.keySet());
        keys.addAll(cb.keySet());
        for (String k : keys) {
            if (!k.equals("--shard") && !Objects.equals(ca.get(k), cb.get(k))) {
                return k;
            }
        }
        return null;
    }

    private static Histogram added(List<Input> inputs, Function<Input, String> pick, String what) {
        Histogram sum = new Histogram(3);
        for (Input in : inputs) {
            String text = pick.apply(in);
            if (text != null) {
                sum.add(HistogramCodec.decode(text, in.name() + ": " + what));
            }
        }
        return sum;
    }

    private static List<KeyedRow> keyedRows(List<Input> inputs, Function<ReplayReport, List<KeyedRow>> rows,
                                            Function<Histograms, Map<String, KeyedHistograms>> histograms, String what,
                                            Map<String, KeyedHistograms> mergedHistograms, Map<String, Histogram> staging) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (Input in : inputs) {
            for (KeyedRow row : rows.apply(in.report())) {
                long[] c = counts.computeIfAbsent(row.key(), k -> new long[4]);
                c[0] += row.requests();
                c[1] += row.errors();
                c[2] += row.compared();
                c[3] += row.divergent();
            }
        }
        List<KeyedRow> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            String key = e.getKey();
            String path = "histograms." + what + ".\"" + key + "\"";
            Histogram st = added(inputs, in -> keyed(in, histograms, key, KeyedHistograms::staging), path + ".staging");
            Histogram fromSend = added(inputs, in -> keyed(in, histograms, key, KeyedHistograms::stagingFromSend),
                    path + ".stagingFromSend");
            Histogram prod = added(inputs, in -> keyed(in, histograms, key, KeyedHistograms::production), path + ".production");
            Percentiles fromSendP = Percentiles.of(fromSend);
            Percentiles prodP = prod.getTotalCount() == 0 ? null : Percentiles.of(prod);
            long[] c = e.getValue();
            out.add(new KeyedRow(key, c[0], c[1], c[2], c[3], Percentiles.of(st), fromSendP, prodP, Ratios.of(fromSendP, prodP)));
            mergedHistograms.put(key, new KeyedHistograms(HistogramCodec.encode(st), HistogramCodec.encode(fromSend),
                    prod.getTotalCount() == 0 ? null : HistogramCodec.encode(prod)));
            if (staging != null) {
                staging.put(key, st);
            }
        }
        out.sort(Comparator.comparingLong(KeyedRow::requests).reversed().thenComparing(KeyedRow::key));
        return out;
    }

    private static String keyed(Input in, Function<Histograms, Map<String, KeyedHistograms>> histograms, String key,
                                Function<KeyedHistograms, String> part) {
        KeyedHistograms h = histograms.apply(in.report().histograms()).get(key);
        return h == null ? null : part.apply(h);
    }

    private static Timeline timeline(List<Input> inputs, Map<Integer, Histogram> intendedOut, List<MinuteHistograms> histogramsOut) {
        Map<Integer, MinuteRow> first = new TreeMap<>();
        Map<Integer, long[]> counts = new TreeMap<>();
        Map<Integer, Double> seconds = new TreeMap<>();
        Map<Integer, Histogram> lag = new TreeMap<>();
        for (Input in : inputs) {
            Map<Integer, MinuteHistograms> byMinute = new TreeMap<>();
            in.report().histograms().minutes().forEach(m -> byMinute.put(m.minute(), m));
            for (MinuteRow row : in.report().timeline().minutes()) {
                MinuteHistograms h = byMinute.get(row.minute());
                if (h == null) {
                    throw new InvalidSettingsException(in.name() + ": minute " + row.minute() + " of the timeline has no histograms");
                }
                first.putIfAbsent(row.minute(), row);
                long[] c = counts.computeIfAbsent(row.minute(), k -> new long[2]);
                c[0] += row.requests();
                c[1] += row.errors();
                seconds.merge(row.minute(), row.seconds(), Math::max);
                String what = in.name() + ": histograms.minutes[" + row.minute() + "]";
                intendedOut.computeIfAbsent(row.minute(), k -> new Histogram(3)).add(HistogramCodec.decode(h.fromIntended(), what));
                lag.computeIfAbsent(row.minute(), k -> new Histogram(3)).add(HistogramCodec.decode(h.sendLag(), what));
            }
        }
        List<MinuteRow> minutes = new ArrayList<>();
        for (Map.Entry<Integer, MinuteRow> e : first.entrySet()) {
            int m = e.getKey();
            long[] c = counts.get(m);
            double secs = seconds.get(m);
            Histogram in = intendedOut.get(m);
            Histogram lg = lag.get(m);
            minutes.add(new MinuteRow(m, e.getValue().startSeconds(), secs, c[0], c[1], secs > 0 ? c[0] / secs : 0,
                    share(c[1], c[0]), in.getTotalCount() == 0 ? 0 : in.getValueAtPercentile(50),
                    in.getTotalCount() == 0 ? 0 : in.getValueAtPercentile(99),
                    lg.getTotalCount() == 0 ? 0 : lg.getValueAtPercentile(99)));
            histogramsOut.add(new MinuteHistograms(m, HistogramCodec.encode(in), HistogramCodec.encode(lg)));
        }
        boolean truncated = inputs.stream().anyMatch(in -> in.report().timeline().truncated());
        return ReportAssembler.timeline(minutes, truncated);
    }

    private static Fidelity fidelity(List<Input> inputs, Map<String, String> histogramsOut) {
        if (inputs.stream().anyMatch(in -> in.report().fidelity() == null)) {
            return null;
        }
        Histogram captured = added(inputs, in -> in.report().histograms().fidelity().get("capturedGaps"), "histograms.fidelity.capturedGaps");
        Histogram sent = added(inputs, in -> in.report().histograms().fidelity().get("sentGaps"), "histograms.fidelity.sentGaps");
        Histogram own = added(inputs, in -> in.report().histograms().fidelity().get("replayerLag"), "histograms.fidelity.replayerLag");
        histogramsOut.put("capturedGaps", HistogramCodec.encode(captured));
        histogramsOut.put("sentGaps", HistogramCodec.encode(sent));
        histogramsOut.put("replayerLag", HistogramCodec.encode(own));
        Double ks = null;
        String note = null;
        for (Input in : inputs) {
            InterArrival ia = in.report().fidelity().interArrival();
            if (ia.ksDistance() != null && (ks == null || ia.ksDistance() > ks)) {
                ks = ia.ksDistance();
            }
            if (ia.ksDistance() == null && note == null) {
                note = ia.note();
            }
        }
        note = ks == null ? note : "the largest of the " + inputs.size() + " shards' distances, each within its own shard's stream";
        long connections = 0;
        long checked = 0;
        long violations = 0;
        long held = 0;
        long truncatedRequests = 0;
        long truncatedBytes = 0;
        for (Input in : inputs) {
            Fidelity f = in.report().fidelity();
            connections += f.order().connections();
            checked += f.order().requests();
            violations += f.order().violations();
            held += f.sendLag() == null ? 0 : f.sendLag().heldByTarget();
            if (f.truncatedBodies() != null) {
                truncatedRequests += f.truncatedBodies().requests();
                truncatedBytes += f.truncatedBodies().bytes();
            }
        }
        TruncatedBodies tb0 = inputs.get(0).report().fidelity().truncatedBodies();
        return new Fidelity(new InterArrival(Percentiles.of(captured), Percentiles.of(sent), ks, note),
                summed(inputs, Fidelity::openConnections), summed(inputs, Fidelity::inFlight),
                new ConnectionOrder(connections, checked, violations),
                new SendLagSplit(Percentiles.of(own), held, checked == 0 ? 0 : (double) held / checked),
                tb0 == null ? null : new TruncatedBodies(tb0.mode(), tb0.filler(), truncatedRequests, truncatedBytes));
    }

    private static Concurrency summed(List<Input> inputs, Function<Fidelity, Concurrency> pick) {
        Level captured = Level.EMPTY;
        Level sent = Level.EMPTY;
        for (Input in : inputs) {
            Concurrency c = pick.apply(in.report().fidelity());
            captured = plus(captured, c.captured());
            sent = plus(sent, c.sent());
        }
        return new Concurrency(captured, sent, captured.p99() == 0 ? null : (double) sent.p99() / captured.p99());
    }

    private static Level plus(Level a, Level b) {
        return b == null ? a : new Level(a.p50() + b.p50(), a.p99() + b.p99(), a.max() + b.max(), a.mean() + b.mean());
    }

    private static Divergence divergence(List<Input> inputs) {
        long compared = sum(inputs, r -> r.statusDivergence().compared());
        long divergent = sum(inputs, r -> r.statusDivergence().divergent());
        Map<String, DivergenceKind> kinds = new LinkedHashMap<>();
        Map<String, Set<String>> examples = new LinkedHashMap<>();
        int maxExamples = 0;
        boolean merged = false;
        for (Input in : inputs) {
            Divergence d = in.report().statusDivergence();
            merged |= d.kindsMerged();
            for (DivergenceKind k : d.kinds()) {
                maxExamples = Math.max(maxExamples, k.examples().size());
                kinds.merge(k.kind(), k, (a, b) -> new DivergenceKind(a.kind(), a.recorded(), a.actual(), a.count() + b.count(), 0, List.of()));
                examples.computeIfAbsent(k.kind(), x -> new LinkedHashSet<>()).addAll(k.examples());
            }
        }
        List<DivergenceKind> out = new ArrayList<>();
        for (DivergenceKind k : kinds.values()) {
            List<String> ex = examples.get(k.kind()).stream().limit(maxExamples).toList();
            out.add(new DivergenceKind(k.kind(), k.recorded(), k.actual(), k.count(), share(k.count(), compared), ex));
        }
        out.sort(Comparator.comparingLong(DivergenceKind::count).reversed().thenComparing(DivergenceKind::kind));
        return new Divergence(compared, divergent, share(divergent, compared), out, merged);
    }

    private static List<TenantShare> tenantShares(List<Input> inputs, List<KeyedRow> tenants, long requests) {
        List<TenantShare> first = inputs.get(0).report().tenantShares();
        if (first.isEmpty()) {
            return List.of();
        }
        Map<String, Long> sent = new LinkedHashMap<>();
        tenants.forEach(r -> sent.put(r.key(), r.requests()));
        boolean overflowed = inputs.stream().anyMatch(in -> in.report().tracking().tenantRequestsMerged() > 0);
        Map<String, TenantShare> byTenant = new LinkedHashMap<>();
        for (Input in : inputs) {
            for (TenantShare s : in.report().tenantShares()) {
                byTenant.putIfAbsent(s.tenant(), s);
            }
        }
        List<TenantShare> out = new ArrayList<>();
        for (TenantShare s : byTenant.values()) {
            Long n = sent.get(s.tenant());
            out.add(new TenantShare(s.tenant(), s.capturedShare(), s.intendedShare(),
                    n != null ? share(n, requests) : overflowed ? null : 0.0, n == null ? 0 : n));
        }
        for (Map.Entry<String, Long> e : sent.entrySet()) {
            if (!byTenant.containsKey(e.getKey())) {
                out.add(new TenantShare(e.getKey(), null, null, share(e.getValue(), requests), e.getValue()));
            }
        }
        out.sort(Comparator.comparingDouble((TenantShare s) -> s.intendedShare() != null ? s.intendedShare()
                        : s.capturedShare() != null ? s.capturedShare() : -1).reversed()
                .thenComparing(Comparator.comparingLong(TenantShare::sent).reversed()).thenComparing(TenantShare::tenant));
        return out;
    }

    private static List<StatusClassRow> statusClassOrder(List<Input> inputs) {
        List<StatusClassRow> rows = new ArrayList<>();
        for (String label : statusClassLabels(inputs)) {
            rows.add(new StatusClassRow(label, 0, 0, Percentiles.EMPTY));
        }
        return rows;
    }

    /** In the order the shards' histograms list them: the order of the status classes. */
    private static List<String> statusClassLabels(List<Input> inputs) {
        Set<String> labels = new LinkedHashSet<>();
        for (dev.reprise.replay.results.StatusClass c : dev.reprise.replay.results.StatusClass.values()) {
            labels.add(c.label());
        }
        for (Input in : inputs) {
            labels.addAll(new TreeSet<>(in.report().histograms().statusClasses().keySet()));
        }
        return List.copyOf(labels);
    }

    private static List<String> union(List<Input> inputs, Function<ReplayReport, List<String>> pick) {
        Set<String> out = new LinkedHashSet<>();
        inputs.forEach(in -> out.addAll(pick.apply(in.report())));
        return List.copyOf(out);
    }

    private static long sum(List<Input> inputs, java.util.function.ToLongFunction<ReplayReport> pick) {
        long n = 0;
        for (Input in : inputs) {
            n += pick.applyAsLong(in.report());
        }
        return n;
    }

    private static Instant instant(Input in, String text, String what) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new RepriseException(in.name() + ": " + what + " is not an instant: " + text);
        }
    }

    private static String join(Set<Integer> ns) {
        List<String> s = ns.stream().map(String::valueOf).toList();
        return s.size() == 1 ? s.get(0) : String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }
}
