package dev.reprise.replay.results;

import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.report.HistogramCodec;
import dev.reprise.replay.report.LiveResults;
import dev.reprise.replay.report.ReplayReport.Histograms;
import dev.reprise.replay.report.ReplayReport.KeyedHistograms;
import dev.reprise.replay.report.ReplayReport;
import dev.reprise.replay.report.RunInfo;
import dev.reprise.replay.report.Thresholds;
import dev.reprise.replay.results.internal.DivergenceTable;
import dev.reprise.replay.results.internal.IntervalLog;
import dev.reprise.replay.results.internal.Intervals;
import dev.reprise.replay.results.internal.KeyedStats;
import dev.reprise.replay.results.internal.KeyedTable;
import dev.reprise.replay.results.internal.ReportAssembler;
import dev.reprise.replay.results.internal.Stripe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects every replayed exchange into HdrHistograms (microseconds, 3 significant digits): the
 * run overall, per endpoint, per tenant and per status class, with production's latency beside
 * staging's and the statuses that diverged. Safe to call from any number of event loops at once;
 * recording takes no lock, no atomic read-modify-write and no allocation on the common path: each
 * thread queues its exchanges' figures in its own stripe, which the collector's thread drains into
 * the histograms every 50 ms and at each tick.
 *
 * <p>Life cycle: {@link #start()} before the first request, {@link #onResult} for each exchange,
 * {@link #finish()} after the last, then {@link #report}. A background thread gathers interval
 * histograms every second for the {@code .hlog} file and the per-minute timeline.
 *
 * <p>Latency counts only exchanges that got a response; errors are counted by kind, and their
 * time-to-error goes to the {@code error} status class only. Send lag is recorded for every
 * exchange that got as far as sending (not for connection refusals and connect timeouts).
 */
public final class ResultCollector implements ResultListener, LiveResults, AutoCloseable {
    private static final String NO_TENANT = "(none)";
    private static final String NO_ENDPOINT = "(unknown)";
    private static final long DRAIN_MILLIS = 50;

    private final CollectorOptions options;
    private final KeyedTable endpoints;
    private final KeyedTable tenants;
    private final DivergenceTable divergence;
    private final LongAdder[] errorsByKind = new LongAdder[ErrorKind.values().length];
    private volatile Intervals intervals;
    private volatile boolean finished;
    private volatile RuntimeException tickFailure;
    private final List<String> warnings = new ArrayList<>();
    private IntervalLog log;
    private Path lagLogPath;
    private IntervalLog lagLog;
    private ScheduledExecutorService ticker;
    private long startEpochMillis;
    private long endEpochMillis;
    private long endNanos;
    private boolean keepHistograms;

    public ResultCollector(CollectorOptions options) {
        this.options = options;
        this.endpoints = new KeyedTable(options.maxEndpoints(), false);
        this.tenants = new KeyedTable(options.maxTenants(), options.hlog() != null);
        this.divergence = new DivergenceTable(options.maxDivergenceKinds(), options.examplesPerKind());
        for (int i = 0; i < errorsByKind.length; i++) {
            errorsByKind[i] = new LongAdder();
        }
    }

    /** Marks the run's start now and gathers intervals every second on a daemon thread until {@link #finish()}. */
    public synchronized void start() {
        start(System.nanoTime(), System.currentTimeMillis());
    }

    /**
     * Like {@link #start()} with the run's start at a given instant, which may be ahead: shards
     * started together count their timeline's minutes from the same moment.
     */
    public synchronized void start(long startNanos, long startEpochMillis) {
        begin(startNanos, startEpochMillis);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reprise-results-ticker");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tickNow, 1, 1, TimeUnit.SECONDS);
        // Per-key figures wait in each thread's queue until drained; often enough that a queue
        // rarely fills even at a few hundred thousand exchanges a second per thread.
        ticker.scheduleAtFixedRate(this::drainNow, DRAIN_MILLIS, DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Marks the run's start without a background thread: the caller then calls {@link #tick} itself
     * (tests, or a caller with its own clock). {@code startNanos} is on the {@link System#nanoTime()}
     * scale of the results.
     */
    public synchronized void begin(long startNanos, long startEpochMillis) {
        if (intervals != null) {
            throw new IllegalStateException("the collector has already started");
        }
        this.startEpochMillis = startEpochMillis;
        if (options.hlog() != null) {
            log = IntervalLog.create(options.hlog(), startEpochMillis);
        }
        intervals = new Intervals(startNanos, tenants, endpoints, log);
        if (keepHistograms) {
            intervals.keepMinuteHistograms();
        }
        if (lagLogPath != null) {
            lagLog = IntervalLog.createSendLag(lagLogPath, startEpochMillis);
            intervals.logSendLag(lagLog);
        }
    }

    /** Before the start: keep the histograms behind the report's percentiles, for {@link #histograms()}. */
    public synchronized void keepHistograms() {
        if (intervals != null) {
            throw new IllegalStateException("the collector has already started");
        }
        keepHistograms = true;
    }

    /**
     * The histograms behind the report's percentiles, for a shard's report; once finished, and only
     * if {@link #keepHistograms()} was called before the start (the timeline's minutes need it).
     */
    public synchronized Histograms histograms(Map<String, String> fidelity) {
        if (!finished || !keepHistograms) {
            throw new IllegalStateException("keepHistograms() before the start, and finish() before asking");
        }
        Intervals iv = intervals;
        Map<String, String> overall = new LinkedHashMap<>();
        overall.put("fromIntended", HistogramCodec.encode(iv.totalFromIntended()));
        overall.put("fromSend", HistogramCodec.encode(iv.totalFromSend()));
        overall.put("sendLag", HistogramCodec.encode(iv.totalLag()));
        overall.put("production", HistogramCodec.encode(iv.totalProduction()));
        Map<String, String> classes = new LinkedHashMap<>();
        for (StatusClass c : StatusClass.values()) {
            classes.put(c.label(), HistogramCodec.encode(iv.totalOf(c)));
        }
        return new Histograms(overall, classes, keyed(endpoints), keyed(tenants), iv.minuteHistograms(),
                fidelity == null ? Map.of() : fidelity);
    }

    private static Map<String, KeyedHistograms> keyed(KeyedTable table) {
        Map<String, KeyedHistograms> out = new LinkedHashMap<>();
        for (KeyedStats s : table.all()) {
            out.put(s.key(), s.histograms());
        }
        return out;
    }

    /** Before the start: also write the send lag of every interval to {@code path} (HdrHistogram log format). */
    public synchronized void logSendLag(Path path) {
        if (intervals != null) {
            throw new IllegalStateException("the collector has already started");
        }
        this.lagLogPath = path;
    }

    private void drainNow() {
        try {
            intervals.drain();
        } catch (RuntimeException e) {
            if (tickFailure == null) {
                tickFailure = e;
            }
        }
    }

    private void tickNow() {
        try {
            intervals.tick(System.nanoTime());
        } catch (RuntimeException e) {
            // A throwing task would be cancelled without a word; keep the failure for the report's warnings.
            if (tickFailure == null) {
                tickFailure = e;
            }
        }
    }

    /** Gathers the interval ending at {@code nowNanos}; done every second by {@link #start()}'s thread. */
    public void tick(long nowNanos) {
        started().tick(nowNanos);
    }

    @Override
    public void onResult(ExchangeResult r) {
        Intervals iv = intervals;
        if (iv == null || finished) {
            return;
        }
        ErrorKind error = r.error() == null ? ErrorKind.OTHER : r.error();
        boolean answered = error == ErrorKind.NONE;
        boolean compared = r.recordedStatus() != 0;
        boolean divergent = compared && divergence.record(r.recordedStatus(), r.status(), error, r.target());
        boolean sent = answered || sent(error);
        String endpoint = r.endpoint() == null ? NO_ENDPOINT : r.endpoint();
        String tenant = r.tenant() == null || r.tenant().isEmpty() ? NO_TENANT : r.tenant();
        int flags = (compared ? Stripe.COMPARED : 0) | (divergent ? Stripe.DIVERGENT : 0)
                | (answered ? Stripe.ANSWERED : 0) | (sent ? Stripe.LAGGED : 0);
        if (!answered) {
            errorsByKind[error.ordinal()].increment();
        }
        iv.stripe().record(endpoints.get(endpoint), tenants.get(tenant), flags,
                (answered ? StatusClass.of(r) : StatusClass.ERROR).ordinal(),
                error.ordinal(), micros(r.latencyFromIntendedNanos()),
                answered ? micros(r.latencyFromSentNanos()) : 0,
                answered && r.recordedLatencyNanos() >= 0 ? micros(r.recordedLatencyNanos()) : -1,
                micros(r.sendLagNanos()), r.intendedNanos(), sent ? r.sentNanos() : -1, r.responseBytes());
    }

    /** Errors seen before anything was written have no send time worth measuring. */
    private static boolean sent(ErrorKind error) {
        return error != ErrorKind.CONNECTION_REFUSED && error != ErrorKind.CONNECT_TIMEOUT;
    }

    private static long micros(long nanos) {
        return nanos <= 0 ? 0 : nanos / 1000;
    }

    /**
     * Stops the background thread, gathers the last interval and closes the {@code .hlog} file.
     * Idempotent, and never fails: a problem with the interval log becomes a warning in the report.
     */
    public void finish() {
        finish(System.nanoTime(), System.currentTimeMillis());
    }

    /** {@link #finish()} at a given instant, for callers driving their own clock. */
    public synchronized void finish(long nowNanos, long nowEpochMillis) {
        if (finished) {
            return;
        }
        Intervals iv = started();
        finished = true;
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        iv.finish(nowNanos);
        endNanos = nowNanos;
        endEpochMillis = nowEpochMillis;
        if (tickFailure != null) {
            warnings.add("gathering interval histograms failed (" + tickFailure
                    + "); the timeline and the interval log may miss intervals");
        }
        if (lagLog != null && !lagLog.close()) {
            warnings.add("writing the send-lag log " + lagLog.path() + " failed (is the disk full?); it is incomplete");
        }
        if (log != null && !log.close()) {
            warnings.add("writing the interval log " + log.path() + " failed (is the disk full?); it is incomplete");
        }
    }

    @Override
    public void close() {
        if (intervals != null) {
            finish();
        }
    }

    /** The report of a finished run, with the given thresholds evaluated and recorded in it. */
    public synchronized ReplayReport report(RunInfo run, Thresholds thresholds) {
        ReplayReport report = report(run);
        return thresholds == null ? report : report.withThresholds(thresholds.evaluate(report));
    }

    /** The report of a finished run. */
    public synchronized ReplayReport report(RunInfo run) {
        if (!finished) {
            throw new IllegalStateException("finish() the collector before asking for its report");
        }
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        // NONE is not an error; every other kind is listed, zero included, so readers can rely on the keys.
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind != ErrorKind.NONE) {
                errors.put(kind, errorsByKind[kind.ordinal()].sum());
            }
        }
        return new ReportAssembler(options, intervals, endpoints, tenants, divergence)
                .assemble(run, intervals.exchanges(), intervals.responseBytes(), errors,
                        startEpochMillis, endEpochMillis, (endNanos - intervals.startNanos()) / 1e9, warnings);
    }

    @Override
    public long completed() {
        Intervals iv = intervals;
        return iv == null ? 0 : iv.exchanges();
    }

    @Override
    public long errors() {
        long errors = 0;
        for (LongAdder a : errorsByKind) {
            errors += a.sum();
        }
        return errors;
    }

    @Override
    public long recentLagP99Micros() {
        Intervals iv = intervals;
        return iv == null ? 0 : iv.recentLagP99Micros();
    }

    private Intervals started() {
        Intervals iv = intervals;
        if (iv == null) {
            throw new IllegalStateException("start() or begin() the collector first");
        }
        return iv;
    }
}
