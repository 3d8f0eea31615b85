package dev.reprise.format.internal;

import java.nio.charset.StandardCharsets;

/**
 * A string of a stored event, read where it lies. ISO-8859-1 text (what the writer stores for
 * anything below U+0100, so every method, target and tenant in practice) is read byte by byte in
 * place; UTF-8 text is decoded to a {@code String} on first use, as {@link ByteSource#string()}
 * decodes it. Compare without allocating with {@code "acme".contentEquals(text)}. Valid until it
 * is pointed elsewhere.
 */
public final class StoredText implements CharSequence {
    private byte[] buf;
    private int off;
    private int len;
    private boolean utf8;
    private String decoded;

    /** Points at the string whose bytes end at {@code end}, given its prefix {@code byteLength << 1 | utf8}. */
    public StoredText point(byte[] buf, int end, int head) {
        if (this.buf != buf) {
            this.buf = buf; // usually the same array as last time: no store, no GC write barrier
        }
        this.len = head >>> 1;
        this.off = end - len;
        this.utf8 = (head & 1) != 0;
        this.decoded = null;
        return this;
    }

    @Override
    public int length() {
        return utf8 ? decoded().length() : len;
    }

    @Override
    public char charAt(int index) {
        if (utf8) {
            return decoded().charAt(index);
        }
        if (index < 0 || index >= len) {
            throw new IndexOutOfBoundsException("index " + index + " of text of length " + len);
        }
        return (char) (buf[off + index] & 0xFF);
    }

    /** {@code s.contentEquals(this)}, comparing the stored bytes directly. */
    public boolean sameAs(String s) {
        if (utf8) {
            return decoded().equals(s);
        }
        if (s.length() != len) {
            return false;
        }
        byte[] b = buf;
        for (int i = 0; i < len; i++) {
            if ((b[off + i] & 0xFF) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().subSequence(start, end);
    }

    @Override
    public String toString() {
        return utf8 ? decoded() : new String(buf, off, len, StandardCharsets.ISO_8859_1);
    }

    /**
     * The text as a String from {@code table}: the same String for the same stored bytes while
     * the table keeps it, without copying them to compare.
     */
    public String toString(InternedTexts table) {
        return table.of(buf, off, len, utf8);
    }

    private String decoded() {
        if (decoded == null) {
            decoded = new String(buf, off, len, StandardCharsets.UTF_8);
        }
        return decoded;
    }
}
