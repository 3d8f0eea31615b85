package dev.reprise.replay.connection.internal;

import dev.reprise.format.Header;
import dev.reprise.format.RequestEvent;
import dev.reprise.replay.connection.RequestRewriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http.HttpMethod;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A request's bytes as they go on the wire, encoded once, ahead of its due time and off the
 * event loop: at the due time the loop only copies them into its connection's send buffer. The rewriter
 * decides what is sent; this writes it as HTTP/1.x does (request line, headers, body).
 *
 * @param bytes      the encoded request, or null when the captured request cannot be sent as HTTP
 * @param sentTarget the request target after the configured rewrites
 * @param keepAlive  false when the request says the connection closes after it
 * @param head       a HEAD request: its response has no body whatever its headers say
 */
public record WireRequest(byte[] bytes, String sentTarget, boolean keepAlive, boolean head) {
    static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SPACE = {':', ' '};
    static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);

    /**
     * Writes the request straight from the captured event and the rewriter's header list, byte
     * for byte what Netty's request encoder writes for {@link RequestRewriter#rewrite} (checked
     * by test), without building a {@code FullHttpRequest} and its header map per request.
     */
    public static WireRequest encode(RequestRewriter rewriter, RequestEvent r) {
        String target = rewriter.rewriteTarget(r.target());
        HttpMethod method;
        List<Header> headers;
        ByteBuf body;
        try {
            method = HttpMethod.valueOf(r.method());
            headers = rewriter.headers(r);
            body = rewriter.body(r);
        } catch (IllegalArgumentException e) {
            return new WireRequest(null, target, true, false);
        }
        try {
            if (!validRequestLine(method, target)) {
                return new WireRequest(null, target, true, false);
            }
            boolean http10 = "HTTP/1.0".equals(r.httpVersion());
            int length = body.readableBytes();
            ByteBuf out = Unpooled.buffer(estimate(method, target, headers) + length);
            ByteBufUtil.writeAscii(out, method.asciiName());
            out.writeByte(' ');
            ByteBufUtil.writeUtf8(out, target.isEmpty() ? "/" : target); // as Netty's encoder writes a request target
            out.writeByte(' ');
            out.writeBytes(http10 ? HTTP_1_0 : HTTP_1_1);
            out.writeBytes(CRLF);
            for (int i = 0; i < headers.size(); i++) {
                Header h = headers.get(i);
                ByteBufUtil.writeAscii(out, h.name());
                out.writeBytes(COLON_SPACE);
                ByteBufUtil.writeAscii(out, h.value());
                out.writeBytes(CRLF);
            }
            out.writeBytes(CRLF);
            out.writeBytes(body, body.readerIndex(), length);
            return new WireRequest(ByteBufUtil.getBytes(out), target, keepAlive(http10, headers), HttpMethod.HEAD.equals(method));
        } finally {
            body.release();
        }
    }

    /** As {@code HttpUtil.isKeepAlive}: "close" in a Connection header ends it; HTTP/1.0 keeps it only when asked. */
    private static boolean keepAlive(boolean http10, List<Header> headers) {
        boolean close = false;
        boolean keep = false;
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (h.name().equalsIgnoreCase("connection")) {
                for (String token : h.value().split(",", -1)) {
                    String t = token.trim();
                    close |= t.equalsIgnoreCase("close");
                    keep |= t.equalsIgnoreCase("keep-alive");
                }
            }
        }
        return !close && (!http10 || keep);
    }

    /** Whitespace or a line break in the target would change the request line's meaning on the wire. */
    static boolean validRequestLine(HttpMethod method, String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return !method.name().isEmpty();
    }

    /** Whether Netty's headers would take this header: a token for a name, no line break or control character in the value. */
    static boolean carries(Header h) {
        return !h.name().isEmpty() && HttpHeaderValidationUtil.validateToken(h.name()) == -1
                && HttpHeaderValidationUtil.validateValidHeaderValue(h.value()) == -1;
    }

    private static int estimate(HttpMethod method, String target, List<Header> headers) {
        int n = method.name().length() + ByteBufUtil.utf8MaxBytes(target) + 16;
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            n += h.name().length() + h.value().length() + 4;
        }
        return n + 2;
    }
}
