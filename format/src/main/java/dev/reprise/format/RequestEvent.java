package dev.reprise.format;

import java.util.List;
import java.util.Objects;

/**
 * A request as the client sent it.
 *
 * @param sequence       0-based position of this request on its connection
 * @param firstByteNanos epoch nanoseconds of the request's first byte (also {@link #timeNanos()})
 * @param lastByteNanos  epoch nanoseconds of its last byte
 * @param target         the request target exactly as on the request line (path and query)
 * @param tenant         the tenant the capture's rules found, or "unknown"
 */
public record RequestEvent(long connectionId, long sequence, long firstByteNanos, long lastByteNanos,
                           String method, String target, String httpVersion, List<Header> headers,
                           Body body, String tenant) implements JournalEvent {
    public static final String UNKNOWN_TENANT = "unknown";

    public RequestEvent {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(httpVersion, "httpVersion");
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(tenant, "tenant");
    }

    @Override
    public long timeNanos() {
        return firstByteNanos;
    }

    /** The target without its query string. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The first value of a header, matched without regard to case, or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
