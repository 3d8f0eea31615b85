package dev.reprise.capture.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One direction of a byte tunnel after a protocol upgrade: what this side reads, the other side
 * writes, and this side reads again only once that write has flushed.
 *
 * <p>An end of stream from either side is passed on: the client connection allows half-closure
 * (for HTTP clients that shut their sending side and wait for the answer), so a client closing
 * the tunnel shows up here as its input shutting down, not as the channel closing. Its end of
 * stream is forwarded to the upstream as a FIN after what was read before it; once both
 * directions have ended, or either side is gone, both connections are closed.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    TunnelHandler(Channel peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!peer.isActive()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                f.channel().close();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            Channel self = ctx.channel();
            if (peer instanceof DuplexChannel duplex && peer.isActive() && !duplex.isOutputShutdown()
                    && !(self instanceof DuplexChannel d && d.isOutputShutdown())) {
                // Half-close: the peer may still answer; its end of stream closes both.
                peer.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                        .addListener((ChannelFutureListener) f -> duplex.shutdownOutput());
            } else {
                Channels.closeOnFlush(peer);
                self.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channels.closeOnFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Channels.closeOnFlush(ctx.channel());
    }
}
