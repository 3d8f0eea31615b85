package dev.reprise.capture.record;

import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;

/**
 * Turns captured exchanges into journal events: finds the tenant and redacts secrets. Runs on
 * the recorder's thread, never on an event loop.
 */
public interface EventShaper {
    RequestEvent request(CapturedRequest r);

    ResponseEvent response(CapturedResponse r);

    /** Events as captured, tenant "unknown", nothing redacted. */
    static EventShaper verbatim() {
        return new EventShaper() {
            @Override
            public RequestEvent request(CapturedRequest r) {
                return new RequestEvent(r.connectionId(), r.sequence(), r.firstByteNanos(), r.lastByteNanos(),
                        r.method(), r.target(), r.httpVersion(), r.headers(), r.body(), RequestEvent.UNKNOWN_TENANT);
            }

            @Override
            public ResponseEvent response(CapturedResponse r) {
                return new ResponseEvent(r.connectionId(), r.sequence(), r.status(), r.headers(), r.body(),
                        r.firstByteNanos(), r.lastByteNanos(), r.outcome(), r.upstreamRetries());
            }
        };
    }
}
