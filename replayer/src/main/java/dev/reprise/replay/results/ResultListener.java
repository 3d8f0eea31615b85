package dev.reprise.replay.results;

import dev.reprise.replay.plan.PlanConnection;

/** Receives every replayed exchange. Called from the engine's event loops: must be thread-safe and cheap. */
public interface ResultListener {
    void onResult(ExchangeResult result);

    /**
     * An exchange as its connection ends it, before it is joined with production's response:
     * in send order per target connection, with the plan's connection (one object per connection,
     * which may hold the listener's state for it) and the request's position on it.
     * {@link #onResult} follows for the same exchange, possibly later.
     */
    default void onExchange(PlanConnection connection, long sequence, ExchangeResult result) {
    }
}
