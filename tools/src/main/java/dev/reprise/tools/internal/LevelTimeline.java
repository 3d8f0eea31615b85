package dev.reprise.tools.internal;

import java.util.List;

/**
 * The highest value a level (open connections, requests in flight) reached in each window of a
 * span of unknown length, in the fixed memory of a {@link RateTimeline}: each second's maximum is
 * that timeline's per-second figure, so a window's {@code peakPerSecond} is the level's maximum in it.
 * Seconds without a change hold the level they started with.
 */
public final class LevelTimeline {
    /** A quiet stretch longer than this is filled at its width rather than second by second. */
    private static final long MAX_FILL_SECONDS = 60L * 60 * 24 * 62;

    private final RateTimeline seconds = new RateTimeline();
    private long second = Long.MIN_VALUE;
    private long maxInSecond;
    private long value;

    /** The level became {@code newValue} at {@code nanos}; calls come in time order. */
    public void observe(long nanos, long newValue) {
        long s = Math.floorDiv(nanos, 1_000_000_000L);
        if (second == Long.MIN_VALUE) {
            second = s;
            maxInSecond = value;
        } else if (s > second) {
            seconds.add(second, maxInSecond);
            long quiet = Math.min(s - second - 1, MAX_FILL_SECONDS);
            for (long q = 1; q <= quiet; q++) {
                seconds.add(second + q, value);
            }
            second = s;
            maxInSecond = value;
        }
        value = newValue;
        maxInSecond = Math.max(maxInSecond, newValue);
    }

    /** Each window's start (epoch seconds), width and the level's maximum in it ({@code peakPerSecond}). */
    public List<RateTimeline.Window> windows(int maxRows) {
        if (second != Long.MIN_VALUE) {
            seconds.add(second, maxInSecond);
            second = Long.MIN_VALUE;
        }
        return seconds.windows(maxRows);
    }
}
