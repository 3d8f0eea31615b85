package dev.reprise.capture.record;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.Outcome;

import java.util.List;

/**
 * A response as the client got it (or the proxy's own 502/504), before redaction, with how many
 * times its request was sent again on a fresh upstream connection.
 */
public record CapturedResponse(long connectionId, long sequence, int status, List<Header> headers, Body body,
                               long firstByteNanos, long lastByteNanos, Outcome outcome, int upstreamRetries) {
}
