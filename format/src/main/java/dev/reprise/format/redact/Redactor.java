package dev.reprise.format.redact;

import dev.reprise.format.Body;
import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.format.ResponseEvent;
import dev.reprise.format.redact.internal.FormFieldMasker;
import dev.reprise.format.redact.internal.JsonFieldMasker;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

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
 * <li>Headers named by {@link SensitiveNames} ({@code X-Api-Key}, {@code X-Auth-Token},
 *     {@code *-Token}) are hashed whole too.</li>
 * <li>Query parameters named by {@link SensitiveNames} have their values hashed, in the request
 *     target and in URLs in Referer and Location.</li>
 * <li>JSON fields are masked in place, at any depth, in bodies whose Content-Type is JSON
 *     ({@code application/json}, {@code *+json}), and form fields in form bodies: every other
 *     byte and the length are kept. What does not parse is overwritten. A body with no
 *     Content-Type, or several, is masked both ways or dropped ({@link AmbiguousBodies}); an
 *     encoded body (Content-Encoding other than identity) that would be looked at is dropped,
 *     since it cannot be checked. Other bodies are stored as they are.</li>
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
    private final FormFieldMasker formMasker;
    /**
     * What is done to a header of a given name, keyed by the name exactly as it came: names
     * repeat from request to request, while deciding one takes several case-insensitive
     * comparisons. Each spelling is decided on its own by {@link #decide}, so a hit can never
     * answer for a name it was not decided for. Bounded, since names come from clients; past
     * the bound, names are decided every time.
     */
    private final ConcurrentHashMap<String, HeaderTreatment> treatments = new ConcurrentHashMap<>();
    private static final int MAX_TREATMENTS = 4096;

    /** What redaction does to a header's value. */
    private enum HeaderTreatment { KEEP, CREDENTIALS, COOKIE, SET_COOKIE, HASH, URL }

    private Redactor(RedactionPolicy policy, RedactionKey key) {
        this.policy = policy;
        this.key = key;
        this.macs = ThreadLocal.withInitial(key::newMac);
        this.masker = new JsonFieldMasker(policy::masksField);
        this.formMasker = new FormFieldMasker(policy::masksParameter);
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
        HeaderTreatment t = treatmentOf(name);
        return t == HeaderTreatment.URL ? value : apply(t, value);
    }

    private String apply(HeaderTreatment t, String value) {
        return switch (t) {
            case KEEP -> value;
            case CREDENTIALS -> redactCredentials(value);
            case COOKIE -> redactCookies(value);
            case SET_COOKIE -> redactSetCookie(value);
            case HASH -> hash(value);
            case URL -> redactTarget(value);
        };
    }

    private HeaderTreatment treatmentOf(String name) {
        HeaderTreatment t = treatments.get(name);
        if (t == null) {
            t = decide(name);
            if (treatments.size() < MAX_TREATMENTS) {
                treatments.put(name, t);
            }
        }
        return t;
    }

    private HeaderTreatment decide(String name) {
        if (policy.hashesHeader(name)) {
            if (name.equalsIgnoreCase("authorization") || name.equalsIgnoreCase("proxy-authorization")) {
                return HeaderTreatment.CREDENTIALS;
            }
            if (name.equalsIgnoreCase("cookie")) {
                return HeaderTreatment.COOKIE;
            }
            if (name.equalsIgnoreCase("set-cookie")) {
                return HeaderTreatment.SET_COOKIE;
            }
            return HeaderTreatment.HASH;
        }
        return carriesUrl(name) ? HeaderTreatment.URL : HeaderTreatment.KEEP;
    }

    /**
     * The headers as they are stored; the list itself when none is redacted. Secret headers are
     * hashed; the query of a URL in Referer, Location or Content-Location is redacted like the
     * request target's.
     */
    public List<Header> redactHeaders(List<Header> headers) {
        List<Header> out = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            HeaderTreatment t = treatmentOf(h.name());
            if (t == HeaderTreatment.KEEP) {
                continue;
            }
            String value = apply(t, h.value());
            if (value.equals(h.value())) {
                continue;
            }
            if (out == null) {
                out = new ArrayList<>(headers);
            }
            out.set(i, new Header(h.name(), value));
        }
        return out == null ? headers : out;
    }

    private static boolean carriesUrl(String name) {
        return name.equalsIgnoreCase("referer") || name.equalsIgnoreCase("location")
                || name.equalsIgnoreCase("content-location");
    }

    /**
     * A request target (or URL) as it is stored: the values of sensitive query parameters are
     * hashed, everything else kept as sent; the string itself when none is.
     */
    public String redactTarget(String target) {
        int q = target.indexOf('?');
        if (q < 0 || !policy.masksAnyField()) {
            return target;
        }
        int hash = target.indexOf('#', q);
        int end = hash < 0 ? target.length() : hash;
        StringBuilder out = null;
        int i = q + 1;
        while (i <= end) {
            int amp = i;
            while (amp < end && target.charAt(amp) != '&' && target.charAt(amp) != ';') {
                amp++;
            }
            int eq = target.indexOf('=', i);
            if (eq >= 0 && eq < amp) {
                byte[] name = target.substring(i, eq).getBytes(StandardCharsets.UTF_8);
                if (policy.masksParameter(FormFieldMasker.decode(name, 0, name.length))) {
                    if (out == null) {
                        out = new StringBuilder(target.length() + 32).append(target, 0, i);
                    }
                    out.append(target, i, eq + 1).append(hash(target.substring(eq + 1, amp)));
                    if (amp < end) {
                        out.append(target.charAt(amp));
                    }
                    i = amp + 1;
                    continue;
                }
            }
            if (out != null) {
                out.append(target, i, Math.min(amp + 1, end));
            }
            i = amp + 1;
        }
        if (out == null) {
            return target;
        }
        out.append(target, end, target.length());
        return out.toString();
    }

    /**
     * A body as it is stored, given its message's headers; the body itself when nothing is
     * masked. JSON bodies have their sensitive fields masked in place, form bodies their
     * sensitive values; a body of no stated type or of several is masked both ways, or dropped
     * ({@link AmbiguousBodies}); an encoded body that would be looked at is dropped, since it
     * cannot be checked. Masking keeps every other byte and the length.
     */
    public Body redactBody(List<Header> headers, Body body) {
        if (body.bytes().length == 0 || !policy.masksAnyField()) {
            return body;
        }
        BodyType type = typeOf(headers);
        if (type == BodyType.OTHER) {
            return body;
        }
        if (type == BodyType.AMBIGUOUS && policy.ambiguousBodies() == AmbiguousBodies.DROP) {
            return new Body(new byte[0], body.length());
        }
        String encoding = firstValue(headers, "content-encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            return new Body(new byte[0], body.length());
        }
        byte[] bytes = body.bytes();
        if (type == BodyType.JSON || (type == BodyType.AMBIGUOUS && JsonFieldMasker.looksLikeJson(bytes))) {
            bytes = masker.mask(bytes).bytes();
        }
        if (type == BodyType.FORM || type == BodyType.AMBIGUOUS) {
            bytes = formMasker.mask(bytes);
        }
        return bytes == body.bytes() ? body : new Body(bytes, body.length());
    }

    public RequestEvent redact(RequestEvent r) {
        List<Header> headers = redactHeaders(r.headers());
        Body body = redactBody(r.headers(), r.body());
        String target = redactTarget(r.target());
        if (headers == r.headers() && body == r.body() && target.equals(r.target())) {
            return r;
        }
        return new RequestEvent(r.connectionId(), r.sequence(), r.firstByteNanos(), r.lastByteNanos(),
                r.method(), target, r.httpVersion(), headers, body, r.tenant());
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

    private enum BodyType { JSON, FORM, AMBIGUOUS, OTHER }

    /** The body's type by its Content-Type headers: none, or several that differ, is ambiguous. */
    private static BodyType typeOf(List<Header> headers) {
        String only = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (h.name().length() == 12 && h.name().equalsIgnoreCase("content-type")) {
                if (only != null) {
                    return typeOfSeveral(headers);
                }
                only = h.value();
            }
        }
        return only == null ? BodyType.AMBIGUOUS : typeOfValue(only);
    }

    /** As {@link #typeOf} when Content-Type comes more than once: ambiguous unless all name one type. */
    private static BodyType typeOfSeveral(List<Header> headers) {
        String media = null;
        for (int i = 0, n = headers.size(); i < n; i++) {
            Header h = headers.get(i);
            if (!h.name().equalsIgnoreCase("content-type")) {
                continue;
            }
            String m = mediaType(h.value());
            if (media != null && !media.equals(m)) {
                return BodyType.AMBIGUOUS;
            }
            media = m;
        }
        if (media == null || media.isEmpty() || media.indexOf(',') >= 0) {
            return BodyType.AMBIGUOUS;
        }
        if (media.equals("application/json") || media.equals("text/json") || media.endsWith("+json")) {
            return BodyType.JSON;
        }
        if (media.equals("application/x-www-form-urlencoded")) {
            return BodyType.FORM;
        }
        return BodyType.OTHER;
    }

    private static String mediaType(String value) {
        int end = value.indexOf(';');
        return (end < 0 ? value : value.substring(0, end)).trim().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The body type one Content-Type value names on its own, read in place: every exchange has
     * one, and most are neither JSON nor a form, so this spares the lower-cased copy.
     */
    private static BodyType typeOfValue(String value) {
        int end = value.indexOf(';');
        if (end < 0) {
            end = value.length();
        }
        int start = 0;
        while (start < end && value.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) <= ' ') {
            end--;
        }
        int n = end - start;
        if (n == 0 || value.indexOf(',', start) >= 0 && value.indexOf(',', start) < end) {
            return BodyType.AMBIGUOUS;
        }
        if (regionIs(value, start, n, "application/json") || regionIs(value, start, n, "text/json")
                || n > 5 && value.regionMatches(true, end - 5, "+json", 0, 5)) {
            return BodyType.JSON;
        }
        if (regionIs(value, start, n, "application/x-www-form-urlencoded")) {
            return BodyType.FORM;
        }
        return BodyType.OTHER;
    }

    private static boolean regionIs(String value, int start, int n, String lower) {
        return n == lower.length() && value.regionMatches(true, start, lower, 0, n);
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
