package dev.reprise.replay.schedule;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The count of plan events handed to the connections and not yet carried out (a request not yet
 * written, a close waiting for its requests, a production response waiting for its replayed
 * one). The scheduler stops reading the plan while the count is at its cap, so a slow target
 * makes the replay late, and the lateness measured, instead of growing a queue without bound.
 */
public final class EventBacklog {
    private final int cap;
    /** Once at the cap, the scheduler resumes only below this, so it wakes once per batch, not once per event. */
    private final int resumeBelow;
    /**
     * Events given back, by any thread. Striped, so the event loops each count on a cell of their
     * own: one shared counter, incremented by the scheduler and decremented by every loop per
     * event, was a cache line passed between the cores several times per request.
     */
    private final LongAdder released = new LongAdder();
    /** Events counted in; written by the scheduler thread only. */
    private long acquired;
    /** {@link #released} as the scheduler last summed it: never more than the true count, so {@code acquired - releasedSeen} bounds the queue from above. */
    private long releasedSeen;
    /** {@link #acquired} for other threads. */
    private final AtomicLong acquiredOut = new AtomicLong();
    private volatile int max;
    private volatile Thread waiter;

    public EventBacklog(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("backlog cap must be at least 1, got " + cap);
        }
        this.cap = cap;
        this.resumeBelow = Math.max(1, cap - Math.max(1, cap / 4));
    }

    public int cap() {
        return cap;
    }

    /** Events queued now. */
    public int queued() {
        // Released first: every event it counts was counted in before it was handed over, so the
        // difference is never below the true count at the moment the sum was taken.
        long out = released.sum();
        return (int) (acquiredOut.get() - out);
    }

    /** The most events that were ever queued at once; never above {@link #cap()}. */
    public int maxQueued() {
        return max;
    }

    /** Counts one more event if there is room now, without waiting. Called by the scheduler thread only. */
    boolean tryAcquire() {
        if (acquired - releasedSeen >= cap && acquired - (releasedSeen = released.sum()) >= cap) {
            return false;
        }
        counted();
        return true;
    }

    /**
     * Waits until there is room, then counts one more event. Called by the scheduler thread only.
     *
     * @return false when {@code stopped} turned true while waiting
     */
    boolean acquire(java.util.function.BooleanSupplier stopped) {
        if (acquired - (releasedSeen = released.sum()) >= cap) {
            while (acquired - (releasedSeen = released.sum()) >= resumeBelow) {
                waiter = Thread.currentThread();
                if (acquired - released.sum() >= resumeBelow) {
                    LockSupport.parkNanos(this, 1_000_000L);
                }
                waiter = null;
                if (stopped.getAsBoolean()) {
                    return false;
                }
            }
        }
        counted();
        return true;
    }

    /**
     * One more counted. The exact count is summed only when the upper bound passes the maximum so
     * far, so the maximum stays exact while the sum is taken rarely in a steady replay.
     */
    private void counted() {
        acquired++;
        acquiredOut.lazySet(acquired);
        if (acquired - releasedSeen > max) {
            long now = acquired - (releasedSeen = released.sum());
            if (now > max) {
                max = (int) now;
            }
        }
    }

    /** One queued event was carried out or dropped. Called from any thread. */
    public void release() {
        released.increment();
        Thread w = waiter;
        if (w != null && queued() < resumeBelow) {
            LockSupport.unpark(w);
        }
    }
}
