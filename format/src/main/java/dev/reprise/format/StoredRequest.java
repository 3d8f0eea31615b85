package dev.reprise.format;

import dev.reprise.format.internal.EventCodec;

import java.util.Objects;

/**
 * A request kept as the bytes it was stored as, for a consumer that holds many requests and
 * needs only a few fields of most (a replay plan, a dry run): what {@link EventView#keepRequest()}
 * copies out of a view. The sequence, method and whether the body was truncated are read when it
 * is kept; the whole {@link RequestEvent} is decoded on the first call to {@link #event()}, about
 * 300 bytes held instead of some forty objects. Immutable in effect and safe to share between
 * threads: two threads asking at once may each decode it, and both get equal events.
 */
public final class StoredRequest {
    private final byte[] record;
    private final long sequence;
    private final String method;
    private final boolean bodyTruncated;
    private RequestEvent event;

    StoredRequest(byte[] record, long sequence, String method, boolean bodyTruncated) {
        this.record = record;
        this.sequence = sequence;
        this.method = method;
        this.bodyTruncated = bodyTruncated;
    }

    private StoredRequest(RequestEvent event) {
        this.record = null;
        this.sequence = event.sequence();
        this.method = event.method();
        this.bodyTruncated = event.body().truncated();
        this.event = event;
    }

    /** A request that was built, not read: {@link #event()} is the event itself. */
    public static StoredRequest of(RequestEvent event) {
        return new StoredRequest(Objects.requireNonNull(event, "event"));
    }

    /** The whole request, decoded on first use. */
    public RequestEvent event() {
        RequestEvent e = event;
        if (e == null) {
            // A record whose final fields are all set: a racing reader sees it whole or decodes its own.
            e = (RequestEvent) EventCodec.decodeChecked(record, 0, record.length);
            event = e;
        }
        return e;
    }

    /** The stored record, or null for a request that was built: what {@link RequestLayout} lays out. */
    byte[] record() {
        return record;
    }

    public long sequence() {
        return sequence;
    }

    public String method() {
        return method;
    }

    /** {@link Body#truncated()} of the request's body. */
    public boolean bodyTruncated() {
        return bodyTruncated;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRequest r && event().equals(r.event());
    }

    @Override
    public int hashCode() {
        return event().hashCode();
    }

    @Override
    public String toString() {
        return record == null || event != null ? String.valueOf(event) : "StoredRequest[" + method + " #" + sequence + "]";
    }
}
