package dev.reprise.format.tenant;

import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.tenant.internal.JwtPayload;
import dev.reprise.format.tenant.internal.PercentEncoding;
import dev.reprise.format.tenant.internal.RequestTargets;
import dev.reprise.format.tenant.internal.Spans;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One way of finding a request's tenant, as written after {@code --tenant-from}. Each kind can
 * also write a new tenant where it reads one, so replayed copies can pose as new customers.
 *
 * <p>Rules never throw on a request: whatever a client sent, the answer is a tenant or null.
 */
public sealed interface TenantRule {
    /** Marks where the tenant sits in host and path patterns. */
    String PLACEHOLDER = "{tenant}";

    /** The rule as written, e.g. {@code header:X-Tenant-Id}; {@link TenantRules#parse} of it gives this rule back. */
    String spec();

    /** The tenant this rule finds in a request, or null when it finds none (or an empty one). */
    String find(String target, List<Header> headers);

    /**
     * The request with {@code newTenant} written where {@link #find} reads, and its tenant field
     * set to it; the request itself when this rule finds no tenant in it.
     */
    RequestEvent rewrite(RequestEvent request, String newTenant);

    /** {@code header:NAME}: the first value of a header, trimmed. */
    record FromHeader(String name) implements TenantRule {
        @Override
        public String spec() {
            return "header:" + name;
        }

        @Override
        public String find(String target, List<Header> headers) {
            int i = RequestTargets.indexOfHeader(headers, name);
            if (i < 0) {
                return null;
            }
            String v = headers.get(i).value().trim();
            return v.isEmpty() ? null : v;
        }

        @Override
        public RequestEvent rewrite(RequestEvent request, String newTenant) {
            if (find(request.target(), request.headers()) == null) {
                return request;
            }
            int i = RequestTargets.indexOfHeader(request.headers(), name);
            return withHeaders(request, replaced(request.headers(), i, newTenant), newTenant);
        }
    }

    /**
     * {@code host:PATTERN}, e.g. {@code host:{tenant}.api.example.com}: one whole label of the
     * Host header (port ignored, case ignored, returned in lower case).
     */
    record FromHost(String pattern) implements TenantRule {
        @Override
        public String spec() {
            return "host:" + pattern;
        }

        @Override
        public String find(String target, List<Header> headers) {
            int i = RequestTargets.indexOfHeader(headers, "Host");
            if (i < 0) {
                return null;
            }
            String host = headers.get(i).value().trim();
            long span = tenantSpan(host);
            if (span == Spans.NONE) {
                return null;
            }
            return PercentEncoding.decode(host, Spans.from(span), Spans.to(span), false).toLowerCase(Locale.ROOT);
        }

        @Override
        public RequestEvent rewrite(RequestEvent request, String newTenant) {
            if (find(request.target(), request.headers()) == null) {
                return request;
            }
            int i = RequestTargets.indexOfHeader(request.headers(), "Host");
            String host = request.headers().get(i).value().trim();
            long span = tenantSpan(host);
            String rewritten = host.substring(0, Spans.from(span)) + PercentEncoding.encode(newTenant, true)
                    + host.substring(Spans.to(span));
            return withHeaders(request, replaced(request.headers(), i, rewritten), newTenant);
        }

        /** The tenant label's span in a Host value, or Spans.NONE when the host does not fit the pattern. */
        private long tenantSpan(String host) {
            int end = host.length();
            int colon = host.lastIndexOf(':');
            if (colon >= 0 && host.indexOf(']', colon) < 0) {
                end = colon;
            }
            int at = pattern.indexOf(PLACEHOLDER);
            int prefix = at;
            int suffix = pattern.length() - at - PLACEHOLDER.length();
            if (end - prefix - suffix <= 0
                    || !host.regionMatches(true, 0, pattern, 0, prefix)
                    || !host.regionMatches(true, end - suffix, pattern, at + PLACEHOLDER.length(), suffix)) {
                return Spans.NONE;
            }
            int dot = host.indexOf('.', prefix);
            return dot >= 0 && dot < end - suffix ? Spans.NONE : Spans.of(prefix, end - suffix);
        }
    }

    /**
     * {@code path:PATTERN}, e.g. {@code path:/t/{tenant}/}: one whole path segment (percent-decoded)
     * of a path that starts with the pattern; a pattern ending in "/" also matches a path that
     * ends right after the tenant.
     */
    record FromPath(String pattern) implements TenantRule {
        @Override
        public String spec() {
            return "path:" + pattern;
        }

        @Override
        public String find(String target, List<Header> headers) {
            long span = tenantSpan(target);
            return span == Spans.NONE ? null : PercentEncoding.decode(target, Spans.from(span), Spans.to(span), false);
        }

        @Override
        public RequestEvent rewrite(RequestEvent request, String newTenant) {
            return replaceInTarget(request, tenantSpan(request.target()), newTenant);
        }

