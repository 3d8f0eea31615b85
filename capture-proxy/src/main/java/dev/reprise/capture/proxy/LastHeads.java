package dev.reprise.capture.proxy;

import dev.reprise.capture.record.HeadFields;
import dev.reprise.capture.record.UnparsedHeaders;
import dev.reprise.format.Header;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.List;

/**
 * The last request head and response head recorded on one client connection. A client sends the
 * same fields from one request to the next, and a service answers with the same fields but for
 * the Date once a second: when a head's fields (its bytes after the first line) are the last
 * one's, the exchange is recorded with the last one's {@link UnparsedHeaders}. That saves the
 * event loop a copy and two objects per head, and the recorder's thread the first touch of heads
 * the event loop wrote on the other core and splitting them again: it has split that one
 * already. The journal gets the same fields either way. Lives on the connection's event loop;
 * what it holds the connection held already (the decoder keeps the last head's bytes too).
 */
final class LastHeads {
    private static final byte LF = '\n';

    private UnparsedHeaders request;
    private int requestFieldsFrom;
    private UnparsedHeaders response;
    /** The last response head's bytes, wrapped once so that they compare with a buffer eight bytes at a time. */
    private ByteBuf responseBytes;
    private int responseFieldsFrom;

    /** The fields of a request head the client sent as {@code head}. */
    List<Header> request(byte[] head) {
        int from = fieldsFrom(head);
        UnparsedHeaders last = request;
        if (last != null && from > 0 && last.sameBytesAs(requestFieldsFrom, head, from)) {
            return last;
        }
        request = new UnparsedHeaders(head, HeadFields::of);
        requestFieldsFrom = from;
        return request;
    }

    /** The fields of the response head in {@code head}'s readable bytes, which are not consumed. */
    List<Header> response(ByteBuf head) {
        int start = head.readerIndex();
        int end = head.writerIndex();
        int lf = head.indexOf(start, end, LF);
        UnparsedHeaders last = response;
        if (last != null && lf >= 0) {
            int n = end - lf - 1;
            if (n == responseBytes.capacity() - responseFieldsFrom
                    && ByteBufUtil.equals(head, lf + 1, responseBytes, responseFieldsFrom, n)) {
                return last;
            }
        }
        byte[] bytes = new byte[end - start];
        head.getBytes(start, bytes);
        response = new UnparsedHeaders(bytes, HeadFields::of);
        responseBytes = Unpooled.wrappedBuffer(bytes);
        responseFieldsFrom = lf < 0 ? bytes.length : lf + 1 - start;
        return response;
    }

    private static int fieldsFrom(byte[] head) {
        for (int i = 0; i < head.length; i++) {
            if (head[i] == LF) {
                return i + 1;
            }
        }
        return -1;
    }
}
