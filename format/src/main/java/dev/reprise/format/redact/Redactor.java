package dev.reprise.format.redact;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.redact.internal.JsonFieldMasker;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Hides secrets in requests and responses before they reach the journal: the values of the
 * policy's headers become keyed hashes ({@link Redaction#PREFIX} plus a truncated base64url
 * HMAC-SHA256), and the policy's JSON fields are masked.
 *
 * <p>Equal values give equal hashes under one key, so sessions and users can still be told
 * apart, but a value cannot be recovered or checked without the key. A value that already looks
 * redacted is hashed again: a client could send {@code redacted:} followed by a real secret.
 *
 * <ul>
 * <li>Authorization and Proxy-Authorization keep their scheme ({@code Bearer redacted:…}) so a
 *     replayer can put staging credentials of the same scheme in their place.</li>
 * <li>Cookie keeps each cookie's name and hashes each value (the value alone, so equal values
 *     under different names hash alike), and Set-Cookie keeps the cookie name
 *     and its attributes (Path, Expires, …): names and attributes say which session mechanism is in
 *     play and are not secret, while each value alone is.</li>
 * <li>Any other named header is hashed whole.</li>
 * <li>JSON fields are masked in bodies whose Content-Type is JSON ({@code application/json},
 *     {@code *+json}); a body that does not parse to its end keeps only its parsed, masked part,
 *     and an encoded body (Content-Encoding other than identity) is dropped, since neither can
 *     be checked. Other bodies are stored as they are.</li>
 * </ul>
 *
 * <p>Extract the tenant before redacting: a jwt-claim rule reads the Authorization header.
 *
 * <p>Thread-safe: each thread gets its own Mac, made once, so the hot path allocates only the
 * hashed strings.
 */
public final class Redactor {
    /** Bytes of the HMAC kept: 128 bits, 22 base64url characters. */
    private static final int HASH_BYTES = 16;
    /** Longest auth scheme kept in clear; anything longer is not a scheme and is hashed whole. */
    private static final int MAX_SCHEME_CHARS = 32;

    private final RedactionPolicy policy;
    private final RedactionKey key;
    private final ThreadLocal<Mac> macs;
    private final JsonFieldMasker masker;

    private Redactor(RedactionPolicy policy, RedactionKey key) {
        this.policy = policy;
        this.key = key;
        this.macs = ThreadLocal.withInitial(key::newMac);
        this.masker = new JsonFieldMasker(policy::masksField, Redaction.JSON_MASK);
    }

    public static Redactor create(RedactionPolicy policy, RedactionKey key) {
        return new Redactor(policy, key);
    }

    public RedactionPolicy policy() {
        return policy;
    }

    /** The fingerprint of the key in use, for logs and the journal's provenance. */
    public String keyFingerprint() {
        return key.fingerprint();
    }

    /** {@code redacted:} and the keyed hash of a value. */
    public String hash(String value) {
        Mac mac = macs.get();
        byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        byte[] kept = new byte[HASH_BYTES];
        System.arraycopy(h, 0, kept, 0, HASH_BYTES);
        return Redaction.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(kept);
    }

    /** A header's value as it is stored: redacted when the policy names the header, otherwise unchanged. */
    public String redactHeaderValue(String name, String value) {
        if (!policy.hashesHeader(name)) {
            return value;
        }
        if (name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("proxy-authorization")) {
            return redactCredentials(value);
        }
        if (name.equalsIgnoreCase("cookie")) {
            return redactCookies(value);
        }
        if (name.equalsIgnoreCase("set-cookie")) {
            return redactSetCookie(value);
        }
        return hash(value);
    }

