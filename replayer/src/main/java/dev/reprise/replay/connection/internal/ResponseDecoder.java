package dev.reprise.replay.connection.internal;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

import java.util.function.BooleanSupplier;

/**
 * Decodes the target's responses. Requests go out as bytes encoded ahead of time
 * ({@link WireRequest}), so no request encoder sits in the pipeline to tell the decoder which
 * request a response answers; the connection does, for the one case that changes the framing:
 * the answer to a HEAD has no body.
 */
public final class ResponseDecoder extends HttpResponseDecoder {
    private final BooleanSupplier answeringHead;

    public ResponseDecoder(BooleanSupplier answeringHead) {
        this.answeringHead = answeringHead;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        return answeringHead.getAsBoolean() || super.isContentAlwaysEmpty(msg);
    }
}
