package dev.reprise.format.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer the encoder writes into; reused between events. */
public final class ByteSink {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int pos;

    public ByteSink(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    public void reset() {
        pos = 0;
    }

    public byte[] array() {
        return buf;
    }

    public int length() {
        return pos;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    public void u8(int v) {
        if ((v & ~0xFF) != 0) {
            throw new IllegalArgumentException("value " + v + " does not fit the journal's u8 field");
        }
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void u16(int v) {
        if ((v & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("value " + v + " does not fit the journal's u16 field");
        }
        ensure(2);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
    }

    public void i32(int v) {
        ensure(4);
        INT.set(buf, pos, v);
        pos += 4;
    }

    public void i64(long v) {
        ensure(8);
        LONG.set(buf, pos, v);
        pos += 8;
    }

    public void f64(double v) {
        i64(Double.doubleToRawLongBits(v));
    }

    /** Unsigned LEB128 of a non-negative value: a journal never holds a negative count or id. */
    public void varint(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative value " + v + " where the journal stores an unsigned varint");
        }
        ensure(10);
        if (v < 0x80) {
            buf[pos++] = (byte) v;
            return;
        }
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    public void bytes(byte[] b) {
        varint(b.length);
        raw(b, 0, b.length);
    }

    public void raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    /** Makes room for {@code n} bytes to be filled in later with the {@code put} methods. */
    public void reserve(int n) {
        ensure(n);
        pos += n;
    }

    public void putU8(int at, int v) {
        buf[at] = (byte) v;
    }

    public void putU16(int at, int v) {
        if ((v & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("value " + v + " does not fit the journal's u16 field");
        }
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
    }

    public void putI32(int at, int v) {
        INT.set(buf, at, v);
    }

    public void putI64(int at, long v) {
        LONG.set(buf, at, v);
    }

    /**
     * A string's bytes with no prefix, ISO-8859-1 or UTF-8 as {@link #string} chooses; returns the
     * prefix {@link #string} would have written, {@code byteLength << 1 | utf8}, for a table.
     */
    public int text(String s) {
        if (CompactStrings.isLatin1(s)) {
            byte[] latin1 = CompactStrings.latin1Bytes(s);
            raw(latin1, 0, latin1.length);
            return latin1.length << 1;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        raw(utf8, 0, utf8.length);
        return utf8.length << 1 | 1;
    }

    /**
     * A string as {@code varint(byteLength << 1 | utf8)} followed by its bytes: ISO-8859-1 when
     * every character fits one byte (nearly every string in HTTP), copied straight from the
     * string's compact array with no scan; UTF-8 otherwise.
     */
    public void string(String s) {
        if (CompactStrings.isLatin1(s)) {
            byte[] latin1 = CompactStrings.latin1Bytes(s);
            int n = latin1.length;
            ensure(n + 10);
            if (n < 64) {
                buf[pos++] = (byte) (n << 1); // the usual one-byte length, without the varint loop
            } else {
                varint((long) n << 1);
            }
            System.arraycopy(latin1, 0, buf, pos, n);
            pos += n;
        } else {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varint(((long) utf8.length << 1) | 1);
            raw(utf8, 0, utf8.length);
        }
    }
}
