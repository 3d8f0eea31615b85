package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.HistogramCodec;
import dev.reprise.replay.report.ReplayReport.MinuteHistograms;
import dev.reprise.replay.report.ReplayReport.MinuteRow;
import dev.reprise.replay.results.StatusClass;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The run-wide histograms, queued wait-free by each thread into its own {@link Stripe}, drained
 * every 50 ms ({@link #drain}) and gathered once a second by {@link #tick}: each interval is
 * logged, added to the run's totals, and to the current minute of the timeline. All values are microseconds.
 */
public final class Intervals {
    /** A month of minutes; a longer run keeps its totals but stops adding timeline rows. */
    static final int MAX_MINUTES = 31 * 24 * 60;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int RECENT_SECONDS = 5;

    /** Beyond this many recording threads, later ones share one concurrent stripe. */
    static final int MAX_STRIPES = 64;

    private final CopyOnWriteArrayList<Stripe> stripes = new CopyOnWriteArrayList<>();
    private final Stripe shared;
    private final ThreadLocal<Stripe> local = ThreadLocal.withInitial(this::newStripe);

    // Everything below is touched only under this object's lock, by the ticking thread or finish.
    private final Histogram totalIntended = new Histogram(3);
    private final Histogram totalSend = new Histogram(3);
    private final Histogram totalLag = new Histogram(3);
    private final Histogram totalProduction = new Histogram(3);
    private final Histogram[] totalByClass = new Histogram[StatusClass.values().length];
    private final Histogram minuteIntended = new Histogram(3);
    private final Histogram minuteLag = new Histogram(3);
    private final Histogram[] recentLag = new Histogram[RECENT_SECONDS];
    private final Histogram recentLagSum = new Histogram(3);
    private final Histogram[] interval = new Histogram[Stripe.METRICS];
    private final IntCountsHistogram tenantInterval = new IntCountsHistogram(3);
    private final List<MinuteRow> minutes = new ArrayList<>();
    /** Each minute's histograms, encoded, when kept for a shard's report; null otherwise. */
    private List<MinuteHistograms> minuteHistograms;
    private final KeyedTable tenants;
    private final KeyedTable endpoints;
    private final IntervalLog log;
    private IntervalLog lagLog;
    private final IntervalSeries series;
    private final long startNanos;
    private long lastTickNanos;
    private long minuteStartNanos;
    private int minuteIndex;
    private long minuteErrors;
    private long ticks;
    private boolean truncated;
    private volatile long recentLagP99Micros;

    public Intervals(long startNanos, KeyedTable tenants, IntervalLog log) {
        this(startNanos, tenants, null, log);
    }

    /** @param endpoints the endpoints whose p99 series to keep beside the tenants'; null for none */
    public Intervals(long startNanos, KeyedTable tenants, KeyedTable endpoints, IntervalLog log) {
        this.startNanos = startNanos;
        this.lastTickNanos = startNanos;
        this.minuteStartNanos = startNanos;
        this.tenants = tenants;
        this.endpoints = endpoints;
        this.log = log;
        this.series = new IntervalSeries(startNanos);
        this.shared = new Stripe(false, series);
        for (int i = 0; i < totalByClass.length; i++) {
            totalByClass[i] = new Histogram(3);
        }
        for (int i = 0; i < interval.length; i++) {
            interval[i] = new Histogram(3);
        }
        stripes.add(shared);
        for (int i = 0; i < RECENT_SECONDS; i++) {
            recentLag[i] = new Histogram(3);
        }
    }

    /** Keeps each minute's histograms as well as its percentiles, so that shards' timelines merge exactly. */
    public synchronized void keepMinuteHistograms() {
        if (minuteHistograms == null) {
            minuteHistograms = new ArrayList<>();
        }
    }

    public synchronized List<MinuteHistograms> minuteHistograms() {
        return minuteHistograms == null ? List.of() : List.copyOf(minuteHistograms);
    }

    /** Also writes each interval's send lag to {@code lagLog}: how late the replayer was, second by second. */
    public synchronized void logSendLag(IntervalLog lagLog) {
        this.lagLog = lagLog;
    }

    private Stripe newStripe() {
        synchronized (stripes) {
            if (stripes.size() > MAX_STRIPES) {
                return shared;
            }
            Stripe stripe = new Stripe(true, series);
            stripes.add(stripe);
            return stripe;
        }
    }

    /** The calling thread's stripe: look it up once per exchange and record into it. */
    public Stripe stripe() {
        return local.get();
    }

    /** Exchanges recorded so far by every thread, those still queued included. */
    public long exchanges() {
        long n = 0;
        for (Stripe stripe : stripes) {
            n += stripe.exchanges();
        }
        return n;
    }

    /** Response bytes of the exchanges drained so far; all of them once finished. */
    public synchronized long responseBytes() {
        long n = 0;
        for (Stripe stripe : stripes) {
            n += stripe.responseBytes();
        }
        return n;
    }

    /** Adds what the recording threads queued to the histograms, the series and the keys. */
    public synchronized void drain() {
        for (Stripe stripe : stripes) {
            stripe.drain();
        }
    }

    /** Gathers the interval that ends at {@code nowNanos}. Ticks at or before the previous one are ignored. */
    public synchronized void tick(long nowNanos) {
        drain();
        if (nowNanos <= lastTickNanos) {
            return;
        }
        for (Histogram h : interval) {
            h.reset();
        }
        for (Stripe stripe : stripes) {
            stripe.takeInterval(interval);
        }
        Histogram intervalIntended = interval[Stripe.FROM_INTENDED];
        Histogram intervalLag = interval[Stripe.LAG];
        totalIntended.add(intervalIntended);
        totalSend.add(interval[Stripe.FROM_SEND]);
        totalLag.add(intervalLag);
        totalProduction.add(interval[Stripe.PRODUCTION]);
        minuteIntended.add(intervalIntended);
        minuteLag.add(intervalLag);
        for (StatusClass c : StatusClass.values()) {
            totalByClass[c.ordinal()].add(interval[Stripe.metricOf(c)]);
        }
        minuteErrors += interval[Stripe.metricOf(StatusClass.ERROR)].getTotalCount();
        updateRecentLag();
        long[] byClass = new long[StatusClass.values().length];
        for (StatusClass c : StatusClass.values()) {
            byClass[c.ordinal()] = interval[Stripe.metricOf(c)].getTotalCount();
        }
        series.add(seconds(lastTickNanos), seconds(nowNanos), intervalIntended, interval[Stripe.PRODUCTION],
                intervalLag, byClass);
        long runSecond = (long) Math.floor((seconds(lastTickNanos) + seconds(nowNanos)) / 2);
        for (KeyedStats k : tenants.allIncludingOther()) {
            k.closeSecond(runSecond);
        }
        if (endpoints != null) {
            for (KeyedStats k : endpoints.allIncludingOther()) {
                k.closeSecond(runSecond);
            }
        }
        if (log != null) {
            double from = seconds(lastTickNanos);
            double to = seconds(nowNanos);
            log.write(from, to, interval[Stripe.FROM_INTENDED], null);
            for (KeyedStats tenant : tenants.allIncludingOther()) {
                if (tenant.intervalInto(tenantInterval)) {
                    log.write(from, to, tenantInterval, tenant.key());
                }
            }
        }
        if (lagLog != null) {
            lagLog.write(seconds(lastTickNanos), seconds(nowNanos), intervalLag, null);
        }
        lastTickNanos = nowNanos;
        ticks++;
        if ((nowNanos - startNanos) / MINUTE_NANOS > minuteIndex) {
            closeMinute(nowNanos);
        }
    }

    /** Gathers the last interval and closes the last, partial, minute. */
    public synchronized void finish(long nowNanos) {
        tick(nowNanos);
        if (lastTickNanos > minuteStartNanos) {
            closeMinute(lastTickNanos);
        }
        series.finish();
    }

    private void updateRecentLag() {
        Histogram slot = recentLag[(int) (ticks % RECENT_SECONDS)];
        slot.reset();
        slot.add(interval[Stripe.LAG]);
        recentLagSum.reset();
        for (Histogram h : recentLag) {
            recentLagSum.add(h);
        }
        recentLagP99Micros = recentLagSum.getValueAtPercentile(99);
    }

    private void closeMinute(long endNanos) {
        long responses = minuteIntended.getTotalCount();
        long requests = responses + minuteErrors;
        double secs = (endNanos - minuteStartNanos) / 1e9;
        if (minutes.size() < MAX_MINUTES) {
            minutes.add(new MinuteRow(minuteIndex, seconds(minuteStartNanos), secs, requests, minuteErrors,
                    secs > 0 ? requests / secs : 0, requests == 0 ? 0 : (double) minuteErrors / requests,
                    responses == 0 ? 0 : minuteIntended.getValueAtPercentile(50),
                    responses == 0 ? 0 : minuteIntended.getValueAtPercentile(99),
                    minuteLag.getTotalCount() == 0 ? 0 : minuteLag.getValueAtPercentile(99)));
            if (minuteHistograms != null) {
                minuteHistograms.add(new MinuteHistograms(minuteIndex, HistogramCodec.encode(minuteIntended),
                        HistogramCodec.encode(minuteLag)));
            }
        } else {
            truncated = true;
        }
        minuteIntended.reset();
        minuteLag.reset();
        minuteErrors = 0;
        minuteStartNanos = endNanos;
        minuteIndex = (int) ((endNanos - startNanos) / MINUTE_NANOS);
    }

    private double seconds(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    /** Send-lag p99 over the last few seconds, for the progress line. */
    public long recentLagP99Micros() {
        return recentLagP99Micros;
    }

    public synchronized Histogram totalFromIntended() {
        return totalIntended.copy();
    }

    public synchronized Histogram totalFromSend() {
        return totalSend.copy();
    }

    public synchronized Histogram totalLag() {
        return totalLag.copy();
    }

    public synchronized Histogram totalProduction() {
        return totalProduction.copy();
    }

    public synchronized Histogram totalOf(StatusClass statusClass) {
        return totalByClass[statusClass.ordinal()].copy();
    }

    public synchronized List<MinuteRow> minutes() {
        return List.copyOf(minutes);
    }

    public synchronized boolean truncated() {
        return truncated;
    }

    /** The per-interval figures of the HTML report; the stripes add outcomes to it as they are drained. */
    public IntervalSeries series() {
        return series;
    }

    public long startNanos() {
        return startNanos;
    }

    public synchronized long lastTickNanos() {
        return lastTickNanos;
    }
}
