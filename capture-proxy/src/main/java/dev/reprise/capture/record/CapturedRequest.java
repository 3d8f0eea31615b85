package dev.reprise.capture.record;

import dev.reprise.format.Body;
import dev.reprise.format.Header;

import java.util.List;

/** A request as it crossed the proxy, before tenant rules and redaction shape it into a journal event. */
public record CapturedRequest(long connectionId, long sequence, long firstByteNanos, long lastByteNanos,
                              String method, String target, String httpVersion, List<Header> headers, Body body) {
}
