package dev.reprise.replay.plan;

import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.StoredRequest;
import dev.reprise.format.StoredResponse;

/**
 * One step of the replay plan: what happens to a replay connection, and when on the capture's
 * timeline (epoch nanoseconds, after any shift amplification applied). The engine turns
 * {@link #captureNanos()} into a due time with the speed factor.
 */
public sealed interface PlanEvent {
    /** The connection, one object shared by all its events: per-connection state is found through it. */
    PlanConnection planConnection();

    /** The connection's name: for the report, sharding and amplification's choices, never to find state per event. */
    default ConnectionKey connection() {
        return planConnection().key();
    }

    long captureNanos();

    /** The connection opens. */
    record Open(PlanConnection planConnection, long captureNanos) implements PlanEvent {
    }

    /**
     * A request goes out on the connection. {@code stored} is what will be sent, already
     * rewritten where amplification changed its tenant; {@code tenant} is the tenant to report.
     * Read from a journal, it is the request's stored bytes, decoded only when {@link #request()}
     * is first called: a plan that only counts or schedules requests never builds them.
     */
    record Send(PlanConnection planConnection, long captureNanos, StoredRequest stored, String tenant) implements PlanEvent {
        public Send(PlanConnection planConnection, long captureNanos, RequestEvent request, String tenant) {
            this(planConnection, captureNanos, StoredRequest.of(request), tenant);
        }

        /** The whole request, decoded on first use. */
        public RequestEvent request() {
            return stored.event();
        }

        /** The request's position on its captured connection, without decoding it. */
        public long sequence() {
            return stored.sequence();
        }
    }

    /**
     * What production answered to request {@link #sequence()} on this connection: the baseline.
     * Read from a journal, it is decoded only when {@link #response()} is first called.
     */
    record Recorded(PlanConnection planConnection, long captureNanos, StoredResponse stored) implements PlanEvent {
        public Recorded(PlanConnection planConnection, long captureNanos, ResponseEvent response) {
            this(planConnection, captureNanos, StoredResponse.of(response));
        }

        /** The whole response, decoded on first use. */
        public ResponseEvent response() {
            return stored.event();
        }

        /** The sequence of the request it answered, without decoding it. */
        public long sequence() {
            return stored.sequence();
        }

        /** Production's status, without decoding the response. */
        public int status() {
            return stored.status();
        }

        /** The true length of production's response body, without decoding it. */
        public long bodyLength() {
            return stored.bodyLength();
        }

        /** Production's first to last byte of the response, without decoding it. */
        public long durationNanos() {
            return stored.lastByteNanos() - stored.firstByteNanos();
        }
    }

    /** The connection closes. */
    record Close(PlanConnection planConnection, long captureNanos) implements PlanEvent {
    }
}
