package dev.reprise.replay.connection.internal;

import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.connection.ExchangeSink;
import dev.reprise.replay.connection.TargetConnections;
import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.schedule.DueStep;
import dev.reprise.replay.schedule.EventBacklog;
import io.netty.channel.EventLoop;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --connections captured}: one target connection per captured connection, spread over
 * the event loops. Each connection stays on its loop, so its steps run there in plan order.
 */
public final class CapturedConnections implements TargetConnections {
    /** On each plan connection, from its first event to its Close: its target connection. Scheduler thread only. */
    private static final PlanConnection.Slot<CapturedConnection> TARGET = PlanConnection.Slot.named("target connection");

    private final NettyTransport transport;
    private final ConnectionSettings settings;
    private final EventBacklog backlog;
    private final ConnectionStats stats;
    private final ExchangeSink sink;
    /** Every connection not yet finished, including those closing after the plan's Close. */
    private final Set<CapturedConnection> live = ConcurrentHashMap.newKeySet();
    /** Used by the scheduler thread only, as every call that sends is. */
    private final WireEncoder encoder;

    public CapturedConnections(NettyTransport transport, ConnectionSettings settings, EventBacklog backlog,
                               ConnectionStats stats, ExchangeSink sink) {
        this.transport = transport;
        this.settings = settings;
        this.encoder = new WireEncoder(settings.rewriter());
        this.backlog = backlog;
        this.stats = stats;
        this.sink = sink;
    }

    @Override
    public List<EventLoop> loops() {
        return transport.loops();
    }

    @Override
    public boolean openEarly(PlanEvent.Open open) {
        CapturedConnection c = connection(open.planConnection());
        c.loop().execute(c::open);
        return true;
    }

    @Override
    public DueStep open(PlanEvent.Open open, long dueNanos) {
        return ConnectionStep.open(connection(open.planConnection()), dueNanos);
    }

    @Override
    public DueStep send(PlanEvent.Send send, long dueNanos) {
        CapturedConnection c = connection(send.planConnection());
        boolean pipelined = c.lastSentSequence >= 0 && !c.lastAnswered;
        c.lastSentSequence = send.sequence();
        c.lastAnswered = false;
        WireRequest wire = encoder.encode(send);
        return new Pending(send, dueNanos, pipelined, c, wire, encoder.endpoint());
    }

    @Override
    public DueStep close(PlanEvent.Close close, long dueNanos) {
        PlanConnection planned = close.planConnection();
        CapturedConnection c = planned.get(TARGET, this);
        planned.clear(TARGET, this);
        if (c == null) {
            backlog.release();
            return null;
        }
        return ConnectionStep.close(c, dueNanos);
    }

    /** Production began answering a request: a request handed over before this was a pipelined one. */
    @Override
    public void recorded(PlanEvent.Recorded recorded) {
        CapturedConnection c = recorded.planConnection().get(TARGET, this);
        if (c != null && recorded.sequence() == c.lastSentSequence) {
            c.lastAnswered = true;
        }
    }

    /** A Send without an Open (an amplified plan may make one) opens its connection too. */
    private CapturedConnection connection(PlanConnection planned) {
        CapturedConnection c = planned.get(TARGET, this);
        if (c == null) {
            CapturedConnection[] made = new CapturedConnection[1];
            made[0] = new CapturedConnection(planned, transport.nextLoop(), transport, settings, backlog, stats, sink,
                    () -> live.remove(made[0]));
            c = made[0];
            live.add(c);
            planned.set(TARGET, this, c);
        }
        return c;
    }

    @Override
    public void close() {
        transport.markClosing();
        for (CapturedConnection c : live) {
            c.loop().execute(c::abandon);
        }
        transport.close();
    }
}
