package dev.reprise.capture.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The upstream side of a connection: relays what upstream sends to the client connection it is
 * lent to, and watches the read timeout. While it sits in the pool it keeps one read open, so an
 * upstream that closes an idle connection is noticed and the connection leaves the pool.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private FrontendHandler frontend;
    private boolean readPending;
    private long lastActivityNanoTime;
    private ScheduledFuture<?> readTimer;
    private ArrayDeque<io.netty.channel.Channel> pool;
    private ScheduledFuture<?> idleTimer;

    BackendHandler(Duration readTimeout, Duration idleTimeout) {
        this.readTimeoutNanos = readTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void attach(FrontendHandler f) {
        frontend = f;
        activity();
        readTimer = ctx.executor().schedule(this::checkReadTimeout, readTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    void detach() {
        frontend = null;
        if (readTimer != null) {
            readTimer.cancel(false);
            readTimer = null;
        }
    }

    /** Asks for the next read from upstream. */
    void read() {
        readPending = true;
        ctx.read();
    }

    /** Something went to or came from upstream: the read timeout counts from here. */
    void activity() {
        lastActivityNanoTime = System.nanoTime();
    }

    private void checkReadTimeout() {
        if (frontend == null) {
            return;
        }
        long quiet = System.nanoTime() - lastActivityNanoTime;
        // Only time out while we wait on upstream; a slow client pausing our reads is not upstream's fault.
        if (quiet >= readTimeoutNanos && readPending) {
            FrontendHandler f = frontend;
            detach();
            f.upstreamTimedOut();
            ctx.close();
        } else {
            long next = quiet >= readTimeoutNanos ? readTimeoutNanos : readTimeoutNanos - quiet;
            readTimer = ctx.executor().schedule(this::checkReadTimeout, next, TimeUnit.NANOSECONDS);
        }
    }

    void enterPool(ArrayDeque<io.netty.channel.Channel> idle) {
        pool = idle;
        idleTimer = ctx.executor().schedule(() -> {
            idle.remove(ctx.channel());
            ctx.close();
        }, idleTimeoutNanos, TimeUnit.NANOSECONDS);
        if (!readPending) {
            read();
        }
    }

    void leavePool() {
        pool = null;
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readPending = false;
        activity();
        if (frontend != null) {
            frontend.upstreamMessage(msg);
        } else {
            // Bytes on an idle connection answer nothing we sent: the connection is unusable.
            ReferenceCountUtil.release(msg);
            if (pool != null) {
                pool.remove(ctx.channel());
            }
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (frontend != null) {
            frontend.upstreamReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pool != null) {
            pool.remove(ctx.channel());
            leavePool();
        }
        if (frontend != null) {
            FrontendHandler f = frontend;
            detach();
            f.upstreamClosed(null);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (frontend != null) {
            FrontendHandler f = frontend;
            detach();
            f.upstreamClosed(cause);
        }
        ctx.close();
    }
}
