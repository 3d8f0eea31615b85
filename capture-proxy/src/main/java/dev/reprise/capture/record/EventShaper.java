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
        return VerbatimShaper.INSTANCE;
    }
}
