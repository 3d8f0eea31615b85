package dev.reprise.replay.connection.internal;

import dev.reprise.format.RequestEvent;
import dev.reprise.replay.connection.RequestRewriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;

import java.util.Iterator;
import java.util.Map;

/**
 * A request's bytes as they go on the wire, encoded once, ahead of its due time and off the
 * event loop, into a pooled buffer: at the due time the loop only writes them. The rewriter
 * decides what is sent; this writes it as HTTP/1.x does (request line, headers, body).
 *
 * @param bytes      the encoded request, or null when the captured request cannot be sent as HTTP
 * @param sentTarget the request target after the configured rewrites
 * @param keepAlive  false when the request says the connection closes after it
 * @param head       a HEAD request: its response has no body whatever its headers say
 */
public record WireRequest(ByteBuf bytes, String sentTarget, boolean keepAlive, boolean head) {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SPACE = {':', ' '};

    public static WireRequest encode(RequestRewriter rewriter, RequestEvent r, ByteBufAllocator alloc) {
        String target = rewriter.rewriteTarget(r.target());
        FullHttpRequest request;
        try {
            request = rewriter.rewrite(r, target);
        } catch (IllegalArgumentException e) {
            return new WireRequest(null, target, true, false);
        }
        try {
            if (!validRequestLine(request.method(), target)) {
                return new WireRequest(null, target, true, false);
            }
            int body = request.content().readableBytes();
            ByteBuf out = alloc.directBuffer(estimate(request, target) + body);
            ByteBufUtil.writeAscii(out, request.method().asciiName());
            out.writeByte(' ');
            ByteBufUtil.writeUtf8(out, target.isEmpty() ? "/" : target); // as Netty's encoder writes a request target
            out.writeByte(' ');
            ByteBufUtil.writeAscii(out, request.protocolVersion().text());
            out.writeBytes(CRLF);
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> h = it.next();
                ByteBufUtil.writeAscii(out, h.getKey());
                out.writeBytes(COLON_SPACE);
                ByteBufUtil.writeAscii(out, h.getValue());
                out.writeBytes(CRLF);
            }
            out.writeBytes(CRLF);
            out.writeBytes(request.content(), request.content().readerIndex(), body);
            return new WireRequest(out, target, HttpUtil.isKeepAlive(request), HttpMethod.HEAD.equals(request.method()));
        } finally {
            request.release();
        }
    }

    /** Whitespace or a line break in the target would change the request line's meaning on the wire. */
    private static boolean validRequestLine(HttpMethod method, String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return !method.name().isEmpty();
    }

    private static int estimate(FullHttpRequest request, String target) {
        int n = request.method().name().length() + ByteBufUtil.utf8MaxBytes(target) + 16;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = request.headers().iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> h = it.next();
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n + 2;
    }

    /** A request that will never be written gives its buffer back to the pool. */
    public void release() {
        if (bytes != null && bytes.refCnt() > 0) {
            bytes.release();
        }
    }
}
