package dev.reprise.replay.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run interval by interval: per second for the first hour, then per minute. A bucket that
 * merges shorter ones sums their counts and keeps each percentile's largest value, so a spike
 * survives downsampling. Latencies are microseconds.
 *
 * @param bucketSeconds   the buckets' width: 1, or 60 once the run outlasted the first hour
 * @param truncated       true when the run outlasted the timeline's bound and later buckets were not kept
 * @param intendedDropped exchanges completed too long after their intended send to be counted in
 *                        their bucket's {@code intended} and {@code sent}
 */
public record IntervalTimeline(double bucketSeconds, boolean truncated, long intendedDropped, List<Bucket> buckets) {
    public IntervalTimeline {
        buckets = List.copyOf(buckets);
    }

    /**
     * @param startSeconds  offset from the run's start
     * @param seconds       the bucket's length (the last is usually shorter)
     * @param intended      exchanges the schedule meant to send in the bucket
     * @param sent          exchanges that went out in it (that got as far as sending)
     * @param completed     exchanges that ended in it, answered or failed
     * @param statusClasses completed exchanges by class ({@code 2xx}, {@code 5xx}, {@code error} …), zeros left out
     * @param errorsByKind  failed exchanges by kind, zeros left out
     * @param fromIntended  latency from intended send of the exchanges that ended in the bucket
     * @param production    production's latency of the same requests
     * @param sendLag       send lag of the exchanges that ended in the bucket
     */
    public record Bucket(double startSeconds, double seconds, long intended, long sent, long completed,
                         Map<String, Long> statusClasses, Map<String, Long> errorsByKind,
                         Spread fromIntended, Spread production, Spread sendLag) {
        public Bucket {
            statusClasses = Map.copyOf(statusClasses);
            errorsByKind = Map.copyOf(errorsByKind);
        }
    }

    /** Percentiles of one bucket; all 0 when {@code count} is 0. */
    public record Spread(long count, long p50, long p90, long p99, long p999, long max) {
        public static final Spread EMPTY = new Spread(0, 0, 0, 0, 0, 0);

        /** Counts add; each percentile keeps the larger value, so merging never hides an extreme. */
        public Spread merge(Spread o) {
            return new Spread(count + o.count, Math.max(p50, o.p50), Math.max(p90, o.p90), Math.max(p99, o.p99),
                    Math.max(p999, o.p999), Math.max(max, o.max));
        }
    }

    /**
     * These buckets merged into buckets of {@code width} seconds (a multiple of the current width),
     * keeping extremes; this timeline itself when it is already that coarse.
     */
    public IntervalTimeline coarsened(double width) {
        if (width <= bucketSeconds || buckets.isEmpty()) {
            return this;
        }
        List<Bucket> out = new ArrayList<>();
        Bucket acc = null;
        long accIndex = -1;
        for (Bucket b : buckets) {
            long index = (long) Math.floor(b.startSeconds() / width + 1e-9);
            if (acc != null && index == accIndex) {
                acc = merge(acc, b);
            } else {
                if (acc != null) {
                    out.add(acc);
                }
                // The bucket starts on the coarse grid, and so covers the gap before its first finer bucket.
                acc = new Bucket(index * width, b.startSeconds() + b.seconds() - index * width, b.intended(), b.sent(),
                        b.completed(), b.statusClasses(), b.errorsByKind(), b.fromIntended(), b.production(), b.sendLag());
                accIndex = index;
            }
        }
        out.add(acc);
        return new IntervalTimeline(width, truncated, intendedDropped, out);
    }

    static Bucket merge(Bucket a, Bucket b) {
        return new Bucket(a.startSeconds(), b.startSeconds() + b.seconds() - a.startSeconds(), a.intended() + b.intended(),
                a.sent() + b.sent(), a.completed() + b.completed(), sum(a.statusClasses(), b.statusClasses()),
                sum(a.errorsByKind(), b.errorsByKind()), a.fromIntended().merge(b.fromIntended()),
                a.production().merge(b.production()), a.sendLag().merge(b.sendLag()));
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> m = new LinkedHashMap<>(a);
        b.forEach((k, v) -> m.merge(k, v, Long::sum));
        return m;
    }
}
