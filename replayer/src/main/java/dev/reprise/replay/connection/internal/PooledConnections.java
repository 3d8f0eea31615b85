package dev.reprise.replay.connection.internal;

import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.connection.ExchangeSink;
import dev.reprise.replay.connection.TargetConnections;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.schedule.DueStep;
import dev.reprise.replay.schedule.EventBacklog;
import io.netty.channel.EventLoop;

import java.util.List;

/**
 * {@code --connections pool:N}: the captured connection structure is ignored; requests share a
 * pool of at most N connections. The pool is split into one share per event loop, each confined
 * to its loop (no locks), and requests are dealt to the shares in turn.
 */
public final class PooledConnections implements TargetConnections {
    private final NettyTransport transport;
    private final EventBacklog backlog;
    private final ConnectionSettings settings;
    private final PoolPartition[] shares;
    /** Used by the scheduler thread only, as every call that sends is. */
    private final WireEncoder encoder;
    private int next;

    public PooledConnections(NettyTransport transport, int size, ConnectionSettings settings, EventBacklog backlog,
                             ConnectionStats stats, ExchangeSink sink) {
        this.transport = transport;
        this.backlog = backlog;
        this.settings = settings;
        this.encoder = new WireEncoder(settings.rewriter());
        List<EventLoop> loops = transport.loops();
        int n = Math.min(size, loops.size());
        this.shares = new PoolPartition[n];
        for (int i = 0; i < n; i++) {
            int share = size / n + (i < size % n ? 1 : 0);
            shares[i] = new PoolPartition(loops.get(i), share, transport, settings, backlog, stats, sink);
        }
    }

    @Override
    public List<EventLoop> loops() {
        return transport.loops();
    }

    /** The pool opens connections as requests need them; the captured opens do not apply. */
    @Override
    public boolean openEarly(PlanEvent.Open open) {
        return false;
    }

    @Override
    public DueStep open(PlanEvent.Open open, long dueNanos) {
        backlog.release();
        return null;
    }

    @Override
    public DueStep send(PlanEvent.Send send, long dueNanos) {
        PoolPartition share = shares[next];
        next = (next + 1) % shares.length;
        WireRequest wire = encoder.encode(send);
        return new Pending(send, dueNanos, false, share, wire, encoder.endpoint());
    }

    @Override
    public DueStep close(PlanEvent.Close close, long dueNanos) {
        backlog.release();
        return null;
    }

    @Override
    public void recorded(PlanEvent.Recorded recorded) {
        // the pool never pipelines
    }

    @Override
    public void close() {
        transport.markClosing();
        for (PoolPartition share : shares) {
            share.loop().execute(share::abandon);
        }
        transport.close();
    }
}
