package dev.reprise.tools.profile;

import dev.reprise.format.Body;
import dev.reprise.format.ConnectionClosed;
import dev.reprise.format.ConnectionOpened;
import dev.reprise.format.EndpointTemplate;
import dev.reprise.format.JournalEvent;
import dev.reprise.format.JournalHeader;
import dev.reprise.format.Outcome;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.UpgradeEvent;
import dev.reprise.tools.internal.LongMinHeap;
import dev.reprise.tools.internal.RateTimeline;
import dev.reprise.tools.internal.LevelTimeline;
import dev.reprise.tools.internal.TimeWeightedLevel;
import dev.reprise.cli.Units;
import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link JournalProfile} from events fed in time order, in memory that does not grow with
 * the journal: counters, HdrHistograms, a fixed-size {@link RateTimeline}, state for the
 * connections open at the moment, and tallies of tenants and endpoints that stop adding names at
 * a cap and pool the rest.
 */
public final class JournalProfiler {
    /** Tenants counted by name; beyond this, requests of new tenants are pooled and the figures say so. */
    public static final int MAX_TENANTS = 100_000;
    /** Endpoint templates tracked with their own latencies; beyond this, new ones are pooled as "other". */
    public static final int MAX_ENDPOINTS = 200;
    /** Connections followed at once; beyond this, new connections are counted but not followed. */
    public static final int MAX_CONNECTIONS = 1 << 20;
    static final String OTHER_ENDPOINTS = "(other endpoints)";
    private static final int TIMELINE_ROWS = 24;
    private static final int TOP_TENANTS = 10;

    private final List<JournalHeader> headers;
    private final List<Path> paths;
    private final List<Map<Long, Connection>> connections = new ArrayList<>();
    private long tracked;
    private boolean connectionsCapped;

    private long first = Long.MIN_VALUE;
    private long last = Long.MIN_VALUE;
    private long opened;
    private long requests;
    private long responses;
    private long closed;
    private long upgrades;

    private long second = Long.MIN_VALUE;
    private long inSecond;
    private long peak;
    private long peakSecond;
    private final RateTimeline timeline = new RateTimeline();

    private final TimeWeightedLevel openLevel = new TimeWeightedLevel();
    private final TimeWeightedLevel inFlightLevel = new TimeWeightedLevel();
    private final LevelTimeline openOverTime = new LevelTimeline();
    private final LevelTimeline inFlightOverTime = new LevelTimeline();
    private final LongMinHeap answeredAt = new LongMinHeap();
    private final Histogram requestsPerConnection = new Histogram(2);
    private final Histogram connectionMillis = new Histogram(2);
    private final Histogram latencyMicros = new Histogram(2);

    private final Map<String, long[]> tenants = new HashMap<>();
    private long pooledTenantRequests;
    private long untenanted;
    private final Map<String, EndpointStats> endpoints = new HashMap<>();
    private final EndpointStats otherEndpoints = new EndpointStats(OTHER_ENDPOINTS);

    private final long[] statuses = new long[1000];
    private final long[] outcomes = new long[Outcome.values().length];
    private final BodyTally requestBodies = new BodyTally();
    private final BodyTally responseBodies = new BodyTally();

    public JournalProfiler(List<Path> paths, List<JournalHeader> headers) {
        this.paths = List.copyOf(paths);
        this.headers = List.copyOf(headers);
        for (int i = 0; i < headers.size(); i++) {
            connections.add(new HashMap<>());
        }
    }

    /** Takes the next event, in time order, from journal {@code journal} (its position in the list given). */
    public void accept(int journal, JournalEvent e) {
        long t = e.timeNanos();
        if (first == Long.MIN_VALUE) {
            first = t;
        }
        last = Math.max(last, t);
        settleAnswered(t);
        Map<Long, Connection> open = connections.get(journal);
        if (e instanceof RequestEvent r) {
            request(open, r);
        } else if (e instanceof ResponseEvent r) {
            response(open, r);
        } else if (e instanceof ConnectionOpened o) {
            opened++;
            follow(open, o.connectionId(), t, true);
        } else if (e instanceof ConnectionClosed c) {
            closed++;
            Connection conn = open.remove(c.connectionId());
            if (conn != null) {
                tracked--;
                openLevel.change(t, -1);
                openOverTime.observe(t, openLevel.value());
                if (conn.outstanding > 0) {
                    inFlightLevel.change(t, -conn.outstanding); // never answered
                    inFlightOverTime.observe(t, inFlightLevel.value());
                }
                requestsPerConnection.recordValue(conn.requests);
                if (conn.sawOpen) {
                    connectionMillis.recordValue(Math.max(0, (t - conn.openedAt) / 1_000_000));
                }
            }
        } else if (e instanceof UpgradeEvent) {
            upgrades++;
        }
    }

