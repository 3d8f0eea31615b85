package dev.reprise.replay.connection.internal;

import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.connection.ExchangeSink;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.schedule.EventBacklog;
import io.netty.channel.EventLoop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The share of the connection pool on one event loop, confined to it. A request goes out on an
 * idle connection (the most recently used, so few stay warm), else on a new one while the share
 * allows, else it waits in order for the next free one; the wait shows as send lag.
 */
final class PoolPartition implements TargetChannel.Owner, Pending.Carrier {
    private final EventLoop loop;
    private final int max;
    private final NettyTransport transport;
    private final ConnectionSettings settings;
    private final EventBacklog backlog;
    private final ConnectionStats stats;
    private final ExchangeSink sink;
    private final ArrayDeque<TargetChannel> idle = new ArrayDeque<>();
    private final List<TargetChannel> all = new ArrayList<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** Connections still being established; each will serve one waiting request. */
    private final List<TargetChannel> dialing = new ArrayList<>();

    PoolPartition(EventLoop loop, int max, NettyTransport transport, ConnectionSettings settings,
                  EventBacklog backlog, ConnectionStats stats, ExchangeSink sink) {
        this.loop = loop;
        this.max = max;
        this.transport = transport;
        this.settings = settings;
        this.backlog = backlog;
        this.stats = stats;
        this.sink = sink;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void dropped(Pending p) {
        backlog.release();
    }

    @Override
    public void send(Pending p) {
        waiting.add(p);
        pump();
    }

    void abandon() {
        for (Pending p = waiting.poll(); p != null; p = waiting.poll()) {
            backlog.release();
        }
        for (TargetChannel c : List.copyOf(all)) {
            c.close();
        }
    }

    private void pump() {
        while (!waiting.isEmpty()) {
            TargetChannel c = idle.pollFirst();
            if (c == null) {
                break;
            }
            if (!c.idle()) {
                continue;
            }
            Pending p = waiting.poll();
            backlog.release();
            c.send(p.exchange());
        }
        while (waiting.size() > dialing.size() && all.size() < max) {
            TargetChannel c = new TargetChannel(transport, loop, this, settings, stats, sink);
            all.add(c);
            dialing.add(c);
            c.connect();
        }
    }

    @Override
    public void ready(TargetChannel c) {
        dialing.remove(c);
        idle.addFirst(c); // never already there: a channel is taken out of idle to be sent on, or is new
        pump();
    }

    @Override
    public void connectFailed(TargetChannel c, ErrorKind kind, long attemptNanos) {
        all.remove(c);
        dialing.remove(c);
        if (waiting.size() > dialing.size()) {
            // Each failed attempt answers one waiting request, so a target that is down fails requests, not the run.
            Pending p = waiting.poll();
            backlog.release();
            Exchange x = p.exchange();
            x.sentNanos = Math.max(x.intendedNanos, attemptNanos);
            stats.onEnded(kind, false);
            if (!transport.closing()) {
                sink.completed(p.send().planConnection(), x.sequence(), x.result(System.nanoTime(), kind));
            }
        }
        // Not pump() directly: a refused connect can fail at once, and a long queue must not recurse.
        loop.execute(this::pump);
    }

    @Override
    public void closed(TargetChannel c) {
        all.remove(c);
        dialing.remove(c);
        idle.remove(c);
        pump();
    }
}
