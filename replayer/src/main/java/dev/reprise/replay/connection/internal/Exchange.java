package dev.reprise.replay.connection.internal;

import dev.reprise.replay.plan.PlanEvent;
import dev.reprise.replay.report.ErrorKind;
import dev.reprise.replay.results.ExchangeResult;

/** One request of the plan, from its due time until its response ends or it fails. Confined to one event loop. */
final class Exchange {
    final PlanEvent.Send send;
    long intendedNanos;
    long sentNanos;
    int status;
    long responseBytes;
    String sentTarget;
    boolean head;

    /** The request's bytes until they are written. */
    WireRequest wire;

    /** Worked out ahead, off the event loop, like the bytes. */
    private final String endpoint;

    Exchange(PlanEvent.Send send, long intendedNanos, WireRequest wire, String endpoint) {
        this.send = send;
        this.endpoint = endpoint;
        this.intendedNanos = intendedNanos;
        this.wire = wire;
        this.sentTarget = wire.sentTarget();
    }

    long sequence() {
        return send.sequence();
    }

    /** The outcome, before production's response is joined to it. */
    ExchangeResult result(long completedNanos, ErrorKind error) {
        long sent = sentNanos == 0 ? Math.max(intendedNanos, completedNanos) : sentNanos;
        return new ExchangeResult(send.tenant(), endpoint,
                sentTarget == null ? send.request().target() : sentTarget, intendedNanos, sent, completedNanos,
                error == ErrorKind.NONE ? status : 0, error, responseBytes, 0, -1);
    }
}
