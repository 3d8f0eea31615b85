package dev.reprise.format.redact.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Masks the values of named fields in an {@code application/x-www-form-urlencoded} body, in
 * place: each masked value's bytes become {@code *}, and every other byte and the length stay.
 * Names are matched percent-decoded ({@code api%5Fkey} is {@code api_key}).
 */
public final class FormFieldMasker {
    private final Predicate<String> masked;

    public FormFieldMasker(Predicate<String> masked) {
        this.masked = masked;
    }

    /** The body with masked values overwritten; {@code form} itself when nothing is masked. */
    public byte[] mask(byte[] form) {
        byte[] out = null;
        int i = 0;
        while (i < form.length) {
            int end = i;
            while (end < form.length && form[end] != '&' && form[end] != ';') {
                end++;
            }
            int eq = i;
            while (eq < end && form[eq] != '=') {
                eq++;
            }
            if (eq < end && masked.test(decode(form, i, eq))) {
                if (out == null) {
                    out = form.clone();
                }
                Arrays.fill(out, eq + 1, end, (byte) '*');
            }
            i = end + 1;
        }
        return out == null ? form : out;
    }

    /** Percent-decodes a name, {@code +} as a space; a malformed escape is kept as it is. */
    public static String decode(byte[] b, int from, int to) {
        ByteArrayOutputStream s = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c == '+') {
                s.write(' ');
            } else if (c == '%' && i + 2 < to && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                s.write(hex(b[i + 1]) * 16 + hex(b[i + 2]));
                i += 2;
            } else {
                s.write(c);
            }
        }
        return s.toString(StandardCharsets.UTF_8).trim();
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
