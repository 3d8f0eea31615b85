package dev.reprise.capture.proxy;

import dev.reprise.format.EpochNanoClock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and notes when raw bytes arrive, so a request's times are those of
 * its first and last bytes on the socket, not of when the proxy got round to it: requests
 * pipelined in one write all arrived with that write, however long the ones before them take.
 * Messages are decoded during the read that completes them, so "the read in progress" is when
 * their last byte came.
 */
final class ArrivalClock extends ChannelInboundHandlerAdapter {
    private final EpochNanoClock clock;
    private long readNanos;
    private long firstUnclaimedNanos;

    ArrivalClock(EpochNanoClock clock) {
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readNanos = clock.nowNanos();
        if (firstUnclaimedNanos == 0) {
            firstUnclaimedNanos = readNanos;
        }
        ctx.fireChannelRead(msg);
    }

    /** When the first bytes of a message not yet decoded arrived, or 0 if none are waiting. */
    long unclaimedSince() {
        return firstUnclaimedNanos;
    }

    /**
     * Called as a message head is decoded: the arrival of its first byte, the oldest read not yet
     * claimed by an earlier message, or else the read in progress.
     */
    long messageStarted() {
        long t = firstUnclaimedNanos != 0 ? firstUnclaimedNanos : readNanos != 0 ? readNanos : clock.nowNanos();
        firstUnclaimedNanos = 0;
        return t;
    }

    /** Called as a message's end is decoded: the arrival of its last byte, the read in progress. */
    long messageEnded() {
        firstUnclaimedNanos = 0;
        return readNanos != 0 ? readNanos : clock.nowNanos();
    }
}
