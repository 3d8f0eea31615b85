package dev.reprise.format;

import java.util.List;
import java.util.Objects;

/**
 * The response the client got for one request. For an upstream error it is the proxy's own
 * 502 or 504, with {@link #outcome()} saying why; for a client abort the status may be 0.
 *
 * @param firstByteNanos epoch nanoseconds of the response's first byte from upstream (also {@link #timeNanos()})
 * @param lastByteNanos  epoch nanoseconds of its last byte
 * @param upstreamRetries how many times the proxy sent the request again on a fresh upstream
 *                        connection, after a reused one closed before answering (format 1.1; 0
 *                        in older journals)
 */
public record ResponseEvent(long connectionId, long sequence, int status, List<Header> headers, Body body,
                            long firstByteNanos, long lastByteNanos, Outcome outcome, int upstreamRetries)
        implements JournalEvent {
    public ResponseEvent {
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(outcome, "outcome");
        if (upstreamRetries < 0) {
            throw new IllegalArgumentException("upstreamRetries must not be negative: " + upstreamRetries);
        }
    }

    /** A response that went out on the first upstream connection tried. */
    public ResponseEvent(long connectionId, long sequence, int status, List<Header> headers, Body body,
                         long firstByteNanos, long lastByteNanos, Outcome outcome) {
        this(connectionId, sequence, status, headers, body, firstByteNanos, lastByteNanos, outcome, 0);
    }

    @Override
    public long timeNanos() {
        return firstByteNanos;
    }
}
