package dev.reprise.replay.plan;

import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;

/**
 * One step of the replay plan: what happens to a replay connection, and when on the capture's
 * timeline (epoch nanoseconds, after any shift amplification applied). The engine turns
 * {@link #captureNanos()} into a due time with the speed factor.
 */
public sealed interface PlanEvent {
    ConnectionKey connection();

    long captureNanos();

    /** The connection opens. */
    record Open(ConnectionKey connection, long captureNanos) implements PlanEvent {
    }

    /**
     * A request goes out on the connection. {@code request} is what will be sent, already
     * rewritten where amplification changed its tenant; {@code tenant} is the tenant to report.
     */
    record Send(ConnectionKey connection, long captureNanos, RequestEvent request, String tenant) implements PlanEvent {
    }

    /** What production answered to request {@code response.sequence()} on this connection: the baseline. */
    record Recorded(ConnectionKey connection, long captureNanos, ResponseEvent response) implements PlanEvent {
    }

    /** The connection closes. */
    record Close(ConnectionKey connection, long captureNanos) implements PlanEvent {
    }
}