    /** The headers as they are stored; the list itself when none is redacted. */
    public List<Header> redactHeaders(List<Header> headers) {
        List<Header> out = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (policy.hashesHeader(h.name())) {
                if (out == null) {
                    out = new ArrayList<>(headers);
                }
                out.set(i, new Header(h.name(), redactHeaderValue(h.name(), h.value())));
            }
        }
        return out == null ? headers : out;
    }

    /** A body as it is stored, given its message's headers; the body itself when nothing is masked. */
    public Body redactBody(List<Header> headers, Body body) {
        if (body.bytes().length == 0 || !policy.masksAnyField() || !isJson(headers)) {
            return body;
        }
        String encoding = firstValue(headers, "content-encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            return new Body(new byte[0], body.length());
        }
        JsonFieldMasker.Result r = masker.mask(body.bytes());
        if (r.bytes() == body.bytes()) {
            return body;
        }
        if (r.complete() && !body.truncated()) {
            return Body.of(r.bytes());
        }
        // Part of the body was not stored (cut at capture or dropped here): it must still read as truncated.
        return new Body(r.bytes(), Math.max(body.length(), r.bytes().length + 1L));
    }

    public RequestEvent redact(RequestEvent r) {
        List<Header> headers = redactHeaders(r.headers());
        Body body = redactBody(r.headers(), r.body());
        if (headers == r.headers() && body == r.body()) {
            return r;
        }
        return new RequestEvent(r.connectionId(), r.sequence(), r.firstByteNanos(), r.lastByteNanos(),
                r.method(), r.target(), r.httpVersion(), headers, body, r.tenant());
    }

    public ResponseEvent redact(ResponseEvent r) {
        List<Header> headers = redactHeaders(r.headers());
        Body body = redactBody(r.headers(), r.body());
        if (headers == r.headers() && body == r.body()) {
            return r;
        }
        return new ResponseEvent(r.connectionId(), r.sequence(), r.status(), headers, body,
                r.firstByteNanos(), r.lastByteNanos(), r.outcome(), r.upstreamRetries());
    }

    private String redactCredentials(String value) {
        int start = 0;
        while (start < value.length() && value.charAt(start) == ' ') {
            start++;
        }
        int space = value.indexOf(' ', start);
        if (space > start && space - start <= MAX_SCHEME_CHARS && Redaction.isToken(value, start, space)) {
            int cred = space;
            while (cred < value.length() && value.charAt(cred) == ' ') {
                cred++;
            }
            if (cred < value.length()) {
                return value.substring(start, space) + " " + hash(value.substring(cred).trim());
            }
        }
        return hash(value);
    }

    private String redactCookies(String value) {
        StringBuilder out = new StringBuilder(value.length() + 32);
        int i = 0;
        while (i <= value.length()) {
            int semi = value.indexOf(';', i);
            if (semi < 0) {
                semi = value.length();
            }
            String pair = value.substring(i, semi).trim();
            if (!pair.isEmpty()) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                appendRedactedPair(out, pair);
            }
            i = semi + 1;
        }
        return out.toString();
    }

    private String redactSetCookie(String value) {
        int semi = value.indexOf(';');
        String pair = (semi < 0 ? value : value.substring(0, semi)).trim();
        StringBuilder out = new StringBuilder(value.length() + 32);
        appendRedactedPair(out, pair);
        if (semi >= 0) {
            out.append(value, semi, value.length());
        }
        return out.toString();
    }

    /** "name=value" as "name=redacted:…"; a piece without a name is hashed whole. */
    private void appendRedactedPair(StringBuilder out, String pair) {
        int eq = pair.indexOf('=');
        if (eq > 0 && Redaction.isToken(pair, 0, eq)) {
            out.append(pair, 0, eq).append('=').append(hash(pair.substring(eq + 1)));
        } else {
            out.append(hash(pair));
        }
    }

    private static boolean isJson(List<Header> headers) {
        String type = firstValue(headers, "content-type");
        if (type == null) {
            return false;
        }
        int end = type.indexOf(';');
        String media = (end < 0 ? type : type.substring(0, end)).trim();
        return media.equalsIgnoreCase("application/json") || media.equalsIgnoreCase("text/json")
                || (media.length() > 5 && media.regionMatches(true, media.length() - 5, "+json", 0, 5));
    }

    private static String firstValue(List<Header> headers, String name) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            if (headers.get(i).name().equalsIgnoreCase(name)) {
                return headers.get(i).value();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "Redactor[" + policy + ", key " + key.fingerprint() + "]";
    }
}
