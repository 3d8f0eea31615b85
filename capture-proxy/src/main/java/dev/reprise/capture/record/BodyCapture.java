package dev.reprise.capture.record;

import dev.reprise.format.Body;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The stored part of a body as it streams past: a copy of at most {@code cap} bytes, plus the
 * true length. The copy grows as bytes arrive, so small bodies cost small arrays, and a body
 * that came in one part is stored in the array it was copied into.
 */
public final class BodyCapture {
    private static final byte[] NONE = new byte[0];

    private final int cap;
    private byte[] bytes = NONE;
    private int stored;
    private long length;

    public BodyCapture(int cap) {
        this.cap = cap;
    }

    /** Copies what fits under the cap from the buffer's readable bytes; the buffer is not consumed. */
    public void append(ByteBuf buf) {
        append(buf, buf.readerIndex(), buf.readableBytes());
    }

    /** Copies what fits under the cap of {@code n} bytes of the buffer from {@code index}. */
    public void append(ByteBuf buf, int index, int n) {
        length += n;
        int take = Math.min(n, cap - stored);
        if (take > 0) {
            if (stored + take > bytes.length) {
                // The first part exactly (most bodies come in one), later ones with room to grow.
                int grown = stored == 0 ? take : Math.max(stored + take, Math.min(cap, Math.max(256, bytes.length * 2)));
                bytes = Arrays.copyOf(bytes, grown);
            }
            buf.getBytes(index, bytes, stored, take);
            stored += take;
        }
    }

    public long length() {
        return length;
    }

    /** The body of {@code capture}, or the empty body when nothing was captured (null). */
    public static Body toBody(BodyCapture capture) {
        return capture == null ? Body.EMPTY : capture.toBody();
    }

    public Body toBody() {
        if (length == 0) {
            return Body.EMPTY;
        }
        return new Body(stored == bytes.length ? bytes : Arrays.copyOf(bytes, stored), length);
    }
}
