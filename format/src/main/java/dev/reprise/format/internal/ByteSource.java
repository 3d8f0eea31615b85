package dev.reprise.format.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian reads over one stored event. Every read is bounds-checked against the event's
 * length and fails with {@link MalformedEventException}, so corrupt lengths never read past it.
 */
public final class ByteSource {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int pos;
    private int limit;

    /** The little-endian i64 at {@code at}, which the caller has checked is inside the event. */
    public static long i64At(byte[] buf, int at) {
        return (long) LONG.get(buf, at);
    }

    /** The little-endian i32 at {@code at}, checked by the caller. */
    public static int i32At(byte[] buf, int at) {
        return (int) INT.get(buf, at);
    }

    /** The little-endian u16 at {@code at}, checked by the caller. */
    public static int u16At(byte[] buf, int at) {
        return (buf[at] & 0xFF) | (buf[at + 1] & 0xFF) << 8;
    }

    public void wrap(byte[] buf, int off, int limit) {
        this.buf = buf;
        this.pos = off;
        this.limit = limit;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return limit - pos;
    }

    private void need(int n) {
        if (n < 0 || pos + n > limit) {
            throw new MalformedEventException("needs " + n + " bytes at offset " + pos + " but the event ends at " + limit);
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int u16() {
        need(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int i32() {
        need(4);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    public long i64() {
        need(8);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    public double f64() {
        return Double.longBitsToDouble(i64());
    }

    public long varint() {
        // Nearly every varint is one byte (short lengths, small ids): take it without the loop.
        if (pos < limit) {
            byte b = buf[pos];
            if (b >= 0) {
                pos++;
                return b;
            }
        }
        return longVarint();
    }

    private long longVarint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    throw new MalformedEventException("negative varint at offset " + pos);
                }
                return v;
            }
        }
        throw new MalformedEventException("varint longer than 10 bytes at offset " + pos);
    }

    /** A length prefix, checked against what is left so a corrupt length cannot allocate gigabytes. */
    public int length() {
        long n = varint();
        if (n > remaining()) {
            throw new MalformedEventException("length " + n + " at offset " + pos + " runs past the event end " + limit);
        }
        return (int) n;
    }

    /** Steps over {@code n} bytes the caller has checked are there. */
    public void skip(int n) {
        pos += n;
    }

    /** Steps over a length-prefixed byte run, as {@link #bytes()} checks it; returns its length. */
    public int skipBytes() {
        int n = length();
        pos += n;
        return n;
    }

    /**
     * Steps over a string, as {@link #string()} checks it, and returns its prefix
     * {@code byteLength << 1 | utf8}; its bytes end at the new {@link #position()}.
     */
    public int skipString() {
        long h = varint();
        long n = h >>> 1;
        if (n > remaining()) {
            throw new MalformedEventException("string length " + n + " at offset " + pos + " runs past the event end " + limit);
        }
        pos += (int) n;
        return (int) h;
    }

    public byte[] bytes() {
        int n = length();
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** A string: {@code varint(byteLength << 1 | utf8)}, then ISO-8859-1 or UTF-8 bytes. */
    public String string() {
        long h = varint();
        long n = h >>> 1;
        if (n > remaining()) {
            throw new MalformedEventException("string length " + n + " at offset " + pos + " runs past the event end " + limit);
        }
        // ISO-8859-1 needs no validation: the JDK copies the bytes straight into a compact string.
        String s = new String(buf, pos, (int) n, (h & 1) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        pos += (int) n;
        return s;
    }
}
