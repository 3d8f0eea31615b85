package dev.reprise.capture.proxy;

import dev.reprise.capture.record.HeadFields;
import dev.reprise.capture.record.UnparsedHeaders;
import dev.reprise.format.Header;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;
import java.util.List;

/**
 * The last request head and response head recorded on one client connection. A client sends the
 * same fields from one request to the next, and a service answers with the same fields but for
 * the Date once a second: when a head's fields (its bytes after the first line) are the last
 * one's, the exchange is recorded with the last one's {@link UnparsedHeaders}. That saves the
 * event loop a copy and two objects per head, and the recorder's thread the first touch of heads
 * the event loop wrote on the other core and splitting them again: it has split that one
 * already. The journal gets the same fields either way. Lives on the connection's event loop;
 * what it holds the connection held already (the decoder keeps the last head's bytes too), plus
 * a copy of the last response head and a scratch array of at most 1 KiB.
 */
final class LastHeads {
    private static final byte LF = '\n';

    private UnparsedHeaders request;
    private int requestFieldsFrom;
    private UnparsedHeaders response;
    private int responseFieldsFrom;
    /**
     * Where a response head is copied to be compared: one memory copy out of the (direct) buffer
     * and one vectorised comparison cost the event loop less than comparing in the buffer, whose
     * every eight-byte read is checked. Kept while heads fit in it.
     */
    private byte[] scratch;
    private static final int SCRATCH_KEPT_BYTES = 1024;

    /** The fields of a request head the client sent as {@code head}. */
    List<Header> request(byte[] head) {
        int from = fieldsFrom(head, head.length);
        UnparsedHeaders last = request;
        if (last != null && from > 0 && last.sameBytesAs(requestFieldsFrom, head, from, head.length)) {
            return last;
        }
        request = new UnparsedHeaders(head, HeadFields::of);
        requestFieldsFrom = from;
        return request;
    }

    /** The fields of the response head in {@code head}'s readable bytes, which are not consumed. */
    List<Header> response(ByteBuf head) {
        int n = head.readableBytes();
        byte[] bytes = n <= SCRATCH_KEPT_BYTES ? scratch(n) : new byte[n];
        head.getBytes(head.readerIndex(), bytes, 0, n);
        int from = fieldsFrom(bytes, n);
        UnparsedHeaders last = response;
        if (last != null && from > 0 && last.sameBytesAs(responseFieldsFrom, bytes, from, n)) {
            return last;
        }
        response = new UnparsedHeaders(bytes == scratch ? Arrays.copyOf(bytes, n) : bytes, HeadFields::of);
        responseFieldsFrom = from;
        return response;
    }

    private byte[] scratch(int n) {
        if (scratch == null || scratch.length < n) {
            scratch = new byte[Math.max(n, 256)];
        }
        return scratch;
    }

    private static int fieldsFrom(byte[] head, int length) {
        for (int i = 0; i < length; i++) {
            if (head[i] == LF) {
                return i + 1;
            }
        }
        return -1;
    }
}
