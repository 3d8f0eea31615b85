package dev.reprise.capture.proxy;

import dev.reprise.capture.admin.ProxyMetrics;
import dev.reprise.capture.record.NotRecorded;
import dev.reprise.capture.record.Recorder;
import dev.reprise.format.CloseSide;
import dev.reprise.format.Outcome;
import dev.reprise.format.UpgradeEvent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * The client side of a connection. Requests are forwarded one at a time, in order, on an upstream
 * connection borrowed from the event loop's pool; pipelined requests wait in {@code pending} until
 * the response before them is done, and reading stops meanwhile, so the queue holds at most one
 * read's worth. Reads on either side are asked for only once the previous write has flushed.
 * Captured copies go to the recorder, which never blocks.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    private final ProxyContext px;
    private final ClientConnection conn;
    private final ArrayDeque<HttpObject> pending = new ArrayDeque<>();
    private final ChannelFutureListener readClientWhenFlushed = f -> {
        if (f.isSuccess()) {
            readClient();
        }
    };
    private final ChannelFutureListener readUpstreamWhenFlushed = this::upstreamFlushedToClient;
    private ChannelHandlerContext ctx;
    private Exchange current;
    private Channel upstream;
    private BackendHandler backend;
    private ChannelFuture lastUpstreamWrite;
    private ChannelFuture lastClientWrite;
    private long sequence;
    private boolean draining;
    private long responseHeadNanoTime;
    private ArrivalClock arrival;
    private boolean inputClosed;

    FrontendHandler(ProxyContext px, ClientConnection conn) {
        this.px = px;
        this.conn = conn;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject o)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        pending.add(o);
        drain();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushUpstreamThenRead();
    }

    /** Forwards what is pending as far as the current exchange allows. */
    private void drain() {
        while (!pending.isEmpty() && ctx.channel().isActive()) {
            HttpObject head = pending.peek();
            if (head instanceof HttpRequest req) {
                if (current != null) {
                    return;
                }
                pending.poll();
                if (!startExchange(req)) {
                    return;
                }
            } else if (current == null) {
                ReferenceCountUtil.release(pending.poll()); // the rest of a request we already answered
            } else if (upstream == null) {
                return; // still connecting
            } else {
                forwardRequestContent((HttpContent) pending.poll());
            }
        }
    }

    private boolean startExchange(HttpRequest req) {
        if (req.decoderResult().isFailure()) {
            rejectMalformed(req);
            return false;
        }
        long firstByte = arrival().claim();
        // Requests left out are only counted, once forwarded (handOverRequest); nothing is copied of them.
        Exchange.Capture capture = conn.sampled && px.recorder.policy().accepts(req.method().name(), req.uri())
                ? new Exchange.Capture(conn.id, sequence, req, firstByte, px.maxBodyBytes) : null;
        Exchange ex = new Exchange(sequence++, req, HttpUtil.isKeepAlive(req), capture);
        ex.upgradeRequested = req.headers().contains(HttpHeaderNames.UPGRADE);
        current = ex;
        if (px.settings.addForwarded()) {
            ForwardedHeaders.add(req, (InetSocketAddress) ctx.channel().remoteAddress());
        }
        Future<Channel> f = px.pool.acquire(ctx.channel().eventLoop());
        if (f.isDone()) {
            upstreamAcquired(ex, f);
        } else {
            f.addListener(done -> upstreamAcquired(ex, f));
        }
        return true;
    }

    private ArrivalClock arrival() {
        if (arrival == null) {
            arrival = ctx.pipeline().get(ArrivalClock.class);
        }
        return arrival;
    }

    private void upstreamAcquired(Exchange ex, Future<Channel> f) {
        if (ex != current) {
            if (f.isSuccess()) {
                f.getNow().close(); // the client went away while we connected
            }
            return;
        }
        if (!f.isSuccess()) {
            upstreamFailed(UpstreamFailure.ofConnect(f.cause()));
            return;
        }
        upstream = f.getNow();
        backend = UpstreamPool.backend(upstream);
        backend.attach(this);
        ex.upstreamReadyNanoTime = System.nanoTime();
        lastUpstreamWrite = upstream.write(ex.request);
        ex.requestHoldNanos = System.nanoTime() - ex.upstreamReadyNanoTime;
        backend.read(); // an early response (say 413 or 100 Continue) must get through
        drain();
        flushUpstreamThenRead();
    }

    private void forwardRequestContent(HttpContent c) {
        Exchange ex = current;
        if (c.decoderResult().isFailure()) {
            ReferenceCountUtil.release(c);
            rejectMalformedMidBody();
            return;
        }
        if (ex.capture != null) {
            ex.capture.requestBody.append(c.content());
        }
        boolean last = c instanceof LastHttpContent;
        lastUpstreamWrite = upstream.write(c);
        backend.activity();
        if (last) {
            ex.requestDone = true;
            arrival().claim(); // bytes read so far belong to this request, not the next
            if (ex.capture != null) {
                ex.capture.requestLastByteNanos = px.clock.nowNanos();
            }
            handOverRequest(ex);
        }
    }

    /** Counts the request as forwarded, and journals it unless it is deliberately left out. */
    private void handOverRequest(Exchange ex) {
        if (ex.requestHandedOver) {
            return;
        }
        ex.requestHandedOver = true;
        if (ex.capture != null) {
            px.recorder.request(ex.capture.request());
        } else {
            px.recorder.notRecorded(conn.sampled ? NotRecorded.FILTERED : NotRecorded.SAMPLED_OUT);
        }
    }

    private void flushUpstreamThenRead() {
        if (upstream != null && lastUpstreamWrite != null) {
            ChannelFuture f = lastUpstreamWrite;
            lastUpstreamWrite = null;
            upstream.flush();
            f.addListener(readClientWhenFlushed);
        } else {
            readClient();
        }
    }

    /**
     * Reads the client again unless that would queue more than one read ahead of the exchange in
     * flight. While a response is awaited one read stays open: it notices a client that goes
     * away, and keeps the socket's read interest set instead of clearing and setting it again
     * for every request. Not after an Upgrade request, whose next bytes are not HTTP.
     */
    private void readClient() {
        if (!pending.isEmpty() || !ctx.channel().isActive() || inputClosed) {
            return;
        }
        Exchange ex = current;
        if (ex == null ? !draining : ex.requestDone ? !ex.upgradeRequested : upstream != null) {
            ctx.read();
        }
    }

    // ---- upstream side, called by BackendHandler on the same event loop ----

    void upstreamMessage(Object msg) {
        Exchange ex = current;
        if (ex == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf raw) {
            // Bytes after a 101, decoded before the codec came out: they belong to the tunnel.
            lastClientWrite = ctx.write(raw);
            return;
        }
        HttpObject o = (HttpObject) msg;
        if (o.decoderResult().isFailure()) {
            ReferenceCountUtil.release(o);
            closeUpstream();
            upstreamFailed(UpstreamFailure.PROTOCOL);
            return;
        }
        if (o instanceof HttpResponse resp) {
            responseHead(ex, resp);
        }
        if (o instanceof HttpContent c) {
            responseContent(ex, c);
        }
    }

    private void responseHead(Exchange ex, HttpResponse resp) {
        responseHeadNanoTime = System.nanoTime();
        int code = resp.status().code();
        if (resp.status().codeClass() == HttpStatusClass.INFORMATIONAL && code != 101) {
            ex.informational = true;
        } else {
            ex.status = code;
            ex.responseStarted = true;
            ex.upgrade = code == 101;
            ex.responseKeepAlive = HttpUtil.isKeepAlive(resp);
            ex.responseFramed = HttpUtil.isContentLengthSet(resp) || HttpUtil.isTransferEncodingChunked(resp)
                    || code == 204 || code == 304 || "HEAD".equals(ex.request.method().name());
            if (ex.capture != null) {
                ex.capture.responseFirstByteNanos = px.clock.nowNanos();
                ex.capture.responseHeaders = Exchange.headers(resp.headers());
            }
            if (draining && !ex.upgrade) {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        if (!(resp instanceof HttpContent)) {
            lastClientWrite = ctx.write(resp);
            if (!ex.informational) {
                recordAddedLatency(ex);
            }
        }
    }

    private void responseContent(Exchange ex, HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (ex.informational) {
            lastClientWrite = ctx.write(c);
            if (last) {
                ex.informational = false;
            }
            return;
        }
        if (ex.capture != null) {
            ex.capture.responseBody.append(c.content());
        }
        lastClientWrite = ctx.write(c);
        if (c instanceof HttpResponse) {
            recordAddedLatency(ex);
        }
        if (last) {
            if (ex.capture != null) {
                ex.capture.responseLastByteNanos = px.clock.nowNanos();
            }
            finishExchange(ex);
        }
    }

    /** One sample per exchange: how long the proxy held its request head plus its response head. */
    private void recordAddedLatency(Exchange ex) {
        px.metrics.addedLatency.recordNanos(ex.requestHoldNanos + System.nanoTime() - responseHeadNanoTime);
    }

    void upstreamReadComplete() {
        if (lastClientWrite != null) {
            ChannelFuture f = lastClientWrite;
            lastClientWrite = null;
            ctx.flush();
            f.addListener(readUpstreamWhenFlushed);
        } else if (backend != null) {
            backend.read();
        }
    }

    private void upstreamFlushedToClient(io.netty.util.concurrent.Future<? super Void> f) {
        if (f.isSuccess() && backend != null && current != null) {
            backend.read();
        }
    }

    private void finishExchange(Exchange ex) {
        handOverRequest(ex);
        if (ex.capture != null) {
            px.recorder.response(ex.capture.response(ex.status, Outcome.COMPLETE));
        }
        if (ex.upgrade) {
            switchToTunnel(ex);
            return;
        }
        boolean reusable = ex.requestKeepAlive && ex.responseKeepAlive && ex.responseFramed && ex.requestDone;
        // The upstream's read-complete will no longer reach us once detached: flush the response end now.
        lastClientWrite = null;
        ctx.flush();
        Channel up = upstream;
        backend.detach();
        upstream = null;
        backend = null;
        current = null;
        if (reusable) {
            px.pool.release(up);
        } else {
            up.close();
        }
        if (!reusable || draining) {
            conn.closedBy = ex.responseKeepAlive ? CloseSide.PROXY : CloseSide.UPSTREAM;
            ctx.flush();
            Channels.closeOnFlush(ctx.channel());
            return;
        }
        nextExchange();
    }

    /** The exchange is over and the connection stays: start the next pipelined request or read for one. */
    private void nextExchange() {
        drain();
        if (current == null) {
            if (inputClosed && pending.isEmpty()) {
                conn.closedBy = CloseSide.CLIENT;
                Channels.closeOnFlush(ctx.channel());
                return;
            }
            readClient();
        }
    }

    private void switchToTunnel(Exchange ex) {
        px.metrics.upgrades.increment();
        if (conn.sampled) {
            String protocol = ex.request.headers().get(HttpHeaderNames.UPGRADE, "");
            px.recorder.event(new UpgradeEvent(conn.id, ex.sequence, px.clock.nowNanos(), protocol));
        }
        Channel up = upstream;
        backend.detach();
        current = null;
        upstream = null;
        backend = null;
        ctx.flush();
        TunnelHandler toUpstream = new TunnelHandler(up);
        TunnelHandler toClient = new TunnelHandler(ctx.channel());
        up.pipeline().replace(BackendHandler.class, "tunnel", toClient);
        up.pipeline().remove(io.netty.handler.codec.http.HttpClientCodec.class);
        ctx.pipeline().replace(this, "tunnel", toUpstream);
        // Requests the client pipelined behind the upgrade are not HTTP to us any more.
        for (HttpObject o; (o = pending.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
        ctx.pipeline().remove(HttpServerCodec.class);
        up.read();
        ctx.channel().read();
    }

    void upstreamTimedOut() {
        closeUpstream();
        upstreamFailed(UpstreamFailure.TIMEOUT);
    }

    void upstreamClosed(Throwable cause) {
        closeUpstream();
        upstreamFailed(UpstreamFailure.ofBrokenConnection(cause));
    }

    private void closeUpstream() {
        if (upstream != null) {
            if (backend != null) {
                backend.detach();
            }
            upstream.close();
            upstream = null;
            backend = null;
        }
    }

    /** Upstream failed the current exchange: answer 502/504 if nothing was sent yet, else cut the client off. */
    private void upstreamFailed(UpstreamFailure failure) {
        Exchange ex = current;
        if (ex == null) {
            return;
        }
        closeUpstream();
        px.metrics.upstreamError(failure.outcome());
        px.upstreamErrors.failed(failure);
        consumePendingBody(ex);
        handOverRequest(ex);
        if (ex.responseStarted) {
            if (ex.capture != null) {
                ex.capture.responseLastByteNanos = px.clock.nowNanos();
                px.recorder.response(ex.capture.response(ex.status, failure.outcome()));
            }
            current = null;
            conn.closedBy = CloseSide.UPSTREAM;
            ctx.flush();
            Channels.closeOnFlush(ctx.channel());
            return;
        }
        boolean keepClient = ex.requestDone && ex.requestKeepAlive && !draining;
        LocalResponse local = LocalResponse.forFailure(failure, ex.request, keepClient);
        if (ex.capture != null) {
            ex.capture.responseFirstByteNanos = px.clock.nowNanos();
            ex.capture.responseLastByteNanos = ex.capture.responseFirstByteNanos;
            ex.capture.responseHeaders = Exchange.headers(local.response().headers());
            ex.capture.responseBody.append(local.response().content());
            px.recorder.response(ex.capture.response(local.status(), failure.outcome()));
        }
        current = null;
        ChannelFuture written = ctx.writeAndFlush(local.response());
        if (!keepClient) {
            conn.closedBy = CloseSide.PROXY;
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        nextExchange();
    }

    /** Takes the not yet forwarded body of the current request off the queue, capturing it. */
    private void consumePendingBody(Exchange ex) {
        while (!ex.requestDone && pending.peek() instanceof HttpContent c && !(c instanceof HttpRequest)) {
            pending.poll();
            if (ex.capture != null && !c.decoderResult().isFailure()) {
                ex.capture.requestBody.append(c.content());
            }
            if (c instanceof LastHttpContent) {
                ex.requestDone = true;
                if (ex.capture != null) {
                    ex.capture.requestLastByteNanos = px.clock.nowNanos();
                }
            }
            c.release();
        }
    }

    private void rejectMalformed(HttpRequest req) {
        LocalResponse local = LocalResponse.forMalformed(req.decoderResult().cause());
        if (local.status() == 431) {
            px.metrics.rejectedHeadersTooLarge.increment();
        } else {
            px.metrics.rejectedBadRequest.increment();
        }
        ReferenceCountUtil.release(req);
        conn.closedBy = CloseSide.PROXY;
        clearPending();
        ctx.writeAndFlush(local.response()).addListener(ChannelFutureListener.CLOSE);
    }

    private void rejectMalformedMidBody() {
        // The request head is upstream already; the client's framing is broken, so neither side can go on.
        Exchange ex = current;
        closeUpstream();
        px.metrics.rejectedBadRequest.increment();
        handOverRequest(ex);
        if (ex.capture != null) {
            px.recorder.response(ex.capture.response(0, Outcome.CLIENT_ABORT));
        }
        current = null;
        conn.closedBy = CloseSide.PROXY;
        clearPending();
        if (ex.responseStarted) {
            ctx.flush();
            ctx.close();
        } else {
            ctx.writeAndFlush(LocalResponse.forMalformed(null).response()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Shutdown: finish the exchange in flight, if any, then close. */
    void beginDrain() {
        draining = true;
        if (current == null && ctx != null && ctx.pipeline().get(FrontendHandler.class) == this) {
            conn.closedBy = CloseSide.PROXY;
            ctx.close();
        }
    }

    /**
     * The client shut its sending side (half-close): answer what it has sent, then close. A
     * request cut short by it is an abort.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            if (current == null && pending.isEmpty()) {
                ctx.close();
            } else if (current != null && !current.requestDone && !(pending.peekLast() instanceof LastHttpContent)) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = current;
        if (ex != null) {
            current = null;
            closeUpstream();
            px.metrics.clientAborts.increment();
            consumePendingBody(ex);
            handOverRequest(ex);
            if (ex.capture != null) {
                ex.capture.responseLastByteNanos = px.clock.nowNanos();
                px.recorder.response(ex.capture.response(ex.status, Outcome.CLIENT_ABORT));
            }
        }
        clearPending();
    }

    private void clearPending() {
        for (HttpObject o; (o = pending.poll()) != null; ) {
            ReferenceCountUtil.release(o);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset from the client; channelInactive follows and records the abort.
        ctx.close();
    }
}
