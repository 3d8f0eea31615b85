package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.ReplayReport.KeyedRow;
import dev.reprise.replay.report.ReplayReport.Percentiles;
import dev.reprise.replay.report.ReplayReport.Ratios;
import org.HdrHistogram.PackedHistogram;

/**
 * The figures of one endpoint or tenant. Packed histograms keep the footprint proportional to the
 * buckets actually used, which matters with a thousand keys. One lock per key: event loops rarely
 * record the same key at the same instant, so it is almost never contended.
 */
public final class KeyedStats {
    private final String key;
    private final PackedHistogram staging = new PackedHistogram(3);
    private final PackedHistogram stagingFromSend = new PackedHistogram(3);
    private final PackedHistogram production = new PackedHistogram(3);
    private final boolean intervals;
    private PackedHistogram interval;
    /** Owned by the ticking thread: the histogram handed out by the last {@link #takeInterval()}. */
    private PackedHistogram taken;
    private long requests;
    private long errors;
    private long compared;
    private long divergent;

    KeyedStats(String key, boolean intervals) {
        this.key = key;
        this.intervals = intervals;
        if (intervals) {
            interval = new PackedHistogram(3);
            taken = new PackedHistogram(3);
        }
    }

    public String key() {
        return key;
    }

    /** An exchange that got a response; {@code productionMicros} is negative when unknown. */
    public synchronized void recordResponse(long fromIntendedMicros, long fromSendMicros, long productionMicros,
                                            boolean wasCompared, boolean wasDivergent) {
        requests++;
        staging.recordValue(fromIntendedMicros);
        stagingFromSend.recordValue(fromSendMicros);
        if (productionMicros >= 0) {
            production.recordValue(productionMicros);
        }
        if (intervals) {
            interval.recordValue(fromIntendedMicros);
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

    public synchronized long requests() {
        return requests;
    }

    /**
     * The latency-from-intended histogram of the interval since the previous call. Only one thread
     * may call this; the histogram stays valid until its next call.
     */
    public PackedHistogram takeInterval() {
        PackedHistogram fresh = taken;
        fresh.reset();
        synchronized (this) {
            taken = interval;
            interval = fresh;
        }
        return taken;
    }

    public synchronized KeyedRow toRow() {
        Percentiles fromSend = Percentiles.of(stagingFromSend);
        Percentiles prod = production.getTotalCount() == 0 ? null : Percentiles.of(production);
        return new KeyedRow(key, requests, errors, compared, divergent, Percentiles.of(staging), fromSend, prod,
                Ratios.of(fromSend, prod));
    }
}
