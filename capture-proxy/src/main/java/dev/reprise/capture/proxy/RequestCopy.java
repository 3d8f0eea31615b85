package dev.reprise.capture.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A request as it went upstream, kept so it can be sent again on a fresh connection when the
 * pooled one it went out on turns out to have been closed by the upstream. Only requests of
 * idempotent methods are kept, and only while their body stays under a bound; the body parts are
 * retained slices of the buffers that were forwarded, not copies.
 */
final class RequestCopy {
    /** RFC 9110 §9.2.2: the methods whose repetition has the effect of one request. */
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

    /**
     * Bodies kept for a retry, at most: enough for the small PUT and DELETE bodies of APIs, while
     * what a connection can pin stays a small multiple of one read.
     */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpRequest head;
    private List<HttpContent> body = List.of();
    private int bodyBytes;

    private RequestCopy(HttpRequest head) {
        this.head = head;
    }

    /** A copy of the request to fill as its body goes upstream, or null when it may not be sent twice. */
    static RequestCopy of(HttpRequest req) {
        return IDEMPOTENT.contains(req.method()) ? new RequestCopy(req) : null;
    }

    /**
     * Keeps a body part that is about to be forwarded. Returns false, having let go of everything,
     * when the body outgrows the bound: the request can then no longer be repeated.
     */
    boolean add(HttpContent c) {
        int n = c.content().readableBytes();
        if (bodyBytes + n > MAX_BODY_BYTES) {
            release();
            return false;
        }
        if (body.isEmpty()) {
            body = new ArrayList<>(2);
        }
        body.add(c.retainedDuplicate());
        bodyBytes += n;
        return true;
    }

    /** Writes (without flushing) the head and the body kept so far; returns the last write. */
    ChannelFuture writeTo(Channel ch) {
        ChannelFuture last = ch.write(head);
        for (HttpContent c : body) {
            last = ch.write(c.retainedDuplicate());
        }
        return last;
    }

    void release() {
        for (HttpContent c : body) {
            c.release();
        }
        body = List.of();
        bodyBytes = 0;
    }
}
