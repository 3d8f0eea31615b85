package dev.reprise.capture.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequestEncoder;
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
    private ChannelHandlerContext rawOut;
    private FrontendHandler frontend;
    private boolean readPending;
    private long lastActivityNanoTime;
    private ScheduledFuture<?> readTimer;
    private ArrayDeque<io.netty.channel.Channel> pool;
    private ScheduledFuture<?> idleTimer;
    private long idleSinceNanoTime;
    private boolean servedBefore;
    private final ResponseFraming framing = new ResponseFraming();

    BackendHandler(Duration readTimeout, Duration idleTimeout) {
        this.readTimeoutNanos = readTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /*
     * The read and idle timers are not scheduled and cancelled per exchange, which would cost a
     * task and two heap operations per request: each stays armed and, when it fires, checks the
     * time of the last activity and re-arms for what is left, or lapses when it has nothing to watch.
     */

    /**
     * Lends the connection to a client connection's exchange. Returns whether it served an earlier
     * exchange: a failure on a reused connection may be the upstream closing it while it sat idle.
     */
    /** Writes (without flushing) bytes of a request as they are, past the request encoder. */
    ChannelFuture writeAsSent(ByteBuf bytes) {
        if (rawOut == null) {
            rawOut = ctx.pipeline().context(HttpRequestEncoder.class);
        }
        return rawOut.write(bytes);
    }

    boolean lend(FrontendHandler f) {
        boolean reused = servedBefore;
        servedBefore = true;
        framing.reset();
        attach(f);
        return reused;
    }

    private void attach(FrontendHandler f) {
        frontend = f;
        activity();
        if (readTimer == null) {
            readTimer = ctx.executor().schedule(this::checkReadTimeout, readTimeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Where the response on this connection stands. */
    ResponseFraming framing() {
        return framing;
    }

    void detach() {
        frontend = null;
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
        readTimer = null;
        if (frontend == null || !ctx.channel().isActive()) {
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
        idleSinceNanoTime = System.nanoTime();
        if (idleTimer == null) {
            idleTimer = ctx.executor().schedule(this::checkIdle, idleTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        if (!readPending) {
            read();
        }
    }

    void leavePool() {
        pool = null;
    }

    private void checkIdle() {
        idleTimer = null;
        if (pool == null || !ctx.channel().isActive()) {
            return;
        }
        long idleFor = System.nanoTime() - idleSinceNanoTime;
        if (idleFor >= idleTimeoutNanos) {
            pool.remove(ctx.channel());
            pool = null;
            ctx.close();
        } else {
            idleTimer = ctx.executor().schedule(this::checkIdle, idleTimeoutNanos - idleFor, TimeUnit.NANOSECONDS);
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
    public void handlerRemoved(ChannelHandlerContext ctx) {
        framing.release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        framing.release();
        if (readTimer != null) {
            readTimer.cancel(false);
        }
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
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
