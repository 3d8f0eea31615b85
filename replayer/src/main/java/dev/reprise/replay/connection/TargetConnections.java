package dev.reprise.replay.connection;

import dev.reprise.replay.connection.internal.CapturedConnections;
import dev.reprise.replay.connection.internal.NettyTransport;
import dev.reprise.replay.connection.internal.PooledConnections;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.schedule.DueStep;
import dev.reprise.replay.schedule.EventBacklog;
import io.netty.channel.EventLoop;

import java.util.List;

/**
 * The replay's connections to the target. The scheduler stages each Open, Send and Close ahead
 * of its due time; the step is carried out at the due time on the connection's Netty event loop,
 * which releases the event from the {@link EventBacklog} once done. Errors are reported per exchange and never end the run.
 */
public interface TargetConnections extends AutoCloseable {

    static TargetConnections open(ConnectionSettings settings, EventBacklog backlog, ConnectionStats stats,
                                  ExchangeSink sink) {
        return open(settings, backlog, stats, sink, true);
    }

    /**
     * @param warmUp whether the transport warms its send path against a local server before it is
     *               returned; a replay that was rehearsed has done more than that already
     */
    static TargetConnections open(ConnectionSettings settings, EventBacklog backlog, ConnectionStats stats,
                                  ExchangeSink sink, boolean warmUp) {
        return over(NettyTransport.start(settings, warmUp), settings, backlog, stats, sink);
    }

    /**
     * Connections as {@link #open} makes them, in the same mode and on as many event loops, that
     * all go to a throwaway server on loopback instead of the target: the rehearsal before t0.
     */
    static TargetConnections rehearsal(ConnectionSettings settings, EventBacklog backlog, ConnectionStats stats,
                                       ExchangeSink sink) {
        return over(NettyTransport.rehearsing(settings), settings, backlog, stats, sink);
    }

    private static TargetConnections over(NettyTransport transport, ConnectionSettings settings, EventBacklog backlog,
                                          ConnectionStats stats, ExchangeSink sink) {
        try {
            if (settings.mode() instanceof ConnectionMode.Pool pool) {
                return new PooledConnections(transport, pool.size(), settings, backlog, stats, sink);
            }
            return new CapturedConnections(transport, settings, backlog, stats, sink);
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** The event loops the connections live on; every step names one of them. */
    List<EventLoop> loops();

    /**
     * Starts opening now, before t0, the connection of an Open due in the first moments; its Open
     * is still staged at its due time. Scheduler thread.
     *
     * @return false when this mode does not open connections ahead (a pool opens them as needed)
     */
    boolean openEarly(PlanEvent.Open open);

    /**
     * Each returns the step to carry out at the due time on its connection's loop, or null when
     * nothing is left to do (the event's place in the backlog is then given back). Called from
     * the scheduler thread only, in plan order.
     */
    DueStep open(PlanEvent.Open open, long dueNanos);

    DueStep send(PlanEvent.Send send, long dueNanos);

    DueStep close(PlanEvent.Close close, long dueNanos);

    /**
     * Production's response to a request comes up in the plan. A request the capture sent before
     * production began answering the previous one was pipelined, and is replayed pipelined.
     */
    void recorded(PlanEvent.Recorded recorded);

    /** Closes every connection. Exchanges still outstanding are abandoned without being reported. */
    @Override
    void close();
}
