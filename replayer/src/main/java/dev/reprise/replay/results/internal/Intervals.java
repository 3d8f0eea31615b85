package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.ReplayReport.MinuteRow;
import dev.reprise.replay.results.StatusClass;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;

/**
 * The run-wide histograms, recorded wait-free from any thread through {@link Recorder}s and
 * gathered once a second by {@link #tick}: each interval is logged, added to the run's totals, and
 * to the current minute of the timeline. All values are microseconds.
 */
public final class Intervals {
    /** A month of minutes; a longer run keeps its totals but stops adding timeline rows. */
    static final int MAX_MINUTES = 31 * 24 * 60;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int RECENT_SECONDS = 5;

    private final Recorder fromIntended = new Recorder(3);
    private final Recorder fromSend = new Recorder(3);
    private final Recorder lag = new Recorder(3);
    private final Recorder production = new Recorder(3);
    private final Recorder[] byClass = new Recorder[StatusClass.values().length];

    // Everything below is touched only under this object's lock, by the ticking thread or finish.
    private final Histogram totalIntended = new Histogram(3);
    private final Histogram totalSend = new Histogram(3);
    private final Histogram totalLag = new Histogram(3);
    private final Histogram totalProduction = new Histogram(3);
    private final Histogram[] totalByClass = new Histogram[byClass.length];
    private final Histogram minuteIntended = new Histogram(3);
    private final Histogram minuteLag = new Histogram(3);
    private final Histogram[] recentLag = new Histogram[RECENT_SECONDS];
    private final Histogram recentLagSum = new Histogram(3);
    private Histogram intervalIntended;
    private Histogram intervalSend;
    private Histogram intervalLag;
    private Histogram intervalProduction;
    private final Histogram[] intervalByClass = new Histogram[byClass.length];
    private final List<MinuteRow> minutes = new ArrayList<>();
    private final KeyedTable tenants;
    private final IntervalLog log;
    private final long startNanos;
    private long lastTickNanos;
    private long minuteStartNanos;
    private int minuteIndex;
    private long minuteErrors;
    private long ticks;
    private boolean truncated;
    private volatile long recentLagP99Micros;

    public Intervals(long startNanos, KeyedTable tenants, IntervalLog log) {
        this.startNanos = startNanos;
        this.lastTickNanos = startNanos;
        this.minuteStartNanos = startNanos;
        this.tenants = tenants;
        this.log = log;
        for (int i = 0; i < byClass.length; i++) {
            byClass[i] = new Recorder(3);
            totalByClass[i] = new Histogram(3);
        }
        for (int i = 0; i < RECENT_SECONDS; i++) {
            recentLag[i] = new Histogram(3);
        }
    }

    /** @param productionMicros production's latency for the same request, negative when unknown */
    public void recordResponse(long fromIntendedMicros, long fromSendMicros, long productionMicros) {
        fromIntended.recordValue(fromIntendedMicros);
        fromSend.recordValue(fromSendMicros);
        if (productionMicros >= 0) {
            production.recordValue(productionMicros);
        }
    }

    public void recordLag(long lagMicros) {
        lag.recordValue(lagMicros);
    }

    public void recordClass(StatusClass statusClass, long fromIntendedMicros) {
        byClass[statusClass.ordinal()].recordValue(fromIntendedMicros);
    }

    /** Gathers the interval that ends at {@code nowNanos}. Ticks at or before the previous one are ignored. */
    public synchronized void tick(long nowNanos) {
        if (nowNanos <= lastTickNanos) {
            return;
        }
        intervalIntended = fromIntended.getIntervalHistogram(intervalIntended);
        intervalSend = fromSend.getIntervalHistogram(intervalSend);
        intervalLag = lag.getIntervalHistogram(intervalLag);
        intervalProduction = production.getIntervalHistogram(intervalProduction);
        totalProduction.add(intervalProduction);
        totalIntended.add(intervalIntended);
        totalSend.add(intervalSend);
        totalLag.add(intervalLag);
        minuteIntended.add(intervalIntended);
        minuteLag.add(intervalLag);
        for (int i = 0; i < byClass.length; i++) {
            intervalByClass[i] = byClass[i].getIntervalHistogram(intervalByClass[i]);
            totalByClass[i].add(intervalByClass[i]);
        }
        minuteErrors += intervalByClass[StatusClass.ERROR.ordinal()].getTotalCount();
        updateRecentLag();
        if (log != null) {
            double from = seconds(lastTickNanos);
            double to = seconds(nowNanos);
            log.write(from, to, intervalIntended, null);
            for (KeyedStats tenant : tenants.allIncludingOther()) {
                PackedHistogram h = tenant.takeInterval();
                if (h.getTotalCount() > 0) {
                    log.write(from, to, h, tenant.key());
                }
            }
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
    }

    private void updateRecentLag() {
        Histogram slot = recentLag[(int) (ticks % RECENT_SECONDS)];
        slot.reset();
        slot.add(intervalLag);
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

    public long startNanos() {
        return startNanos;
    }

    public synchronized long lastTickNanos() {
        return lastTickNanos;
    }
}
