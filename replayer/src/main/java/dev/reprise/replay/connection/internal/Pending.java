package dev.reprise.replay.connection.internal;

import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.schedule.DueStep;
import io.netty.channel.EventLoop;

/**
 * A request staged for its due time and not yet written.
 *
 * <p>{@code pipelined}: the capture sent it before production's answer to the previous request
 * began, so it may go out before the replayed answer has ended.
 */
final class Pending extends DueStep {
    /** Where a pending request goes at its due time: its captured connection or a pool share. */
    interface Carrier {
        EventLoop loop();

        void send(Pending p);

        /** A request that will never be sent gives back its place in the backlog. */
        void dropped(Pending p);
    }

    private final PlanEvent.Send send;
    private final boolean pipelined;
    private final Carrier carrier;
    private final WireRequest wire;
    /** The report's endpoint, worked out on the scheduler thread rather than on the loop after the response. */
    private final String endpoint;

    Pending(PlanEvent.Send send, long dueNanos, boolean pipelined, Carrier carrier, WireRequest wire, String endpoint) {
        super(dueNanos);
        this.send = send;
        this.pipelined = pipelined;
        this.carrier = carrier;
        this.wire = wire;
        this.endpoint = endpoint;
    }

    PlanEvent.Send send() {
        return send;
    }

    boolean pipelined() {
        return pipelined;
    }

    Exchange exchange() {
        return new Exchange(send, dueNanos(), wire, endpoint);
    }

    @Override
    public EventLoop loop() {
        return carrier.loop();
    }

    @Override
    public void run() {
        carrier.send(this);
    }

    @Override
    public void drop() {
        carrier.dropped(this);
    }
}
