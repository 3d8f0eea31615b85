package dev.reprise.replay.connection;

import dev.reprise.replay.plan.PlanConnection;
import dev.reprise.replay.results.ExchangeResult;

/**
 * Receives each replayed exchange as it ends, before it is joined with production's response
 * ({@code recordedStatus} 0, {@code recordedLatencyNanos} -1). Called from the event loops.
 */
public interface ExchangeSink {
    void completed(PlanConnection connection, long sequence, ExchangeResult result);
}
