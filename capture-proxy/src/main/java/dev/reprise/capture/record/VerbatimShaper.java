package dev.reprise.capture.record;

import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;

/**
 * {@link EventShaper#verbatim()}: one shared instance, since the production shaper builds every
 * response through it.
 */
final class VerbatimShaper implements EventShaper {
    static final VerbatimShaper INSTANCE = new VerbatimShaper();

    private VerbatimShaper() {
    }

    @Override
    public RequestEvent request(CapturedRequest r) {
        return new RequestEvent(r.connectionId(), r.sequence(), r.firstByteNanos(), r.lastByteNanos(),
                r.method(), r.target(), r.httpVersion(), UnparsedHeaders.fields(r.headers()), r.body(),
                RequestEvent.UNKNOWN_TENANT);
    }

    @Override
    public ResponseEvent response(CapturedResponse r) {
        return new ResponseEvent(r.connectionId(), r.sequence(), r.status(), UnparsedHeaders.fields(r.headers()),
                r.body(), r.firstByteNanos(), r.lastByteNanos(), r.outcome(), r.upstreamRetries());
    }
}
