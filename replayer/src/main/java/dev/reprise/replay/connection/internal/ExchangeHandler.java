package dev.reprise.replay.connection.internal;

import dev.reprise.replay.report.ErrorKind;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

/** The last stage of a target connection's pipeline: passes the response, piece by piece, to its channel. */
final class ExchangeHandler extends SimpleChannelInboundHandler<HttpObject> {
    private final TargetChannel owner;

    ExchangeHandler(TargetChannel owner) {
        this.owner = owner;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg.decoderResult().isFailure()) {
            owner.failed(ErrorKind.PROTOCOL_ERROR);
            return;
        }
        if (msg instanceof HttpResponse r) {
            owner.responseStarted(r);
        }
        if (msg instanceof HttpContent c) {
            owner.responseContent(c.content().readableBytes());
            if (msg instanceof LastHttpContent) {
                owner.responseEnded();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        owner.failed(ErrorClassifier.classify(cause));
    }
}
