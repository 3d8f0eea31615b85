package dev.reprise.replay.connection;

import dev.reprise.replay.connection.internal.CapturedConnections;
import dev.reprise.replay.connection.internal.NettyTransport;
import dev.reprise.replay.connection.internal.PooledConnections;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.schedule.EventBacklog;

/**
 * The replay's connections to the target. The scheduler hands it each Open, Send and Close at
 * its due time; it carries them out on Netty event loops and releases the event from the
 * {@link EventBacklog} once done. Errors are reported per exchange and never end the run.
 */
public interface TargetConnections extends AutoCloseable {

    static TargetConnections open(ConnectionSettings settings, EventBacklog backlog, ConnectionStats stats,
                                  ExchangeSink sink) {
        NettyTransport transport = NettyTransport.start(settings);
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

    /** Called from the scheduler thread only, like {@link #send} and {@link #close(PlanEvent.Close, long)}. */
    void open(PlanEvent.Open open, long dueNanos);

    void send(PlanEvent.Send send, long dueNanos);

    void close(PlanEvent.Close close, long dueNanos);

    /**
     * Production's response to a request comes up in the plan. A request the capture sent before
     * production began answering the previous one was pipelined, and is replayed pipelined.
     */
    void recorded(PlanEvent.Recorded recorded);

    /** Closes every connection. Exchanges still outstanding are abandoned without being reported. */
    @Override
    void close();
}
