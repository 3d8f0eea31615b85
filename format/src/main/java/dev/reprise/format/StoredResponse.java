package dev.reprise.format;

import dev.reprise.format.internal.EventCodec;

import java.util.Objects;

/**
 * A response kept as the bytes it was stored as: what {@link EventView#keepResponse()} copies
 * out of a view, for a plan that carries production's responses to where they are compared and
 * usually looks at no more than the sequence, status and times, read when it is kept. The whole {@link ResponseEvent} is decoded on the
 * first call to {@link #event()}. Safe to share between threads, as {@link StoredRequest} is.
 */
public final class StoredResponse {
    private final byte[] record;
    private final long sequence;
    private final int status;
    private final long firstByteNanos;
    private final long lastByteNanos;
    private ResponseEvent event;

    StoredResponse(byte[] record, long sequence, int status, long firstByteNanos, long lastByteNanos) {
        this.record = record;
        this.sequence = sequence;
        this.status = status;
        this.firstByteNanos = firstByteNanos;
        this.lastByteNanos = lastByteNanos;
    }

    private StoredResponse(ResponseEvent event) {
        this.record = null;
        this.sequence = event.sequence();
        this.status = event.status();
        this.firstByteNanos = event.firstByteNanos();
        this.lastByteNanos = event.lastByteNanos();
        this.event = event;
    }

    /** A response that was built, not read: {@link #event()} is the event itself. */
    public static StoredResponse of(ResponseEvent event) {
        return new StoredResponse(Objects.requireNonNull(event, "event"));
    }

    /** The whole response, decoded on first use. */
    public ResponseEvent event() {
        ResponseEvent e = event;
        if (e == null) {
            e = (ResponseEvent) EventCodec.decodeChecked(record, 0, record.length);
            event = e;
        }
        return e;
    }

    public long sequence() {
        return sequence;
    }

    /** {@link ResponseEvent#status()}, read when it was kept: a baseline join needs no more than these. */
    public int status() {
        return status;
    }

    public long firstByteNanos() {
        return firstByteNanos;
    }

    public long lastByteNanos() {
        return lastByteNanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredResponse r && event().equals(r.event());
    }

    @Override
    public int hashCode() {
        return event().hashCode();
    }

    @Override
    public String toString() {
        return record == null || event != null ? String.valueOf(event) : "StoredResponse[#" + sequence + "]";
    }
}
