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
 * What redaction hides: the header values it hashes, the query parameters it hashes, and the
 * JSON and form body fields it masks. Header and field names are matched without regard to case.
 * Besides the names given, {@link SensitiveNames} (on by default) name secrets in every carrier.
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
    private final SensitiveNames names;
    private final AmbiguousBodies ambiguousBodies;

    private RedactionPolicy(NavigableSet<String> headers, NavigableSet<String> jsonFields, SensitiveNames names,
                            AmbiguousBodies ambiguousBodies) {
        this.headers = Collections.unmodifiableNavigableSet(headers);
        this.jsonFields = Collections.unmodifiableNavigableSet(jsonFields);
        this.names = names;
        this.ambiguousBodies = ambiguousBodies;
    }

    /** The default secret headers and the default {@link SensitiveNames}; ambiguous bodies masked. */
    public static RedactionPolicy defaults() {
        return of(List.of(), List.of(), SensitiveNames.DEFAULTS, AmbiguousBodies.MASK);
    }

    /** A policy of the names given only, without {@link SensitiveNames#DEFAULTS}. */
    public static RedactionPolicy of(Collection<String> extraHeaders, Collection<String> jsonFields) {
        return of(extraHeaders, jsonFields, SensitiveNames.NONE, AmbiguousBodies.MASK);
    }

    /**
     * A policy hashing {@link #ALWAYS_HASHED} plus {@code extraHeaders} and masking {@code jsonFields}.
     *
     * @throws InvalidSettingsException naming the first header or field name that is empty or not a valid name
     */
    public static RedactionPolicy of(Collection<String> extraHeaders, Collection<String> jsonFields,
                                     SensitiveNames names, AmbiguousBodies ambiguousBodies) {
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
        return new RedactionPolicy(headers, fields, names, ambiguousBodies);
    }

    /** True when values of this header are hashed. */
    public boolean hashesHeader(String name) {
        return headers.contains(name) || names.matchesHeader(name);
    }

    /** True when values of this JSON field are masked. */
    public boolean masksField(String name) {
        return jsonFields.contains(name) || names.matches(name);
    }

    /** True when values of this query parameter or form field are hashed or masked. */
    public boolean masksParameter(String name) {
        return names.matches(name) || jsonFields.contains(name);
    }

    /** True when the policy masks any JSON field, i.e. bodies need looking at. */
    public boolean masksAnyField() {
        return !jsonFields.isEmpty() || !names.isEmpty();
    }

    public AmbiguousBodies ambiguousBodies() {
        return ambiguousBodies;
    }

    public SensitiveNames sensitiveNames() {
        return names;
    }

    /** Hashed header names, lower case and sorted, as {@code CaptureSettings.redactedHeaders()} records them. */
    public List<String> headerNames() {
        return List.copyOf(new ArrayList<>(headers));
    }

    /**
     * Masked field names, as {@code CaptureSettings.redactedJsonFields()} records them: the JSON
     * fields given, sorted, then the sensitive names (which also cover query and form fields).
     */
    public List<String> jsonFieldNames() {
        List<String> out = new ArrayList<>(jsonFields);
        out.addAll(names.describe());
        return List.copyOf(out);
    }

    private static String printable(String s) {
        return s == null ? "null" : s.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedactionPolicy p && headerNames().equals(p.headerNames())
                && jsonFieldNames().equals(p.jsonFieldNames()) && ambiguousBodies == p.ambiguousBodies;
    }

    @Override
    public int hashCode() {
        return headerNames().hashCode() * 31 + jsonFieldNames().hashCode();
    }

    @Override
    public String toString() {
        return "RedactionPolicy[headers=" + headers + ", jsonFields=" + jsonFields + ", names=" + names.describe()
                + ", ambiguousBodies=" + ambiguousBodies + "]";
    }
}
