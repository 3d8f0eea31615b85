package dev.reprise.format;

/** Header-name matching over stored bytes, by the rule {@link String#equalsIgnoreCase} uses. */
final class HeaderNames {
    private HeaderNames() {
    }

    /**
     * Whether the ISO-8859-1 bytes at {@code from} spell {@code name} ignoring case. Compared in
     * place so that matching a name does not build a string per header of every request.
     */
    static boolean latin1EqualsIgnoreCase(byte[] b, int from, String name) {
        for (int k = 0, n = name.length(); k < n; k++) {
            char c1 = (char) (b[from + k] & 0xFF);
            char c2 = name.charAt(k);
            if (c1 != c2) {
                char u1 = Character.toUpperCase(c1);
                char u2 = Character.toUpperCase(c2);
                if (u1 != u2 && Character.toLowerCase(u1) != Character.toLowerCase(u2)) {
                    return false;
                }
            }
        }
        return true;
    }
}
