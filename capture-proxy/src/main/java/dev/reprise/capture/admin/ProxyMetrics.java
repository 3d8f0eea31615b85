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
    /** Requests sent again on a fresh upstream connection after a reused one failed them. */
    public final LongAdder upstreamRetries = new LongAdder();
    public final LongAdder rejectedBadRequest = new LongAdder();
    public final LongAdder rejectedHeadersTooLarge = new LongAdder();
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
