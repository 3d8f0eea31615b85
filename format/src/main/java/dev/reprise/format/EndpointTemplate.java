package dev.reprise.format;

/**
 * The endpoint a request hit, as method plus a path template with its ids collapsed:
 * {@code GET /orders/12345/items} becomes {@code GET /orders/{id}/items}. Reports group by it, so
 * it must turn ids into one bucket without merging endpoints that differ by name.
 *
 * <p>A segment is an id when it is all digits, a UUID, a long hex string (8 or more hex digits
 * with at least one digit), or a long mixed token of letters and digits (16 or more characters
 * with at least one digit), as opaque keys usually are.
 */
public final class EndpointTemplate {
    public static final String ID = "{id}";

    private EndpointTemplate() {
    }

    /** "METHOD /path/{id}" for a method and a request target (the query string is dropped). */
    public static String of(String method, String target) {
        return method + " " + path(target);
    }

    /** The templated path of a request target, query dropped. */
    public static String path(String target) {
        int end = target.length();
        int q = target.indexOf('?');
        if (q >= 0) {
            end = q;
        }
        int hash = target.indexOf('#');
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        int start = 0;
        if (!target.startsWith("/")) {
            // absolute-form "http://host/path": keep only the path
            int scheme = target.indexOf("://");
            if (scheme >= 0) {
                int slash = target.indexOf('/', scheme + 3);
                if (slash < 0 || slash >= end) {
                    return "/";
                }
                start = slash;
            }
        }
        if (start >= end) {
            return "/";
        }
        StringBuilder out = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            int slash = target.indexOf('/', i);
            if (slash < 0 || slash > end) {
                slash = end;
            }
            if (slash > i) {
                if (isId(target, i, slash)) {
                    out.append(ID);
                } else {
                    out.append(target, i, slash);
                }
            }
            if (slash < end) {
                out.append('/');
            }
            i = slash + 1;
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    static boolean isId(CharSequence s, int from, int to) {
        int n = to - from;
        int digits = 0;
        int hex = 0;
        int dashes = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                hex++;
            } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                hex++;
            } else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
                // a letter that cannot be hex
            } else if (c == '-') {
                dashes++;
            } else if (c != '_') {
                return false;
            }
        }
        if (digits == n) {
            return true;
        }
        if (n == 36 && dashes == 4 && hex == 32) {
            return true; // UUID
        }
        if (digits > 0 && hex == n && n >= 8) {
            return true;
        }
        return digits > 0 && n >= 16; // every character is a letter, digit, '-' or '_' by now
    }
}
