package dev.reprise.format.tenant.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of tenant values in hosts, paths and query strings (RFC 3986). Decoding is
 * lenient: a malformed escape leaves the text as it was, because a tenant rule must never throw
 * on what a client sent.
 */
public final class PercentEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /**
     * The decoded text of {@code s[from, to)}; {@code plusIsSpace} for query strings. Returns a
     * plain substring, without decoding work, when there is nothing to decode.
     */
    public static String decode(String s, int from, int to, boolean plusIsSpace) {
        boolean escaped = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+')) {
                escaped = true;
                break;
            }
        }
        if (!escaped) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    return s.substring(from, to);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return s.substring(from, to);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (plusIsSpace && c == '+') {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < to) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.write(utf8, 0, utf8.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * {@code s} with every character outside RFC 3986's unreserved set percent-encoded as UTF-8;
     * {@code dotToo} also encodes '.', so a value written into a host stays one label.
     */
    public static String encode(String s, boolean dotToo) {
        int i = 0;
        while (i < s.length() && isUnreserved(s.charAt(i), dotToo)) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        byte[] rest = s.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : rest) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && isUnreserved(c, dotToo)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(char c, boolean dotToo) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '~' || (c == '.' && !dotToo);
    }
}
