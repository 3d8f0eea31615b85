package dev.reprise.replay.connection.internal;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

import java.util.function.BooleanSupplier;

/**
 * Decodes the target's responses. Requests go out as bytes encoded ahead of time
 * ({@link WireRequest}), so no request encoder sits in the pipeline to tell the decoder which
 * request a response answers; the connection does, for the one case that changes the framing:
 * the answer to a HEAD has no body.
 *
 * <p>Header names and values are not validated token by token: the replayer reads only the
 * framing headers (Content-Length, Transfer-Encoding, Connection), which the decoder checks on
 * its own, and discards the rest; validating every header of every response was a tenth of an
 * event loop's time at full rate. A malformed status line or framing still fails the exchange.
 */
public final class ResponseDecoder extends HttpResponseDecoder {
    private static final HttpDecoderConfig CONFIG = new HttpDecoderConfig()
            .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false))
            .setTrailersFactory(DefaultHttpHeadersFactory.trailersFactory().withValidation(false));

    private final BooleanSupplier answeringHead;

    public ResponseDecoder(BooleanSupplier answeringHead) {
        super(CONFIG);
        this.answeringHead = answeringHead;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        return answeringHead.getAsBoolean() || super.isContentAlwaysEmpty(msg);
    }
}
