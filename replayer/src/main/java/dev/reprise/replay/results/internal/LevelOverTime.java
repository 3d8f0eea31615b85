package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.ReplayReport.Level;
import org.HdrHistogram.Histogram;

/**
 * A level (connections open, requests in flight) as it changes over time, weighted by how long it
 * held each value: the histogram counts microseconds spent at each level. Times must not go back.
 */
public final class LevelOverTime {
    private final Histogram weighted = new Histogram(3);
    private long level;
    private long max;
    private long lastNanos = Long.MIN_VALUE;

    /** The level changes by {@code delta} at {@code nanos}. */
    public void change(long nanos, long delta) {
        advance(nanos);
        level = Math.max(0, level + delta);
        max = Math.max(max, level);
    }

    /** Time passes to {@code nanos} at the current level. */
    public void advance(long nanos) {
        if (lastNanos != Long.MIN_VALUE && nanos > lastNanos) {
            long micros = (nanos - lastNanos) / 1000;
            if (micros > 0) {
                weighted.recordValueWithCount(level, micros);
            }
        }
        if (nanos > lastNanos) {
            lastNanos = nanos;
        }
    }

    /** One observation of the level, each weighing the same (a sample taken at a fixed interval). */
    public void sample(long value) {
        weighted.recordValue(Math.max(0, value));
        max = Math.max(max, value);
    }

    /** The level is known to have reached {@code value} at some moment, however briefly. */
    public void reached(long value) {
        max = Math.max(max, value);
    }

    public long level() {
        return level;
    }

    public Level toLevel() {
        if (weighted.getTotalCount() == 0) {
            return new Level(0, 0, max, 0);
        }
        return new Level(weighted.getValueAtPercentile(50), weighted.getValueAtPercentile(99),
                Math.max(max, weighted.getMaxValue()), weighted.getMean());
    }
}
