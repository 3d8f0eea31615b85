package dev.reprise.replay.amplify.internal;

import dev.reprise.replay.plan.PlanEvent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;

/**
 * Puts back in time order the events of a stage that shifts some of them later, by at most
 * {@code maxShiftNanos}. The input is in non-decreasing time and shifts are never negative, so an
 * event may leave once the input has passed its time.
 *
 * <p>Events wait in a ring of time buckets spanning the largest shift; once the input has passed
 * a bucket's end, the bucket is sorted by time and released. The sort is stable, so ties leave in
 * the order they came, which keeps each connection's own events in order. Memory is the events of
 * the shift's span; a ring of small sorts stays cache-friendly where one large heap would not.
 */
public final class ReorderBuffer {
    private static final Comparator<PlanEvent> BY_TIME = Comparator.comparingLong(PlanEvent::captureNanos);
    private static final long MIN_BUCKET_NANOS = 1_000_000L;
    private static final int MAX_BUCKETS = 1024;

    private final boolean passThrough;
    private final long bucketNanos;
    private final ArrayList<PlanEvent>[] buckets;
    private final ArrayDeque<PlanEvent> ready = new ArrayDeque<>();
    /** Number of the oldest bucket not yet released; buckets are numbered by time / bucketNanos. */
    private long base = Long.MIN_VALUE;
    private int waiting;

    @SuppressWarnings("unchecked")
    public ReorderBuffer(long maxShiftNanos) {
        if (maxShiftNanos < 0) {
            throw new IllegalArgumentException("shifts are never negative");
        }
        this.passThrough = maxShiftNanos == 0;
        this.bucketNanos = Math.max(MIN_BUCKET_NANOS, (maxShiftNanos + MAX_BUCKETS - 1) / MAX_BUCKETS);
        int ring = passThrough ? 0 : (int) (maxShiftNanos / bucketNanos + 2);
        @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: the ring is only ever filled with lists of events
        ArrayList<PlanEvent>[] ring0 = new ArrayList[ring];
        this.buckets = ring0;
        for (int i = 0; i < ring; i++) {
            buckets[i] = new ArrayList<>();
        }
    }

    /** Releases every event the input, now at {@code watermarkNanos}, can no longer precede. */
    public void advanceTo(long watermarkNanos) {
        if (passThrough) {
            return;
        }
        long target = Math.floorDiv(watermarkNanos, bucketNanos);
        if (base == Long.MIN_VALUE) {
            base = target;
        }
        while (base < target) {
            if (waiting == 0) {
                base = target;
                return;
            }
            release(base++);
        }
    }

    /** Queues an event at or after the last watermark, and at most the largest shift after it. */
    public void add(PlanEvent event) {
        if (passThrough) {
            ready.addLast(event);
            return;
        }
        long b = Math.floorDiv(event.captureNanos(), bucketNanos);
        if (base == Long.MIN_VALUE) {
            base = b;
        }
        if (b < base || b >= base + buckets.length) {
            throw new IllegalStateException("event at " + event.captureNanos() + " outside the reorder span");
        }
        buckets[Math.floorMod(b, buckets.length)].add(event);
        waiting++;
    }

    /** The next event released, or null. */
    public PlanEvent poll() {
        return ready.pollFirst();
    }

    /** Releases everything, for the end of the input. */
    public void releaseAll() {
        while (waiting > 0) {
            release(base++);
        }
    }

    /** Events held, released or not; for tests of the bound. */
    public int size() {
        return waiting + ready.size();
    }

    private void release(long bucket) {
        ArrayList<PlanEvent> events = buckets[Math.floorMod(bucket, buckets.length)];
        if (events.isEmpty()) {
            return;
        }
        events.sort(BY_TIME);
        ready.addAll(events);
        waiting -= events.size();
        events.clear();
    }
}
