package dev.reprise.capture.proxy;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sits on the listening socket. When accepting fails, almost always for want of file
 * descriptors ("Too many open files"), retrying at once would spin, and Netty's default would
 * log a stack trace each time: instead the failure is counted, accepting pauses briefly while
 * idle connections are closed to free descriptors, and one line is logged at most every ten
 * seconds.
 */
@ChannelHandler.Sharable
final class AcceptGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger("dev.reprise.capture.Accept");
    static final long PAUSE_MILLIS = 250;
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final LongAdder errors;
    private final Runnable makeRoom;
    private long lastLineNanoTime = System.nanoTime() - LOG_INTERVAL_NANOS;
    private long sinceLastLine;

    AcceptGuard(LongAdder errors, Runnable makeRoom) {
        this.errors = errors;
        this.makeRoom = makeRoom;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        errors.increment();
        sinceLastLine++;
        long now = System.nanoTime();
        if (now - lastLineNanoTime >= LOG_INTERVAL_NANOS) {
            log.warn("cannot accept connections: {} ({} failed accept{} since the last report; accepting pauses {} ms "
                            + "after each and idle connections are closed; see reprise_accept_errors_total)",
                    cause.getMessage(), sinceLastLine, sinceLastLine == 1 ? "" : "s", PAUSE_MILLIS);
            lastLineNanoTime = now;
            sinceLastLine = 0;
        }
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            ctx.channel().config().setAutoRead(true);
        }, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        makeRoom.run();
    }
}
