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
        ensure(1);
        buf[pos++] = (byte) v;
    }

    public void u16(int v) {
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

    /** Unsigned LEB128; callers only pass non-negative values. */
    public void varint(long v) {
        ensure(10);
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

    /** A string as its UTF-8 byte length (LEB128) followed by the bytes; ASCII is copied without allocation. */
    public void string(String s) {
        int n = s.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            varint(n);
            ensure(n);
            s.getBytes(0, n, buf, pos);
            pos += n;
        } else {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
