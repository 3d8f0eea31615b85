package dev.reprise.format.tenant.internal;

import dev.reprise.format.Header;

import java.util.List;

/** Index arithmetic on a request target ("/path?query", or absolute-form) and header lists, without copying. */
public final class RequestTargets {
    private RequestTargets() {
    }

    /** Index where the path begins: 0 for origin-form, after the authority for absolute-form, -1 if there is none. */
    public static int pathStart(String target) {
        if (target.startsWith("/")) {
            return 0;
        }
        int scheme = target.indexOf("://");
        if (scheme < 0) {
            return -1;
        }
        int slash = target.indexOf('/', scheme + 3);
        int end = queryOrFragmentStart(target);
        return slash < 0 || slash >= end ? -1 : slash;
    }

    /** Index of the '?' or '#' that ends the path, or the target's length. */
    public static int queryOrFragmentStart(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                return i;
            }
        }
        return target.length();
    }

    /** Index just after the '?', or -1 when the target has no query. */
    public static int queryStart(String target) {
        int q = target.indexOf('?');
        if (q < 0) {
            return -1;
        }
        int hash = target.indexOf('#');
        return hash >= 0 && hash < q ? -1 : q + 1;
    }

    /** Index where the query ends (a '#' or the end). */
    public static int queryEnd(String target, int queryStart) {
        int hash = target.indexOf('#', queryStart);
        return hash < 0 ? target.length() : hash;
    }

    /** Position in {@code headers} of the first header named {@code name} (any case), or -1. */
    public static int indexOfHeader(List<Header> headers, String name) {
        for (int i = 0, n = headers.size(); i < n; i++) {
            if (headers.get(i).name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
