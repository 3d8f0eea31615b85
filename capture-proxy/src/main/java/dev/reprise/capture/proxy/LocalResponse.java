package dev.reprise.capture.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

import java.nio.charset.StandardCharsets;

/** A response the proxy makes itself: 400, 405, 414, 431 or 501 for a refused request, 502 or 504 for a failed upstream. */
record LocalResponse(int status, FullHttpResponse response) {

    static LocalResponse forFailure(UpstreamFailure failure, HttpRequest req, boolean keepAlive) {
        LocalResponse local = make(failure.status(), failure.reason(), req.protocolVersion(), keepAlive);
        if (HttpMethod.HEAD.equals(req.method())) {
            // An answer to HEAD has no body; its Content-Length still tells what GET would get.
            local.response().content().clear();
        }
        return local;
    }

    static LocalResponse forRefusal(RequestCheck.Refusal refusal) {
        return make(refusal.status(), refusal.reason(), HttpVersion.HTTP_1_1, false);
    }

    static LocalResponse forMalformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return make(431, "request header fields too large", HttpVersion.HTTP_1_1, false);
        }
        if (cause instanceof TooLongHttpLineException) {
            return make(414, "request line too long", HttpVersion.HTTP_1_1, false);
        }
        if (cause instanceof TooLongFrameException) {
            return make(431, "request header fields too large", HttpVersion.HTTP_1_1, false);
        }
        return make(400, "malformed request", HttpVersion.HTTP_1_1, false);
    }

    private static LocalResponse make(int code, String reason, HttpVersion version, boolean keepAlive) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(code);
        byte[] body = (code + " " + status.reasonPhrase() + ": " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse r = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (version.equals(HttpVersion.HTTP_1_0)) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return new LocalResponse(code, r);
    }
}
