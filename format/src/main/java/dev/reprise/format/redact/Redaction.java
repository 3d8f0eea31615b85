package dev.reprise.format.redact;

/**
 * The marks redaction leaves in a journal, so a replayer can find what was hidden and put
 * staging credentials in its place.
 *
 * <p>A hashed header value looks like {@code redacted:Q2hhbmdlIG1lIG5vdw}; an Authorization value
 * keeps its scheme, {@code Bearer redacted:…}; a Cookie keeps its cookie names,
 * {@code sid=redacted:…; theme=redacted:…}. A masked JSON field holds {@link #JSON_MASK}.
 */
public final class Redaction {
    /** Starts every keyed hash. */
    public static final String PREFIX = "redacted:";
    /** The string that replaces a masked JSON field's value, whatever its type was. */
    public static final String JSON_MASK = PREFIX + "masked";

    private Redaction() {
    }

    /**
     * True when a header value is one a {@link Redactor} wrote: a hash, a scheme and a hash, or a
     * cookie list whose first value is a hash.
     */
    public static boolean isRedacted(String value) {
        if (value == null) {
            return false;
        }
        if (value.startsWith(PREFIX)) {
            return true;
        }
        if (schemeOf(value) != null) {
            return true;
        }
        int eq = value.indexOf('=');
        return eq > 0 && value.startsWith(PREFIX, eq + 1) && isToken(value, 0, eq);
    }

    /**
     * The auth scheme kept in front of a redacted credential ({@code "Bearer"} for
     * {@code "Bearer redacted:…"}), or null when the value has none or is not redacted.
     */
    public static String schemeOf(String value) {
        if (value == null) {
            return null;
        }
        int space = value.indexOf(' ');
        if (space <= 0 || !value.startsWith(PREFIX, space + 1) || !isToken(value, 0, space)) {
            return null;
        }
        return value.substring(0, space);
    }

    static boolean isToken(String s, int from, int to) {
        if (to <= from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
