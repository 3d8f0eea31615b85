package dev.reprise.replay.results;

/** Receives every replayed exchange. Called from the engine's event loops: must be thread-safe and cheap. */
public interface ResultListener {
    void onResult(ExchangeResult result);
}
