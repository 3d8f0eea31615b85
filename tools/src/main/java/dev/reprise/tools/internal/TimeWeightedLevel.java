package dev.reprise.tools.internal;

import org.HdrHistogram.Histogram;

/**
 * A count that rises and falls over time (open connections, requests in flight), summarised by
 * how long it held each value: its mean and percentiles are over time, not over events, so a
 * burst of events at one instant weighs nothing and a long quiet stretch weighs a lot.
 * Time is weighed in microseconds. Changes must come in time order.
 */
public final class TimeWeightedLevel {
    private final Histogram heldMicros = new Histogram(2);
    private long value;
    private long max;
    private long since = Long.MIN_VALUE;
    private long first = Long.MIN_VALUE;
    private double integral;

    /** Moves the level by {@code delta} at {@code nanos}; it never goes below zero. */
    public void change(long nanos, long delta) {
        advance(nanos);
        value = Math.max(0, value + delta);
        max = Math.max(max, value);
    }

    /** Accounts for the time up to {@code nanos} at the current value. */
    public void advance(long nanos) {
        if (since == Long.MIN_VALUE) {
            since = nanos;
            first = nanos;
            return;
        }
        if (nanos > since) {
            long dt = nanos - since;
            long micros = dt / 1_000;
            if (micros > 0) {
                heldMicros.recordValueWithCount(value, micros);
            }
            integral += (double) value * dt;
            since = nanos;
        }
    }

    public long value() {
        return value;
    }

    public long max() {
        return max;
    }

    public double mean() {
        long span = since - first;
        return span > 0 ? integral / span : value;
    }

    /** The level held for all but {@code 100 - percentile} percent of the time. */
    public long percentile(double percentile) {
        return heldMicros.getTotalCount() == 0 ? value : heldMicros.getValueAtPercentile(percentile);
    }
}
