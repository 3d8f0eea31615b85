package dev.reprise.replay.results.internal;

import dev.reprise.replay.report.IntervalTimeline;
import dev.reprise.replay.report.IntervalTimeline.Bucket;
import dev.reprise.replay.report.IntervalTimeline.Spread;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.StatusClass;
import org.HdrHistogram.AbstractHistogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-interval figures behind {@link IntervalTimeline}: one bucket per second for the first
 * hour, then one per minute (the hour's seconds merged, keeping extremes), bounded to a month.
 *
 * <p>Latencies and status classes come from the interval histograms {@link Intervals#tick} gathers.
 * What the tick cannot see is counted here by the recording threads: errors by kind, and
 * exchanges by the second they were <em>due</em> and the second they were <em>sent</em>, which are
 * known only once they end. A second is closed {@link #GRACE_SECONDS} after it passed; an exchange
 * that ends later than that is counted in {@code intendedDropped} instead (and not in {@code sent}).
 */
public final class IntervalSeries {
    static final int SECOND_BUCKETS = 3600;
    static final int MAX_MINUTE_BUCKETS = 31 * 24 * 60;
    static final int GRACE_SECONDS = 64;
    private static final int RING = 128;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final long startNanos;
    private final LongAdder[] intendedRing = new LongAdder[RING];
    private final LongAdder[] sentRing = new LongAdder[RING];
    private final LongAdder[] errorsByKind = new LongAdder[ErrorKind.values().length];
    private final AtomicLong closedSeconds = new AtomicLong();
    private final LongAdder intendedDropped = new LongAdder();

    // Below: only under this object's lock.
    private final List<MutableBucket> buckets = new ArrayList<>();
    private int width = 1;
    private boolean truncated;

    public IntervalSeries(long startNanos) {
        this.startNanos = startNanos;
        for (int i = 0; i < RING; i++) {
            intendedRing[i] = new LongAdder();
            sentRing[i] = new LongAdder();
        }
        for (int i = 0; i < errorsByKind.length; i++) {
            errorsByKind[i] = new LongAdder();
        }
    }

    /**
     * Called for every exchange that ended, as the stripes are drained (or by a writer whose queue is full).
     *
     * @param sentNanos when its first byte went out, or negative when it never got that far
     */
    public void recordOutcome(long intendedNanos, long sentNanos, ErrorKind error) {
        long closed = closedSeconds.get();
        long second = secondOf(intendedNanos);
        if (second < closed) {
            intendedDropped.increment();
        } else {
            intendedRing[(int) (second % RING)].increment();
        }
        if (sentNanos >= 0) {
            long sentSecond = secondOf(sentNanos);
            if (sentSecond >= closed) {
                sentRing[(int) (sentSecond % RING)].increment();
            }
        }
        if (error != ErrorKind.NONE) {
            errorsByKind[error.ordinal()].increment();
        }
    }

    private long secondOf(long nanos) {
        return Math.max(0, Math.floorDiv(nanos - startNanos, SECOND_NANOS));
    }

    /** Adds the interval {@code [fromSeconds, toSeconds)} as the tick gathered it. */
    synchronized void add(double fromSeconds, double toSeconds, AbstractHistogram fromIntended,
                          AbstractHistogram production, AbstractHistogram lag, long[] byClass) {
        Map<String, Long> classes = new LinkedHashMap<>();
        long completed = 0;
        for (StatusClass c : StatusClass.values()) {
            long n = byClass[c.ordinal()];
            if (n > 0) {
                classes.put(c.label(), n);
                completed += n;
            }
        }
        Map<String, Long> errors = new LinkedHashMap<>();
        for (ErrorKind k : ErrorKind.values()) {
            long n = errorsByKind[k.ordinal()].sumThenReset();
            if (n > 0) {
                errors.put(k.name(), n);
            }
        }
        // The interval's middle names its bucket: ticks jitter around whole seconds.
        MutableBucket b = bucketAt((fromSeconds + toSeconds) / 2);
        if (b != null) {
            b.add(toSeconds, completed, 0, classes, errors, spread(fromIntended),
                    spread(production), spread(lag));
        }
        closeIntendedUpTo((long) Math.floor(toSeconds) - GRACE_SECONDS);
    }

    /** Closes every intended second still open; called once the run has ended and nothing more will be recorded. */
    synchronized void finish() {
        closeIntendedUpTo(closedSeconds.get() + RING);
    }

    private void closeIntendedUpTo(long second) {
        long from = closedSeconds.get();
        for (long s = from; s < second; s++) {
            long n = intendedRing[(int) (s % RING)].sumThenReset();
            long sent = sentRing[(int) (s % RING)].sumThenReset();
            if (n > 0 || sent > 0) {
                MutableBucket b = bucketAt(s + 0.5);
                if (b != null) {
                    b.intended += n;
                    b.sent += sent;
                }
            }
        }
        if (second > from) {
            closedSeconds.set(second);
        }
    }

    /** The bucket holding second {@code at} of the run, created (with any before it) when missing; null past the bound. */
    private MutableBucket bucketAt(double at) {
        long index = (long) Math.floor(at / width + 1e-9);
        if (width == 1 && index >= SECOND_BUCKETS) {
            coarsen();
            index = (long) Math.floor(at / width + 1e-9);
        }
        if (index >= MAX_MINUTE_BUCKETS) {
            truncated = true;
            return null;
        }
        while (buckets.size() <= index) {
            buckets.add(new MutableBucket((double) buckets.size() * width));
        }
        return buckets.get((int) index);
    }

    private void coarsen() {
        List<MutableBucket> minutes = new ArrayList<>();
        for (MutableBucket b : buckets) {
            int m = (int) (b.start / 60);
            while (minutes.size() <= m) {
                minutes.add(new MutableBucket(minutes.size() * 60.0));
            }
            minutes.get(m).merge(b);
        }
        buckets.clear();
        buckets.addAll(minutes);
        width = 60;
    }

    public synchronized IntervalTimeline toTimeline() {
        List<Bucket> out = new ArrayList<>(buckets.size());
        for (MutableBucket b : buckets) {
            out.add(b.toBucket(width));
        }
        return new IntervalTimeline(width, truncated, intendedDropped.sum(), out);
    }

    private static Spread spread(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return Spread.EMPTY;
        }
        return new Spread(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }

    private static final class MutableBucket {
        final double start;
        double end = -1;
        long intended;
        long sent;
        long completed;
        final Map<String, Long> classes = new LinkedHashMap<>();
        final Map<String, Long> errors = new LinkedHashMap<>();
        Spread fromIntended = Spread.EMPTY;
        Spread production = Spread.EMPTY;
        Spread lag = Spread.EMPTY;

        MutableBucket(double start) {
            this.start = start;
        }

        void add(double to, long completedIn, long sentIn, Map<String, Long> byClass, Map<String, Long> byError,
                 Spread intendedSpread, Spread productionSpread, Spread lagSpread) {
            end = Math.max(end, to);
            completed += completedIn;
            sent += sentIn;
            byClass.forEach((k, v) -> classes.merge(k, v, Long::sum));
            byError.forEach((k, v) -> errors.merge(k, v, Long::sum));
            fromIntended = fromIntended.merge(intendedSpread);
            production = production.merge(productionSpread);
            lag = lag.merge(lagSpread);
        }

        void merge(MutableBucket o) {
            intended += o.intended;
            add(o.end, o.completed, o.sent, o.classes, o.errors, o.fromIntended, o.production, o.lag);
        }

        Bucket toBucket(int width) {
            double seconds = end < 0 ? width : Math.min(width, end - start);
            return new Bucket(start, seconds, intended, sent, completed, classes, errors, fromIntended, production, lag);
        }
    }
}
