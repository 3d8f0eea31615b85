package dev.reprise.capture.proxy;

import dev.reprise.capture.admin.ProxyMetrics;
import dev.reprise.format.EpochNanoClock;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The client timeouts of one connection, watched by one timer that re-arms itself rather than one
 * timer per phase, which would cost a task and two heap operations per request. When it fires it
 * asks the connection what it is waiting on its client for, and since when; it closes the
 * connection if that took too long, else checks again at the deadline, and at least every quarter
 * of the shortest timeout, so that a wait that began after the timer was set is noticed at most
 * that late. Runs on the connection's event loop.
 */
final class ClientTimeouts {
    /** What a connection can wait on its client for. */
    enum Phase { HEADER, BODY, KEEP_ALIVE }

    /** A wait in progress, since {@code sinceNanos} (epoch nanoseconds). */
    record Wait(Phase phase, long sinceNanos) {
    }

    private final ClientLimits limits;
    private final ProxyMetrics metrics;
    private final EpochNanoClock clock;
    private final EventExecutor executor;
    private final Supplier<Wait> waiting;
    private final Runnable timedOut;
    private final long checkEveryNanos;
    private ScheduledFuture<?> timer;
    private boolean stopped;

    /**
     * @param waiting  what the connection waits for now, or null when it waits for nothing of the client
     * @param timedOut closes the connection
     */
    ClientTimeouts(ClientLimits limits, ProxyMetrics metrics, EpochNanoClock clock, EventExecutor executor,
                   Supplier<Wait> waiting, Runnable timedOut) {
        this.limits = limits;
        this.metrics = metrics;
        this.clock = clock;
        this.executor = executor;
        this.waiting = waiting;
        this.timedOut = timedOut;
        this.checkEveryNanos = Math.min(limits.headerTimeout().toNanos(),
                Math.min(limits.bodyTimeout().toNanos(), limits.keepAliveTimeout().toNanos())) / 4;
    }

    void start() {
        arm(Math.min(limits.headerTimeout().toNanos(), checkEveryNanos));
    }

    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void arm(long delayNanos) {
        timer = executor.schedule(this::check, Math.max(1_000_000L, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (stopped) {
            return;
        }
        Wait w = waiting.get();
        long now = clock.nowNanos();
        if (w == null) {
            arm(checkEveryNanos);
            return;
        }
        long deadline = w.sinceNanos() + limit(w.phase());
        if (now >= deadline) {
            counter(w.phase()).increment();
            stopped = true;
            timedOut.run();
            return;
        }
        arm(Math.min(deadline - now, checkEveryNanos));
    }

    private long limit(Phase p) {
        return switch (p) {
            case HEADER -> limits.headerTimeout().toNanos();
            case BODY -> limits.bodyTimeout().toNanos();
            case KEEP_ALIVE -> limits.keepAliveTimeout().toNanos();
        };
    }

    private LongAdder counter(Phase p) {
        return switch (p) {
            case HEADER -> metrics.clientHeaderTimeouts;
            case BODY -> metrics.clientBodyTimeouts;
            case KEEP_ALIVE -> metrics.clientKeepAliveTimeouts;
        };
    }
}