    private Connection follow(Map<Long, Connection> open, long id, long t, boolean sawOpen) {
        Connection c = open.get(id);
        if (c != null) {
            return c;
        }
        if (tracked >= MAX_CONNECTIONS) {
            connectionsCapped = true;
            return null;
        }
        c = new Connection(t, sawOpen);
        open.put(id, c);
        tracked++;
        openLevel.change(t, 1);
        openOverTime.observe(t, openLevel.value());
        return c;
    }

    private void request(Map<Long, Connection> open, RequestEvent r) {
        long t = r.timeNanos();
        requests++;
        countSecond(t);
        String tenant = r.tenant();
        if (tenant.equals(RequestEvent.UNKNOWN_TENANT)) {
            untenanted++;
        } else {
            long[] n = tenants.get(tenant);
            if (n != null) {
                n[0]++;
            } else if (tenants.size() < MAX_TENANTS) {
                tenants.put(tenant, new long[]{1});
            } else {
                pooledTenantRequests++;
            }
        }
        String template = EndpointTemplate.of(r.method(), r.target());
        EndpointStats ep = endpoints.get(template);
        if (ep == null) {
            if (endpoints.size() < MAX_ENDPOINTS) {
                ep = new EndpointStats(template);
                endpoints.put(template, ep);
            } else {
                ep = otherEndpoints;
            }
        }
        ep.requests++;
        requestBodies.add(r.body());
        Connection c = follow(open, r.connectionId(), t, false);
        if (c != null) {
            c.requests++;
            c.outstanding++;
            c.pendingSequence = r.sequence();
            c.pendingStart = t;
            c.pendingEndpoint = ep;
            inFlightLevel.change(t, 1);
            inFlightOverTime.observe(t, inFlightLevel.value());
        }
    }

    private void response(Map<Long, Connection> open, ResponseEvent r) {
        responses++;
        int status = r.status();
        if (status >= 0 && status < statuses.length) {
            statuses[status]++;
        }
        outcomes[r.outcome().ordinal()]++;
        responseBodies.add(r.body());
        Connection c = open.get(r.connectionId());
        if (c == null || c.outstanding == 0) {
            return; // its request came before the window read
        }
        c.outstanding--;
        answeredAt.add(Math.max(r.lastByteNanos(), r.timeNanos()));
        if (c.pendingEndpoint != null && c.pendingSequence == r.sequence()) {
            long micros = Math.max(0, (r.lastByteNanos() - c.pendingStart) / 1_000);
            latencyMicros.recordValue(micros);
            EndpointStats ep = c.pendingEndpoint;
            ep.latencyMicros.recordValue(micros);
            ep.responses++;
            ep.responseBytes += r.body().length();
            if (status >= 500) {
                ep.serverErrors++;
            }
            c.pendingEndpoint = null;
        }
    }

    /** Ends the in-flight time of responses whose last byte has passed. */
    private void settleAnswered(long t) {
        while (!answeredAt.isEmpty() && answeredAt.peek() <= t) {
            long answered = answeredAt.poll();
            inFlightLevel.change(answered, -1);
            inFlightOverTime.observe(answered, inFlightLevel.value());
        }
    }

    private void countSecond(long t) {
        long s = Math.floorDiv(t, 1_000_000_000L);
        if (s != second) {
            flushSecond();
            second = s;
        }
        inSecond++;
    }

    private void flushSecond() {
        if (second != Long.MIN_VALUE && inSecond > 0) {
            timeline.add(second, inSecond);
            if (inSecond > peak) {
                peak = inSecond;
                peakSecond = second;
            }
        }
        inSecond = 0;
    }

    /** The profile of everything accepted. */
    public JournalProfile finish() {
        flushSecond();
        second = Long.MIN_VALUE;
        if (last != Long.MIN_VALUE) {
            settleAnswered(last);
            openLevel.advance(last);
            inFlightLevel.advance(last);
        }
        List<String> notes = new ArrayList<>();
        if (connectionsCapped) {
            notes.add("more than " + Units.count(MAX_CONNECTIONS) + " connections were open at once; "
                    + "concurrency and latency follow the first " + Units.count(MAX_CONNECTIONS) + " only");
        }
        if (pooledTenantRequests > 0) {
            notes.add("more than " + Units.count(MAX_TENANTS) + " tenants: requests of the rest ("
                    + Units.count(pooledTenantRequests) + ") are counted in the total but not by tenant");
        }
        if (otherEndpoints.requests > 0) {
            notes.add("more than " + MAX_ENDPOINTS + " endpoint templates: the rest are pooled as "
                    + OTHER_ENDPOINTS + "; ids in their paths may not be collapsing");
        }
        double seconds = first == Long.MIN_VALUE ? 0 : (last - first) / 1e9;
        return new JournalProfile(sources(), span(seconds),
                new JournalProfile.Events(opened + requests + responses + closed + upgrades, opened, requests,
                        responses, closed, upgrades),
                rate(seconds), concurrency(), latency(), tenantFigures(), endpointRows(), statusFigures(),
                new JournalProfile.Bytes(requestBodies.figures(), responseBodies.figures()), notes);
    }

