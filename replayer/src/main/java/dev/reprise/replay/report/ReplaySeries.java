package dev.reprise.replay.report;

import java.util.List;

/**
 * What the HTML report charts beyond the per-minute timeline: figures per interval, and the latency
 * distributions as curves. Null in reports written before this section existed.
 *
 * @param intervals per second for the first hour, then per minute
 * @param curves    latency at many percentiles, for distribution curves
 * @param tenants   p99 over the run of the tenants with the most requests
 * @param endpoints p99 over the run of the endpoints with the most requests
 */
public record ReplaySeries(IntervalTimeline intervals, LatencyCurves curves, List<KeySeries> tenants,
                           List<KeySeries> endpoints) {
    public ReplaySeries {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    public ReplaySeries(IntervalTimeline intervals, LatencyCurves curves) {
        this(intervals, curves, List.of(), List.of());
    }
}
