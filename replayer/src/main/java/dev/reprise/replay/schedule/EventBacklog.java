package dev.reprise.replay.schedule;

import java.util.concurrent.atomic.AtomicInteger;
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
    private final AtomicInteger queued = new AtomicInteger();
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
        return queued.get();
    }

    /** The most events that were ever queued at once; never above {@link #cap()}. */
    public int maxQueued() {
        return max;
    }

    /** Counts one more event if there is room now, without waiting. Called by the scheduler thread only. */
    boolean tryAcquire() {
        if (queued.get() >= cap) {
            return false;
        }
        int now = queued.incrementAndGet();
        if (now > max) {
            max = now;
        }
        return true;
    }

    /**
     * Waits until there is room, then counts one more event. Called by the scheduler thread only.
     *
     * @return false when {@code stopped} turned true while waiting
     */
    boolean acquire(java.util.function.BooleanSupplier stopped) {
        if (queued.get() >= cap) {
            while (queued.get() >= resumeBelow) {
                waiter = Thread.currentThread();
                if (queued.get() >= resumeBelow) {
                    LockSupport.parkNanos(this, 1_000_000L);
                }
                waiter = null;
                if (stopped.getAsBoolean()) {
                    return false;
                }
            }
        }
        int now = queued.incrementAndGet();
        if (now > max) {
            max = now;
        }
        return true;
    }

    /** One queued event was carried out or dropped. Called from any thread. */
    public void release() {
        int now = queued.decrementAndGet();
        if (now < resumeBelow) {
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }
}