    private List<JournalProfile.Source> sources() {
        List<JournalProfile.Source> out = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            JournalHeader h = headers.get(i);
            out.add(new JournalProfile.Source(paths.get(i).toString(), h.writerId(),
                    h.formatMajor() + "." + h.formatMinor(), Units.iso(h.timeNanos()), h.settings().maxBodyBytes(),
                    h.settings().redacted(), h.settings().sampleRate(), h.settings().tenantRules(),
                    h.settings().filters()));
        }
        return out;
    }

    private JournalProfile.Span span(double seconds) {
        if (first == Long.MIN_VALUE) {
            return new JournalProfile.Span(null, null, null, null, 0);
        }
        return new JournalProfile.Span(Units.iso(first), Units.iso(last), first, last, seconds);
    }

    private JournalProfile.Rate rate(double seconds) {
        List<JournalProfile.Window> rows = new ArrayList<>();
        long width = 0;
        for (RateTimeline.Window w : timeline.windows(TIMELINE_ROWS)) {
            width = w.widthSeconds();
            // the first and last windows may lie partly outside the span: average over the part inside
            double from = Math.max(w.startSecond() * 1e9, first);
            double to = Math.min((w.startSecond() + w.widthSeconds()) * 1e9, last + 1e9);
            double covered = Math.max(1, (to - from) / 1e9);
            rows.add(new JournalProfile.Window(Units.iso(w.startSecond() * 1_000_000_000L), w.requests(),
                    w.requests() / Math.min(covered, w.widthSeconds()), w.peakPerSecond()));
        }
        double mean = requests == 0 ? 0 : requests / Math.max(seconds, 1.0);
        return new JournalProfile.Rate(mean, peak, peak == 0 ? null : Units.iso(peakSecond * 1_000_000_000L), width,
                rows);
    }

    /**
     * Requests, open connections and requests in flight over the capture in up to {@code maxRows}
     * windows, for charts. Call after {@link #finish}.
     */
    public ProfileTimelines timelines(int maxRows) {
        List<RateTimeline.Window> rates = timeline.windows(maxRows);
        if (rates.isEmpty()) {
            return new ProfileTimelines(0, List.of());
        }
        long width = rates.get(0).widthSeconds();
        java.util.Map<Long, Long> open = peaksAt(openOverTime, rates.size(), width);
        java.util.Map<Long, Long> inFlight = peaksAt(inFlightOverTime, rates.size(), width);
        List<ProfileTimelines.Window> rows = new ArrayList<>();
        for (RateTimeline.Window w : rates) {
            rows.add(new ProfileTimelines.Window(w.startSecond(), w.requests(), w.peakPerSecond(),
                    open.getOrDefault(w.startSecond(), 0L), inFlight.getOrDefault(w.startSecond(), 0L)));
        }
        return new ProfileTimelines(width, rows);
    }

    /** The level's windows at the rate timeline's width: both timelines align windows to the epoch. */
    private static java.util.Map<Long, Long> peaksAt(LevelTimeline level, int rows, long width) {
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (RateTimeline.Window w : level.windows(rows * 4)) {
            out.merge(Math.floorDiv(w.startSecond(), width) * width, w.peakPerSecond(), Math::max);
        }
        return out;
    }

    private JournalProfile.Concurrency concurrency() {
        return new JournalProfile.Concurrency(level(openLevel), level(inFlightLevel),
                distribution(requestsPerConnection, 1), distribution(connectionMillis, 1e3));
    }

    private static JournalProfile.Level level(TimeWeightedLevel l) {
        return new JournalProfile.Level(l.mean(), l.percentile(99), l.max());
    }

    private static JournalProfile.Distribution distribution(Histogram h, double unit) {
        if (h.getTotalCount() == 0) {
            return new JournalProfile.Distribution(0, 0, 0, 0, 0);
        }
        return new JournalProfile.Distribution(h.getTotalCount(), h.getMean() / unit,
                h.getValueAtPercentile(50) / unit, h.getValueAtPercentile(99) / unit, h.getMaxValue() / unit);
    }

    private JournalProfile.Latency latency() {
        Histogram h = latencyMicros;
        if (h.getTotalCount() == 0) {
            return new JournalProfile.Latency(0, 0, 0, 0, 0, 0);
        }
        return new JournalProfile.Latency(h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1e3;
    }

    private JournalProfile.Tenants tenantFigures() {
        long[] counts = new long[tenants.size()];
        int i = 0;
        long total = pooledTenantRequests;
        for (long[] n : tenants.values()) {
            counts[i++] = n[0];
            total += n[0];
        }
        Arrays.sort(counts);
        double gini = 0;
        int n = counts.length;
        if (n > 0 && total > 0) {
            double weighted = 0;
            long sum = 0;
            for (int k = 0; k < n; k++) {
                weighted += (k + 1) * (double) counts[k];
                sum += counts[k];
            }
            gini = sum == 0 ? 0 : (2 * weighted) / (n * (double) sum) - (n + 1.0) / n;
        }
        int topCount = n == 0 ? 0 : (int) Math.max(1, Math.ceil(n / 100.0));
        long topSum = 0;
        for (int k = 0; k < topCount; k++) {
            topSum += counts[n - 1 - k];
        }
        final long all = total;
        List<JournalProfile.Tenant> top = tenants.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP_TENANTS)
                .map(e -> new JournalProfile.Tenant(e.getKey(), e.getValue()[0], share(e.getValue()[0], all)))
                .toList();
        return new JournalProfile.Tenants(n, pooledTenantRequests > 0, untenanted, gini, topCount,
                share(topSum, total), top);
    }

    private List<JournalProfile.Endpoint> endpointRows() {
        List<EndpointStats> all = new ArrayList<>(endpoints.values());
        all.sort(Comparator.comparingLong((EndpointStats s) -> -s.requests).thenComparing(s -> s.name));
        if (otherEndpoints.requests > 0) {
            all.add(otherEndpoints);
        }
        List<JournalProfile.Endpoint> rows = new ArrayList<>(all.size());
        for (EndpointStats s : all) {
            boolean timed = s.latencyMicros.getTotalCount() > 0;
            rows.add(new JournalProfile.Endpoint(s.name, s.requests, share(s.requests, requests),
                    timed ? ms(s.latencyMicros.getValueAtPercentile(50)) : 0,
                    timed ? ms(s.latencyMicros.getValueAtPercentile(99)) : 0,
                    s.responses == 0 ? 0 : s.responseBytes / (double) s.responses,
                    share(s.serverErrors, s.responses)));
        }
        return rows;
    }

    private JournalProfile.Statuses statusFigures() {
        Map<String, Long> classes = new LinkedHashMap<>();
        List<JournalProfile.Status> top = new ArrayList<>();
        for (int s = 0; s < statuses.length; s++) {
            if (statuses[s] > 0) {
                classes.merge(s < 100 ? "none" : (s / 100) + "xx", statuses[s], Long::sum);
                top.add(new JournalProfile.Status(s, statuses[s], share(statuses[s], responses)));
            }
        }
        top.sort(Comparator.comparingLong((JournalProfile.Status s) -> -s.responses())
                .thenComparingInt(JournalProfile.Status::status));
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            if (outcomes[o.ordinal()] > 0) {
                byOutcome.put(o.name(), outcomes[o.ordinal()]);
            }
        }
        return new JournalProfile.Statuses(classes, top, byOutcome);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : part / (double) whole;
    }

    /** A connection open at the moment, and the request on it awaiting an answer. */
    private static final class Connection {
        final long openedAt;
        final boolean sawOpen;
        long requests;
        long outstanding;
        long pendingSequence;
        long pendingStart;
        EndpointStats pendingEndpoint;

        Connection(long openedAt, boolean sawOpen) {
            this.openedAt = openedAt;
            this.sawOpen = sawOpen;
        }
    }

    private static final class EndpointStats {
        final String name;
        final Histogram latencyMicros = new Histogram(2);
        long requests;
        long responses;
        long responseBytes;
        long serverErrors;

        EndpointStats(String name) {
            this.name = name;
        }
    }

    private static final class BodyTally {
        long count;
        long total;
        long stored;
        long max;
        long truncated;

        void add(Body b) {
            count++;
            total += b.length();
            stored += b.bytes().length;
            max = Math.max(max, b.length());
            if (b.truncated()) {
                truncated++;
            }
        }

        JournalProfile.BodyBytes figures() {
            return new JournalProfile.BodyBytes(count, total, stored, count == 0 ? 0 : total / (double) count, max,
                    truncated);
        }
    }
}
