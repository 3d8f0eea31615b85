package dev.reprise.capture.admin;

import dev.reprise.format.Outcome;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The forwarding counters the event loops bump; {@link MetricsPage} renders them. */
public final class ProxyMetrics {
    public final LongAdder clientBytesReceived = new LongAdder();
    public final LongAdder clientBytesSent = new LongAdder();
    public final LongAdder connectionsAccepted = new LongAdder();
    public final LongAdder connectionsActive = new LongAdder();
    public final LongAdder clientAborts = new LongAdder();
    public final LongAdder upgrades = new LongAdder();
    /** Client connections closed for sending a request head too slowly (--client-header-timeout). */
    public final LongAdder clientHeaderTimeouts = new LongAdder();
    /** Exchanges aborted because the client stopped sending its request body (--client-body-timeout). */
    public final LongAdder clientBodyTimeouts = new LongAdder();
    /** Client connections closed after sitting idle between requests (--keepalive-timeout). */
    public final LongAdder clientKeepAliveTimeouts = new LongAdder();
    /** Idle client connections closed to make room for a new one at --max-connections. */
    public final LongAdder connectionsEvicted = new LongAdder();
    /** New client connections refused at --max-connections, with no idle one to close. */
    public final LongAdder connectionsRefused = new LongAdder();
    /** Accepts that failed, mostly for want of file descriptors; accepting pauses briefly after each. */
    public final LongAdder acceptErrors = new LongAdder();
    /** Requests sent again on a fresh upstream connection after a reused one failed them. */
    public final LongAdder upstreamRetries = new LongAdder();
    public final LongAdder rejectedBadRequest = new LongAdder();
    public final LongAdder rejectedHeadersTooLarge = new LongAdder();
    public final LongAdder rejectedLineTooLong = new LongAdder();
    /** CONNECT with an origin-form target (405, as nginx). */
    public final LongAdder rejectedNotAllowed = new LongAdder();
    /** A Transfer-Encoding other than chunked (501, as nginx). */
    public final LongAdder rejectedNotImplemented = new LongAdder();
    public final AddedLatency addedLatency = new AddedLatency();
    private final Map<Outcome, LongAdder> upstreamErrors = new EnumMap<>(Outcome.class);

    public ProxyMetrics() {
        for (Outcome o : Outcome.values()) {
            if (o.isUpstreamError()) {
                upstreamErrors.put(o, new LongAdder());
            }
        }
    }

    public void upstreamError(Outcome o) {
        upstreamErrors.get(o).increment();
    }

    public long upstreamErrors(Outcome o) {
        return upstreamErrors.get(o).sum();
    }
}
