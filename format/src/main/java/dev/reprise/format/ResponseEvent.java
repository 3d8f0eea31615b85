package dev.reprise.format;

import java.util.List;
import java.util.Objects;

/**
 * The response the client got for one request. For an upstream error it is the proxy's own
 * 502 or 504, with {@link #outcome()} saying why; for a client abort the status may be 0.
 *
 * @param firstByteNanos epoch nanoseconds of the response's first byte from upstream (also {@link #timeNanos()})
 * @param lastByteNanos  epoch nanoseconds of its last byte
 */
public record ResponseEvent(long connectionId, long sequence, int status, List<Header> headers, Body body,
                            long firstByteNanos, long lastByteNanos, Outcome outcome) implements JournalEvent {
    public ResponseEvent {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public long timeNanos() {
        return firstByteNanos;
    }
}