        private long tenantSpan(String target) {
            int start = RequestTargets.pathStart(target);
            if (start < 0) {
                return Spans.NONE;
            }
            int end = RequestTargets.queryOrFragmentStart(target);
            int at = pattern.indexOf(PLACEHOLDER);
            if (start + at > end || !target.regionMatches(start, pattern, 0, at)) {
                return Spans.NONE;
            }
            int from = start + at;
            int to = target.indexOf('/', from);
            if (to < 0 || to > end) {
                to = end;
            }
            if (to == from) {
                return Spans.NONE;
            }
            int after = at + PLACEHOLDER.length();
            int suffix = pattern.length() - after;
            boolean fits = (to + suffix <= end && target.regionMatches(to, pattern, after, suffix))
                    || (to == end && suffix == 1 && pattern.charAt(after) == '/');
            return fits ? Spans.of(from, to) : Spans.NONE;
        }
    }

    /** {@code query:NAME}: the first non-empty value of a query parameter (form-decoded). */
    record FromQuery(String name) implements TenantRule {
        @Override
        public String spec() {
            return "query:" + name;
        }

        @Override
        public String find(String target, List<Header> headers) {
            long span = valueSpan(target);
            return span == Spans.NONE ? null : PercentEncoding.decode(target, Spans.from(span), Spans.to(span), true);
        }

        @Override
        public RequestEvent rewrite(RequestEvent request, String newTenant) {
            return replaceInTarget(request, valueSpan(request.target()), newTenant);
        }

        private long valueSpan(String target) {
            int q = RequestTargets.queryStart(target);
            if (q < 0) {
                return Spans.NONE;
            }
            int end = RequestTargets.queryEnd(target, q);
            int i = q;
            while (i < end) {
                int amp = target.indexOf('&', i);
                if (amp < 0 || amp > end) {
                    amp = end;
                }
                int nameEnd = i + name.length();
                if (nameEnd < amp && target.charAt(nameEnd) == '=' && target.startsWith(name, i)
                        && amp > nameEnd + 1) {
                    return Spans.of(nameEnd + 1, amp);
                }
                i = amp + 1;
            }
            return Spans.NONE;
        }
    }

    /**
     * {@code jwt-claim:HEADER:CLAIM}, e.g. {@code jwt-claim:Authorization:org_id}: a top-level
     * claim of the JWT in a header, with or without a "Bearer " prefix. Only the payload is
     * decoded; the signature is not checked, since the proxy is not the one to trust or refuse it.
     *
     * <p>Rewriting re-encodes the payload with the new claim and keeps the JOSE header and the
     * original signature segment, so the token keeps its shape but no longer verifies: a staging
     * service that checks signatures needs its own credentials substituted by the replayer.
     */
    record FromJwtClaim(String header, String claim) implements TenantRule {
        @Override
        public String spec() {
            return "jwt-claim:" + header + ":" + claim;
        }

        @Override
        public String find(String target, List<Header> headers) {
            int i = RequestTargets.indexOfHeader(headers, header);
            return i < 0 ? null : JwtPayload.claim(headers.get(i).value(), claim);
        }

        @Override
        public RequestEvent rewrite(RequestEvent request, String newTenant) {
            int i = RequestTargets.indexOfHeader(request.headers(), header);
            if (i < 0) {
                return request;
            }
            String rewritten = JwtPayload.withClaim(request.headers().get(i).value(), claim, newTenant);
            return rewritten == null ? request
                    : withHeaders(request, replaced(request.headers(), i, rewritten), newTenant);
        }
    }

    private static List<Header> replaced(List<Header> headers, int index, String value) {
        List<Header> out = new ArrayList<>(headers);
        out.set(index, new Header(headers.get(index).name(), value));
        return out;
    }

    private static RequestEvent withHeaders(RequestEvent r, List<Header> headers, String tenant) {
        return new RequestEvent(r.connectionId(), r.sequence(), r.firstByteNanos(), r.lastByteNanos(),
                r.method(), r.target(), r.httpVersion(), headers, r.body(), tenant);
    }

    /** The request with the target's span (from {@link Spans}) replaced by the new tenant, percent-encoded. */
    private static RequestEvent replaceInTarget(RequestEvent request, long span, String newTenant) {
        if (span == Spans.NONE) {
            return request;
        }
        String target = request.target();
        String rewritten = target.substring(0, Spans.from(span)) + PercentEncoding.encode(newTenant, false)
                + target.substring(Spans.to(span));
        return withTarget(request, rewritten, newTenant);
    }

    private static RequestEvent withTarget(RequestEvent r, String target, String tenant) {
        return new RequestEvent(r.connectionId(), r.sequence(), r.firstByteNanos(), r.lastByteNanos(),
                r.method(), target, r.httpVersion(), r.headers(), r.body(), tenant);
    }
}
