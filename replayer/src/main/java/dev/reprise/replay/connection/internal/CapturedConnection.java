package dev.reprise.replay.connection.internal;

import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.connection.ExchangeSink;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.schedule.EventBacklog;
import io.netty.channel.EventLoop;

import java.util.ArrayDeque;

/**
 * The replay of one captured connection: one connection to the target, opened at the captured
 * open, carrying the captured requests in their order, each no earlier than its due time and
 * only after the previous response, and closed at the captured close. When the connection
 * fails it is established again for the next request. Confined to its event loop.
 */
final class CapturedConnection implements TargetChannel.Owner, Pending.Carrier {
    private final PlanConnection planned;
    private final EventLoop loop;
    private final NettyTransport transport;
    private final ConnectionSettings settings;
    private final EventBacklog backlog;
    private final ConnectionStats stats;
    private final ExchangeSink sink;
    private final Runnable onDone;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(2);
    private TargetChannel channel;
    private boolean closeRequested;
    private boolean done;
    /** Touched by the scheduler thread only: the last request handed over, and whether production had begun answering it. */
    long lastSentSequence = -1;
    boolean lastAnswered = true;

    CapturedConnection(PlanConnection planned, EventLoop loop, NettyTransport transport, ConnectionSettings settings,
                       EventBacklog backlog, ConnectionStats stats, ExchangeSink sink, Runnable onDone) {
        this.planned = planned;
        this.loop = loop;
        this.transport = transport;
        this.settings = settings;
        this.backlog = backlog;
        this.stats = stats;
        this.sink = sink;
        this.onDone = onDone;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    /** The captured open at its due time; a connection opened early is already there. */
    void openAtDueTime() {
        backlog.release();
        open();
    }

    /** An open or close staged for its due time that will not run: the replay stopped. */
    void dropped() {
        backlog.release();
    }

    @Override
    public void dropped(Pending p) {
        backlog.release();
    }

    void open() {
        if (channel == null && !done) {
            connect();
        }
    }

    @Override
    public void send(Pending p) {
        if (done) {
            backlog.release();
            return;
        }
        queue.add(p);
        pump();
    }

    /** The captured close: after the requests still queued, then the connection goes. */
    void close() {
        if (done) {
            backlog.release();
            return;
        }
        closeRequested = true;
        pump();
    }

    /** The replay is over: queued requests are dropped unsent. */
    void abandon() {
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            backlog.release();
        }
        if (closeRequested && !done) {
            backlog.release();
        }
        finish();
    }

    private void pump() {
        if (done) {
            return;
        }
        if (!queue.isEmpty()) {
            if (channel == null || channel.finished()) {
                connect();
                return;
            }
            TargetChannel c = channel;
            while (!done && c == channel && !queue.isEmpty()
                    && (c.idle() || (queue.peek().pipelined() && c.busy() && c.acceptsPipelined()))) {
                Pending p = queue.poll();
                backlog.release();
                c.send(p.exchange());
            }
            return;
        }
        if (closeRequested && (channel == null || !channel.busy())) {
            backlog.release();
            finish();
        }
    }

    private void finish() {
        if (!done) {
            done = true;
            if (channel != null) {
                channel.close();
            }
            onDone.run();
        }
    }

    private void connect() {
        channel = new TargetChannel(transport, loop, this, settings, stats, sink);
        channel.connect();
    }

    @Override
    public void ready(TargetChannel c) {
        if (c == channel) {
            pump();
        }
    }

    @Override
    public void connectFailed(TargetChannel c, ErrorKind kind, long attemptNanos) {
        if (c != channel) {
            return;
        }
        channel = null;
        Pending p = queue.poll();
        if (p != null) {
            // The request that needed this connection gets the connect error; the next one tries afresh.
            backlog.release();
            Exchange x = p.exchange();
            x.sentNanos = Math.max(x.intendedNanos, attemptNanos);
            stats.onEnded(kind, false);
            if (!transport.closing()) {
                sink.completed(planned, x.sequence(), x.result(System.nanoTime(), kind));
            }
        }
        // Not pump() directly: a refused connect can fail at once, and a long queue must not recurse.
        loop.execute(this::pump);
    }

    @Override
    public void closed(TargetChannel c) {
        if (c == channel) {
            channel = null;
            pump();
        }
    }
}
