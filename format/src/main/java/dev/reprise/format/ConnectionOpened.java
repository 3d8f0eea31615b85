package dev.reprise.format;

import java.util.Objects;

/** A client connection accepted by the proxy. Addresses are "host:port" strings. */
public record ConnectionOpened(long connectionId, long timeNanos, String clientAddress, String listenerAddress)
        implements JournalEvent {
    public ConnectionOpened {
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(listenerAddress, "listenerAddress");
    }
}
