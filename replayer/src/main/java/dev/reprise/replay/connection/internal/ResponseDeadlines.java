package dev.reprise.replay.connection.internal;

import dev.reprise.replay.report.ErrorKind;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's response timeouts, checked by a sweep a few times a second rather than by a
 * timer per request: scheduling and cancelling a timer for every request cost two operations on
 * the loop's timer queue and an allocation each, on the send path, to catch what is rare. A
 * response is declared timed out within one sweep period after its deadline. Confined to its loop.
 */
final class ResponseDeadlines {
    private final EventLoop loop;
    private final long timeoutNanos;
    private final long periodNanos;
    private final List<TargetChannel> watched = new ArrayList<>();
    private boolean sweeping;

    ResponseDeadlines(EventLoop loop, long timeoutNanos) {
        this.loop = loop;
        this.timeoutNanos = timeoutNanos;
        this.periodNanos = Math.max(1_000_000L, Math.min(100_000_000L, timeoutNanos / 10));
    }

    /** The channel has a request in flight; it is watched until it has none. */
    void watch(TargetChannel c) {
        if (!c.watched) {
            c.watched = true;
            watched.add(c);
        }
        if (!sweeping) {
            sweeping = true;
            loop.schedule(this::sweep, periodNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        int kept = 0;
        List<TargetChannel> expired = null;
        for (int i = 0; i < watched.size(); i++) {
            TargetChannel c = watched.get(i);
            long sent = c.oldestInFlightSentNanos();
            if (sent == 0) {
                c.watched = false;
                continue;
            }
            if (now - sent >= timeoutNanos) {
                c.watched = false;
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(c);
                continue;
            }
            watched.set(kept++, c);
        }
        watched.subList(kept, watched.size()).clear();
        if (expired != null) {
            for (TargetChannel c : expired) {
                c.failed(ErrorKind.RESPONSE_TIMEOUT);
            }
        }
        sweeping = !watched.isEmpty();
        if (sweeping) {
            loop.schedule(this::sweep, periodNanos, TimeUnit.NANOSECONDS);
        }
    }
}
