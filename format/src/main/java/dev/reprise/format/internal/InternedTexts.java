package dev.reprise.format.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings made once for texts that recur over millions of records (a journal names a few
 * hundred tenants), found by the stored bytes themselves: the hash and the comparison run over
 * the bytes where they lie, with no {@code String} and no per-character call through
 * {@link CharSequence}. A small direct-mapped table: a text whose slot another holds is made
 * again and takes the slot.
 */
public final class InternedTexts {
    private static final int SLOTS = 4096;
    private final byte[][] keys = new byte[SLOTS][];
    private final boolean[] utf8s = new boolean[SLOTS];
    private final String[] strings = new String[SLOTS];

    /** The text stored in {@code buf[off, off + len)}, ISO-8859-1 or, when {@code utf8}, UTF-8. */
    public String of(byte[] buf, int off, int len, boolean utf8) {
        int h = utf8 ? 1 : 0;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ (h >>> 12) ^ (h >>> 24)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && utf8s[slot] == utf8 && Arrays.equals(key, 0, key.length, buf, off, off + len)) {
            return strings[slot];
        }
        String made = new String(buf, off, len, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        keys[slot] = Arrays.copyOfRange(buf, off, off + len);
        utf8s[slot] = utf8;
        strings[slot] = made;
        return made;
    }
}
