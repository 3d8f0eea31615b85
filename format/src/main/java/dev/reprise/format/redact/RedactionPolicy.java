package dev.reprise.format.redact;

import dev.reprise.format.InvalidSettingsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What redaction hides: the header values it hashes and the JSON body fields it masks. Header
 * and field names are matched without regard to case.
 *
 * <p>The secret headers in {@link #ALWAYS_HASHED} are always in the policy; keeping them in clear
 * is done by not redacting at all, never by leaving them out.
 */
public final class RedactionPolicy {
    /** Hashed under every policy. */
    public static final List<String> ALWAYS_HASHED =
            List.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    private final NavigableSet<String> headers;
    private final NavigableSet<String> jsonFields;

    private RedactionPolicy(NavigableSet<String> headers, NavigableSet<String> jsonFields) {
        this.headers = Collections.unmodifiableNavigableSet(headers);
        this.jsonFields = Collections.unmodifiableNavigableSet(jsonFields);
    }

    /** The default secret headers only, no JSON fields. */
    public static RedactionPolicy defaults() {
        return of(List.of(), List.of());
    }

    /**
     * A policy hashing {@link #ALWAYS_HASHED} plus {@code extraHeaders} and masking {@code jsonFields}.
     *
     * @throws InvalidSettingsException naming the first header or field name that is empty or not a valid name
     */
    public static RedactionPolicy of(Collection<String> extraHeaders, Collection<String> jsonFields) {
        NavigableSet<String> headers = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        headers.addAll(ALWAYS_HASHED);
        for (String h : extraHeaders) {
            if (h == null || h.isEmpty() || !Redaction.isToken(h, 0, h.length())) {
                throw new InvalidSettingsException("redacted header \"" + printable(h) + "\" is not a valid HTTP header name");
            }
            headers.add(h.toLowerCase(Locale.ROOT));
        }
        NavigableSet<String> fields = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String f : jsonFields) {
            if (f == null || f.isEmpty()) {
                throw new InvalidSettingsException("redacted JSON field name is empty");
            }
            fields.add(f);
        }
        return new RedactionPolicy(headers, fields);
    }

    /** True when values of this header are hashed. */
    public boolean hashesHeader(String name) {
        return headers.contains(name);
    }

    /** True when values of this JSON field are masked. */
    public boolean masksField(String name) {
        return jsonFields.contains(name);
    }

    /** True when the policy masks any JSON field, i.e. bodies need looking at. */
    public boolean masksAnyField() {
        return !jsonFields.isEmpty();
    }

    /** Hashed header names, lower case and sorted, as {@code CaptureSettings.redactedHeaders()} records them. */
    public List<String> headerNames() {
        return List.copyOf(new ArrayList<>(headers));
    }

    /** Masked JSON field names, sorted, as {@code CaptureSettings.redactedJsonFields()} records them. */
    public List<String> jsonFieldNames() {
        return List.copyOf(new ArrayList<>(jsonFields));
    }

    private static String printable(String s) {
        return s == null ? "null" : s.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedactionPolicy p && headerNames().equals(p.headerNames())
                && jsonFieldNames().equals(p.jsonFieldNames());
    }

    @Override
    public int hashCode() {
        return headerNames().hashCode() * 31 + jsonFieldNames().hashCode();
    }

    @Override
    public String toString() {
        return "RedactionPolicy[headers=" + headers + ", jsonFields=" + jsonFields + "]";
    }
}
