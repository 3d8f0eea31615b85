package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.KeySeries;
import dev.reprise.replay.report.HistogramCodec;
import dev.reprise.replay.report.ReplayReport.KeyedHistograms;
import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.Ratios;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.IntCountsHistogram;

/**
 * The figures of one endpoint or tenant, in microseconds. One lock per key: event loops rarely
 * record the same key at the same instant, so it is almost never contended.
 *
 * <p>Int counts halve the footprint of long ones; a bucket would need 2^31 exchanges of one key at
 * one latency (to 3 significant digits) to overflow. Packed histograms would be smaller still, but
 * growing them costs tens of microseconds per value, which an event loop cannot afford.
 */
public final class KeyedStats {
    /** Points of the per-key p99 series: a day per second, a week per 8.5 minutes, in 11 KB a key. */
    static final int SERIES_POINTS = 1440;
    private final String key;
    private final IntCountsHistogram staging = new IntCountsHistogram(3);
    private final IntCountsHistogram stagingFromSend = new IntCountsHistogram(3);
    private final IntCountsHistogram production = new IntCountsHistogram(3);
    /** Owned by the ticking thread: {@link #staging} as it was at the previous {@link #intervalInto}; null without intervals. */
    private final IntCountsHistogram previous;
    private long previousCount;
    /** This second's latency from intended send, folded into {@link #p99s} at each tick; 2 digits are plenty for a chart. */
    private final IntCountsHistogram second = new IntCountsHistogram(2);
    private final FoldingSeries p99s = new FoldingSeries(SERIES_POINTS);
    private long requests;
    private long errors;
    private long compared;
    private long divergent;

    KeyedStats(String key, boolean intervals) {
        this.key = key;
        this.previous = intervals ? new IntCountsHistogram(3) : null;
    }

    public String key() {
        return key;
    }

    /** An exchange that got a response; {@code productionMicros} is negative when unknown. */
    public synchronized void recordResponse(long fromIntendedMicros, long fromSendMicros, long productionMicros,
                                            boolean wasCompared, boolean wasDivergent) {
        requests++;
        staging.recordValue(fromIntendedMicros);
        second.recordValue(fromIntendedMicros);
        stagingFromSend.recordValue(fromSendMicros);
        if (productionMicros >= 0) {
            production.recordValue(productionMicros);
        }
        count(wasCompared, wasDivergent);
    }

    public synchronized void recordError(boolean wasCompared, boolean wasDivergent) {
        requests++;
        errors++;
        count(wasCompared, wasDivergent);
    }

    private void count(boolean wasCompared, boolean wasDivergent) {
        if (wasCompared) {
            compared++;
            if (wasDivergent) {
                divergent++;
            }
        }
    }

    /** Ends second {@code runSecond} of the key's p99 series. Called by the ticking thread once a tick. */
    public synchronized void closeSecond(long runSecond) {
        if (second.getTotalCount() > 0) {
            p99s.put(runSecond, second.getValueAtPercentile(99));
            second.reset();
        }
    }

    public synchronized KeySeries p99Series() {
        return new KeySeries(key, p99s.secondsPerPoint(), p99s.points());
    }

    public synchronized long requests() {
        return requests;
    }

    /**
     * Fills {@code scratch} with the latency-from-intended of the responses since the previous call,
     * and returns false, leaving it untouched, when there were none. Only one thread may call this.
     * The interval is the difference of two cumulative states, so recording needs no second histogram.
     */
    public boolean intervalInto(AbstractHistogram scratch) {
        synchronized (this) {
            if (staging.getTotalCount() == previousCount) {
                return false;
            }
            scratch.reset();
            scratch.add(staging);
        }
        previousCount = scratch.getTotalCount();
        scratch.subtract(previous);
        previous.add(scratch);
        return true;
    }

    public synchronized KeyedHistograms histograms() {
        return new KeyedHistograms(HistogramCodec.encode(staging), HistogramCodec.encode(stagingFromSend),
                production.getTotalCount() == 0 ? null : HistogramCodec.encode(production));
    }

    public synchronized KeyedRow toRow() {
        Percentiles fromSend = Percentiles.of(stagingFromSend);
        Percentiles prod = production.getTotalCount() == 0 ? null : Percentiles.of(production);
        return new KeyedRow(key, requests, errors, compared, divergent, Percentiles.of(staging), fromSend, prod,
                Ratios.of(fromSend, prod));
    }
}
