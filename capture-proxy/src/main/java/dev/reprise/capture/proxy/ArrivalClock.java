package dev.reprise.capture.proxy;

import dev.reprise.format.EpochNanoClock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and notes when the first raw bytes of a not yet decoded message
 * arrived, so a request's time is that of its first byte, not of its decoded head.
 */
final class ArrivalClock extends ChannelInboundHandlerAdapter {
    private final EpochNanoClock clock;
    private long firstUnclaimedNanos;

    ArrivalClock(EpochNanoClock clock) {
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (firstUnclaimedNanos == 0) {
            firstUnclaimedNanos = clock.nowNanos();
        }
        ctx.fireChannelRead(msg);
    }

    /** The arrival time of the oldest bytes not yet claimed by a message (now if none), and forgets it. */
    long claim() {
        long t = firstUnclaimedNanos;
        firstUnclaimedNanos = 0;
        return t == 0 ? clock.nowNanos() : t;
    }
}
