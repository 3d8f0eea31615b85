package dev.reprise.capture.admin;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.LongAdder;

/**
 * The latency the proxy adds to an exchange: how long it held the request head before it was
 * written upstream, plus how long it held the response head before it was written to the client,
 * in nanoseconds. Recording is wait-free from any event loop; reading accumulates the intervals
 * into one running histogram, as Prometheus histograms are cumulative.
 */
public final class AddedLatency {
    private static final long MAX_NANOS = 3_600_000_000_000L;

    private final Recorder recorder = new Recorder(MAX_NANOS, 3);
    private final LongAdder sumNanos = new LongAdder();
    private final Histogram total = new Histogram(MAX_NANOS, 3);
    private Histogram interval;

    public void recordNanos(long nanos) {
        long v = Math.max(0, Math.min(nanos, MAX_NANOS));
        recorder.recordValue(v);
        sumNanos.add(v);
    }

    /** Everything recorded so far; the caller must not keep it past the next call. */
    public synchronized Histogram cumulative() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total;
    }

    public long sumNanos() {
        return sumNanos.sum();
    }
}
