package dev.reprise.capture.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

import java.util.concurrent.atomic.LongAdder;

/** Counts the raw bytes a client connection receives and sends; shared by every connection. */
@ChannelHandler.Sharable
final class ByteCounter extends ChannelDuplexHandler {
    private final LongAdder received;
    private final LongAdder sent;

    ByteCounter(LongAdder received, LongAdder sent) {
        this.received = received;
        this.sent = sent;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            received.add(b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            sent.add(b.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
