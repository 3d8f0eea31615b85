package dev.reprise.replay.report;

/**
 * What the HTML report charts beyond the per-minute timeline: figures per interval, and the latency
 * distributions as curves. Null in reports written before this section existed.
 *
 * @param intervals per second for the first hour, then per minute
 * @param curves    latency at many percentiles, for distribution curves
 */
public record ReplaySeries(IntervalTimeline intervals, LatencyCurves curves) {
}
