package dev.reprise.format;

import java.util.Objects;

/** The end of a client connection, and which side ended it. */
public record ConnectionClosed(long connectionId, long timeNanos, CloseSide side) implements JournalEvent {
    public ConnectionClosed {
        Objects.requireNonNull(side, "side");
    }
}
