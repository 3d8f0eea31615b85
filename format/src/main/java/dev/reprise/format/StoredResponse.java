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
    /** The body's true length when only the front was kept, else -1: read from the event. */
    private final long frontBodyLength;
    private ResponseEvent event;

    StoredResponse(byte[] record, long sequence, int status, long firstByteNanos, long lastByteNanos) {
        this(record, sequence, status, firstByteNanos, lastByteNanos, -1);
    }

    private StoredResponse(byte[] record, long sequence, int status, long firstByteNanos, long lastByteNanos,
                           long frontBodyLength) {
        this.record = record;
        this.sequence = sequence;
        this.status = status;
        this.firstByteNanos = firstByteNanos;
        this.lastByteNanos = lastByteNanos;
        this.frontBodyLength = frontBodyLength;
    }

    /**
     * A response of which only the front was read (a plan's, see {@code JournalSet#nextRecord}):
     * its numbers, without its headers and body, which {@link #event()} then cannot give.
     */
    static StoredResponse front(long sequence, int status, long firstByteNanos, long lastByteNanos, long bodyLength) {
        return new StoredResponse(null, sequence, status, firstByteNanos, lastByteNanos, bodyLength);
    }

    private StoredResponse(ResponseEvent event) {
        this.record = null;
        this.sequence = event.sequence();
        this.status = event.status();
        this.firstByteNanos = event.firstByteNanos();
        this.lastByteNanos = event.lastByteNanos();
        this.frontBodyLength = -1;
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
            if (record == null) {
                throw new IllegalStateException("only the front of response #" + sequence
                        + " was kept (its sequence, status, times and body length): its headers and body were not read");
            }
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

    /** {@link Body#length()} of the response: its true length, also when only the front was kept. */
    public long bodyLength() {
        return frontBodyLength >= 0 ? frontBodyLength : event().body().length();
    }

    /** Whether only the front was kept: {@link #event()} cannot be had. */
    public boolean frontOnly() {
        return record == null && event == null;
    }

    /**
     * The same response of the same exchange: the same front (sequence, status, times and the
     * body's true length), whether each was kept whole or as its front only. Headers and bodies are
     * not compared, since a front has none; compare {@link #event()}s for that. Comparing the
     * whole events when both had them, and the fronts otherwise, made a front equal to two whole
     * responses that were not equal to each other.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof StoredResponse r && sequence == r.sequence && status == r.status
                && firstByteNanos == r.firstByteNanos && lastByteNanos == r.lastByteNanos
                && bodyLength() == r.bodyLength();
    }

    /** Of the front alone, so that a response kept whole and its front hash alike. */
    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + status;
    }

    @Override
    public String toString() {
        if (frontOnly()) {
            return "StoredResponse[#" + sequence + " " + status + ", front only]";
        }
        return record == null || event != null ? String.valueOf(event) : "StoredResponse[#" + sequence + "]";
    }
}
