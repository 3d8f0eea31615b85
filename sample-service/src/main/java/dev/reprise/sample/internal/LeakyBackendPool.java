package dev.reprise.sample.internal;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The context-leak defect: a simulated backend pool whose keep-alive check records a context
 * for each pooled connection on every round, and keeps every one. Nothing ever reads or frees
 * them; the check runs on an event loop whatever the traffic, so the service's memory grows with
 * its uptime alone.
 */
public final class LeakyBackendPool implements AutoCloseable {
    private final int connections;
    private final int contextBytes;
    private final List<byte[]> retained = new ArrayList<>();
    private final ScheduledFuture<?> checks;
    private volatile long retainedBytes;

    public LeakyBackendPool(EventExecutor loop, int connections, int contextBytes, long checkMillis) {
        this.connections = connections;
        this.contextBytes = contextBytes;
        this.checks = loop.scheduleAtFixedRate(this::checkAll, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs on its one event loop only. */
    private void checkAll() {
        for (int c = 0; c < connections; c++) {
            byte[] context = new byte[contextBytes];
            // a context carries the connection's identity and a time stamp: written, so its pages are real
            for (int i = 0; i < context.length; i += 512) {
                context[i] = (byte) (c + i);
            }
            retained.add(context);
        }
        retainedBytes += (long) connections * contextBytes;
    }

    /** Bytes of context held so far. */
    public long retainedBytes() {
        return retainedBytes;
    }

    @Override
    public void close() {
        checks.cancel(false);
    }
}
