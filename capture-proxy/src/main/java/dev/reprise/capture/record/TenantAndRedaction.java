package dev.reprise.capture.record;

import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.redact.Redactor;
import dev.reprise.format.tenant.TenantRules;

import java.util.List;

/**
 * The production {@link EventShaper}: the tenant is found on the request as it arrived (a
 * jwt-claim rule needs the clear Authorization), then secrets are redacted, before anything is
 * appended.
 */
public final class TenantAndRedaction implements EventShaper {
    private final TenantRules tenants;
    private final Redactor redactor;

    /** @param redactor null with {@code --no-redact} */
    public TenantAndRedaction(TenantRules tenants, Redactor redactor) {
        this.tenants = tenants;
        this.redactor = redactor;
    }

    @Override
    public RequestEvent request(CapturedRequest r) {
        List<Header> headers = UnparsedHeaders.fields(r.headers());
        String tenant = tenants.tenantOf(r.target(), headers);
        RequestEvent e = new RequestEvent(r.connectionId(), r.sequence(), r.firstByteNanos(), r.lastByteNanos(),
                r.method(), r.target(), r.httpVersion(), headers, r.body(), tenant);
        return redactor == null ? e : redactor.redact(e);
    }

    @Override
    public ResponseEvent response(CapturedResponse r) {
        ResponseEvent e = EventShaper.verbatim().response(r);
        return redactor == null ? e : redactor.redact(e);
    }
}
