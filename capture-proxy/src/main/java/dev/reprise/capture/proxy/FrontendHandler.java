package dev.reprise.capture.proxy;

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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
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
 * What is journaled of each exchange is told to its {@link ExchangeRecord}, which never blocks.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    /** Whether the client may still send: it can shut its sending side and still want its answers. */
    private enum ClientInput { OPEN, SHUT }

    /**
     * A decoded message waiting its turn, with when its first (head) or last (end) byte arrived,
     * and for a request head that may go upstream as sent, its bytes.
     */
    private record Pending(HttpObject msg, long arrivalNanos, byte[] head) {
    }

    private final ProxyContext px;
    private final ClientConnection conn;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ChannelFutureListener readClientWhenFlushed = f -> {
        if (f.isSuccess()) {
            readClient();
        }
    };
    private final ChannelFutureListener readUpstreamWhenFlushed = this::upstreamFlushedToClient;
    private ChannelHandlerContext ctx;
    private ChannelHandlerContext rawOut;
    private RequestHeadDecoder decoder;
    private ArrivalClock arrival;
    private UpstreamLeg leg = UpstreamLeg.IDLE;
    private ClientInput input = ClientInput.OPEN;
    private ChannelFuture lastUpstreamWrite;
    private ChannelFuture lastClientWrite;
    private long sequence;
    private ClientTimeouts timeouts;
    private long connectedNanos;
    private long idleSinceNanos;
    private long lastClientReadNanos;
    private long clientReadAskedNanos;

    FrontendHandler(ProxyContext px, ClientConnection conn) {
        this.px = px;
        this.conn = conn;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.arrival = ctx.pipeline().get(ArrivalClock.class);
        this.decoder = ctx.pipeline().get(RequestHeadDecoder.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connectedNanos = px.clock.nowNanos();
        idleSinceNanos = connectedNanos;
        conn.idleSince = connectedNanos;
        timeouts = new ClientTimeouts(px.settings.client(), px.metrics, px.clock, ctx.executor(), this::clientWait,
                () -> {
                    conn.closedBy = CloseSide.PROXY;
                    ctx.close();
                });
        timeouts.start();
        askClientRead();
    }

    private void askClientRead() {
        clientReadAskedNanos = px.clock.nowNanos();
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject o)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lastClientReadNanos = px.clock.nowNanos();
        long at = o instanceof HttpRequest ? arrival.messageStarted() : o instanceof LastHttpContent ? arrival.messageEnded() : 0;
        byte[] head = o instanceof HttpRequest req && decoder != null ? decoder.takeHead(req) : null;
        pending.add(new Pending(o, at, head));
        drain();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushUpstreamThenRead();
    }

    /** Forwards what is pending as far as the current exchange allows. */
    private void drain() {
        while (!pending.isEmpty() && ctx.channel().isActive()) {
            Pending next = pending.peek();
            if (next.msg() instanceof HttpRequest req) {
                if (!(leg instanceof UpstreamLeg.Idle)) {
                    return;
                }
                pending.poll();
                if (!startExchange(req, next.arrivalNanos(), next.head())) {
                    return;
                }
            } else if (leg instanceof UpstreamLeg.Attached a) {
                pending.poll();
                forwardRequestContent(a, (HttpContent) next.msg(), next.arrivalNanos());
            } else if (leg instanceof UpstreamLeg.Idle) {
                ReferenceCountUtil.release(pending.poll().msg()); // the rest of a request we already answered
            } else {
                return; // still connecting
            }
        }
    }

    private boolean startExchange(HttpRequest req, long firstByteNanos, byte[] head) {
        if (req.decoderResult().isFailure()) {
            refuse(req, LocalResponse.forMalformed(req.decoderResult().cause()));
            return false;
        }
        RequestCheck.Refusal refusal = RequestCheck.of(req);
        if (refusal != null) {
            refuse(req, LocalResponse.forRefusal(refusal));
            return false;
        }
        conn.idleSince = 0;
        ExchangeRecord record = ExchangeRecord.open(px, conn, sequence, req, firstByteNanos, head);
        Exchange ex = new Exchange(sequence++, req, HttpUtil.isKeepAlive(req),
                req.headers().contains(HttpHeaderNames.UPGRADE), record);
        if (px.settings.addForwarded()) {
            ForwardedHeaders.add(req, (InetSocketAddress) ctx.channel().remoteAddress());
        } else {
            ex.headAsSent = head; // nothing rewritten: the client's bytes say what the encoder would
        }
        ex.copy = RequestCopy.of(req);
        connect(ex, px.pool.acquire(ctx.channel().eventLoop()));
        return true;
    }

    private void connect(Exchange ex, Future<Channel> f) {
        leg = new UpstreamLeg.Connecting(ex);
        if (f.isDone()) {
            upstreamAcquired(ex, f);
        } else {
            f.addListener(done -> upstreamAcquired(ex, f));
        }
    }

    private void upstreamAcquired(Exchange ex, Future<Channel> f) {
        if (!(leg instanceof UpstreamLeg.Connecting c) || c.exchange() != ex) {
            if (f.isSuccess()) {
                f.getNow().close(); // the client went away while we connected
            }
            return;
        }
        if (!f.isSuccess()) {
            upstreamFailed(UpstreamFailure.ofConnect(f.cause()));
            return;
        }
        Channel up = f.getNow();
        BackendHandler backend = UpstreamPool.backend(up);
        boolean reused = backend.lend(this);
        leg = new UpstreamLeg.Attached(ex, up, backend, reused);
        ex.upstreamReadyNanoTime = System.nanoTime();
        // A retry sends again the body parts that had gone out; the rest follows from pending.
        if (ex.headAsSent != null) {
            // Straight into a pooled direct buffer: a wrapped array would be one more object, and
            // the transport copies a heap buffer into a direct one before writing it anyway.
            byte[] head = ex.headAsSent;
            lastUpstreamWrite = backend.writeAsSent(up.alloc().directBuffer(head.length).writeBytes(head));
        } else {
            lastUpstreamWrite = ex.copy != null ? ex.copy.writeTo(up) : up.write(ex.request);
        }
        ex.requestHoldNanos = System.nanoTime() - ex.upstreamReadyNanoTime;
        backend.read(); // an early response (say 413 or 100 Continue) must get through
        drain();
        flushUpstreamThenRead();
    }

    private void forwardRequestContent(UpstreamLeg.Attached a, HttpContent c, long arrivalNanos) {
        Exchange ex = a.exchange();
        if (c.decoderResult().isFailure()) {
            ReferenceCountUtil.release(c);
            rejectMalformedMidBody(ex);
            return;
        }
        ex.record.requestBody(c.content());
        if (ex.copy != null && !ex.copy.add(c)) {
            ex.copy = null;
        }
        if (ex.headAsSent == null) {
            lastUpstreamWrite = a.channel().write(c);
        } else if (c.content().isReadable()) {
            // A Content-Length body: its bytes are the client's, the framing is the head's.
            lastUpstreamWrite = a.backend().writeAsSent(c.content());
        } else {
            c.release();
        }
        a.backend().activity();
        if (c instanceof LastHttpContent) {
            ex.requestDone = true;
            ex.record.requestEnded(arrivalNanos);
        }
    }

    private void flushUpstreamThenRead() {
        if (leg instanceof UpstreamLeg.Attached a && lastUpstreamWrite != null) {
            ChannelFuture f = lastUpstreamWrite;
            lastUpstreamWrite = null;
            a.channel().flush();
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
        if (!pending.isEmpty() || !ctx.channel().isActive() || input == ClientInput.SHUT) {
            return;
        }
        Exchange ex = leg.exchange();
        boolean read;
        if (ex == null) {
            read = !px.draining();
        } else if (ex.requestDone) {
            read = !ex.upgradeRequested;
        } else {
            read = leg instanceof UpstreamLeg.Attached;
        }
        if (read) {
            askClientRead();
        }
    }

    // ---- upstream side, called by BackendHandler on the same event loop ----

    /**
     * Bytes from upstream: forwarded to the client as they came, in as few writes as the
     * response's framing allows, and shown to the exchange's record.
     */
    void upstreamMessage(Object msg) {
        if (!(leg instanceof UpstreamLeg.Attached a) || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        Exchange ex = a.exchange();
        if (!ex.anyResponseByte && in.isReadable()) {
            ex.anyResponseByte = true;
            if (ex.copy != null) {
                ex.copy.release();
                ex.copy = null;
            }
        }
        ResponseFraming framing = a.backend().framing();
        int begin = in.readerIndex();
        int span = -1; // start of the bytes of in stepped over and not yet written
        try {
            while (in.isReadable()) {
                if (framing.readingHead()) {
                    int skipped = in.readerIndex();
                    ByteBuf head = framing.takeHead(in, ctx.alloc());
                    if (head == null) {
                        if (framing.broken()) {
                            upstreamFailed(UpstreamFailure.PROTOCOL);
                            return;
                        }
                        break;
                    }
                    boolean inPlace = framing.headInPlace() && !px.draining();
                    if (!inPlace || skipped != in.readerIndex() - head.readableBytes()) {
                        span = writeSpan(in, span, skipped, begin);
                    }
                    if (inPlace && span < 0) {
                        span = in.readerIndex() - head.readableBytes();
                    }
                    if (!responseHead(a, head, inPlace)) {
                        return;
                    }
                    if (ex.upgrade) {
                        // What follows a 101 in the same read is the tunnel's already.
                        writeSpan(in, span < 0 ? in.readerIndex() : span, in.writerIndex(), begin);
                        finishExchange(a, false);
                        return;
                    }
                } else {
                    if (span < 0) {
                        span = in.readerIndex();
                    }
                    int from = in.readerIndex();
                    framing.body(in, ex.record);
                    if (framing.broken()) {
                        writeSpan(in, span, from, begin); // what came before the bad framing goes through
                        upstreamFailed(UpstreamFailure.PROTOCOL);
                        return;
                    }
                }
                if (framing.done()) {
                    if (ex.response == Exchange.Response.INFORMATIONAL) {
                        ex.response = Exchange.Response.AWAITED;
                        framing.reset();
                    } else {
                        // Bytes past the response's end answer nothing: the connection is not reused.
                        boolean overran = in.isReadable();
                        writeSpan(in, span, in.readerIndex(), begin);
                        finishExchange(a, overran);
                        return;
                    }
                }
            }
            writeSpan(in, span, in.readerIndex(), begin);
        } finally {
            in.release();
        }
    }

    /**
     * Writes in's bytes from {@code span} to {@code to} to the client, if any; returns -1, the span
     * being written. When that is the whole buffer, the buffer itself goes, its reader index reset:
     * in is not to be read after that.
     */
    private int writeSpan(ByteBuf in, int span, int to, int begin) {
        if (span >= 0 && to > span) {
            boolean whole = span == begin && to == in.writerIndex();
            if (whole) {
                in.readerIndex(span); // the buffer goes out as it came, with no slice of it made
                lastClientWrite = rawOut().write(in.retain());
            } else {
                lastClientWrite = rawOut().write(in.retainedSlice(span, to - span));
            }
        }
        return -1;
    }

    /** Where raw bytes for the client are written: past the encoder, which encodes only the proxy's own answers. */
    private ChannelHandlerContext rawOut() {
        if (rawOut == null) {
            rawOut = ctx.pipeline().context(HttpResponseEncoder.class);
        }
        return rawOut;
    }

    /** Takes in a response head and forwards it; false if it was malformed and the exchange failed. */
    private boolean responseHead(UpstreamLeg.Attached a, ByteBuf head, boolean inPlace) {
        Exchange ex = a.exchange();
        ResponseHead h = ResponseHead.parse(head, ex.headRequest);
        if (h == null) {
            head.release();
            upstreamFailed(UpstreamFailure.PROTOCOL);
            return false;
        }
        ex.responseHeadNanoTime = System.nanoTime();
        a.backend().framing().bodyFollows(h);
        int code = h.status();
        if (h.informational() && code != 101) {
            ex.response = Exchange.Response.INFORMATIONAL;
            forwardHead(head, inPlace);
            return true;
        }
        ex.status = code;
        ex.response = Exchange.Response.STARTED;
        ex.upgrade = code == 101;
        ex.responseKeepAlive = h.keepAlive();
        ex.responseFramed = h.framed();
        ex.record.responseHead(head);
        if (px.draining() && !ex.upgrade) {
            ByteBuf closing = ResponseHead.closing(head, ctx.alloc());
            head.release();
            head = closing;
        }
        forwardHead(head, inPlace);
        recordAddedLatency(ex);
        return true;
    }

    /** Writes a head to the client, unless it is left in place to go with the bytes around it. */
    private void forwardHead(ByteBuf head, boolean inPlace) {
        if (inPlace) {
            head.release();
        } else {
            lastClientWrite = rawOut().write(head);
        }
    }

    /** One sample per exchange: how long the proxy held its request head plus its response head. */
    private void recordAddedLatency(Exchange ex) {
        px.metrics.addedLatency.recordNanos(ex.requestHoldNanos + System.nanoTime() - ex.responseHeadNanoTime);
    }

    void upstreamReadComplete() {
        if (lastClientWrite != null) {
            ChannelFuture f = lastClientWrite;
            lastClientWrite = null;
            ctx.flush();
            f.addListener(readUpstreamWhenFlushed);
        } else if (leg instanceof UpstreamLeg.Attached a) {
            a.backend().read();
        }
    }

    private void upstreamFlushedToClient(Future<? super Void> f) {
        if (f.isSuccess() && leg instanceof UpstreamLeg.Attached a) {
            a.backend().read();
        }
    }

    private void finishExchange(UpstreamLeg.Attached a, boolean upstreamOverran) {
        Exchange ex = a.exchange();
        ex.record.responseEnded(ex.status);
        if (ex.upgrade) {
            switchToTunnel(a);
            return;
        }
        boolean reusable = ex.requestKeepAlive && ex.responseKeepAlive && ex.responseFramed && ex.requestDone;
        // The upstream's read-complete will no longer reach us once detached: flush the response end now.
        lastClientWrite = null;
        ctx.flush();
        a.backend().detach();
        leg = UpstreamLeg.IDLE;
        if (reusable && !upstreamOverran) {
            px.pool.release(a.channel());
        } else {
            a.channel().close();
        }
        if (!reusable || px.draining()) {
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
        if (leg instanceof UpstreamLeg.Idle) {
            if (input == ClientInput.SHUT && pending.isEmpty()) {
                conn.closedBy = CloseSide.CLIENT;
                Channels.closeOnFlush(ctx.channel());
                return;
            }
            if (pending.isEmpty()) {
                idleSinceNanos = px.clock.nowNanos();
                conn.idleSince = idleSinceNanos;
            }
            readClient();
        }
    }

    /** Closes the connection if it sits between requests, to make room for a new one at the connection cap; false if it is busy. */
    boolean closeIfIdle() {
        if (leg instanceof UpstreamLeg.Idle && pending.isEmpty() && ctx.channel().isActive()) {
            px.metrics.connectionsEvicted.increment();
            conn.closedBy = CloseSide.PROXY;
            ctx.close();
            return true;
        }
        return false;
    }

    /**
     * What the connection waits on its client for, for {@link ClientTimeouts}: the head of its
     * first request since it connected, a head whose first bytes came, the next request on an
     * idle connection, or more of a request body while the proxy is ready to read it (a body held
     * back because upstream is slow to take it is not the client's delay). Null for none.
     */
    private ClientTimeouts.Wait clientWait() {
        Exchange ex = leg.exchange();
        if (ex == null && pending.isEmpty()) {
            long partial = arrival.unclaimedSince();
            if (sequence == 0) {
                return new ClientTimeouts.Wait(ClientTimeouts.Phase.HEADER, connectedNanos);
            }
            if (partial != 0) {
                return new ClientTimeouts.Wait(ClientTimeouts.Phase.HEADER, partial);
            }
            return px.draining() ? null : new ClientTimeouts.Wait(ClientTimeouts.Phase.KEEP_ALIVE, idleSinceNanos);
        }
        if (ex != null && !ex.requestDone && pending.isEmpty() && input == ClientInput.OPEN
                && clientReadAskedNanos >= lastClientReadNanos) {
            return new ClientTimeouts.Wait(ClientTimeouts.Phase.BODY, clientReadAskedNanos);
        }
        return null;
    }

    private void switchToTunnel(UpstreamLeg.Attached a) {
        Exchange ex = a.exchange();
        px.metrics.upgrades.increment();
        if (conn.sampled) {
            String protocol = ex.request.headers().get(HttpHeaderNames.UPGRADE, "");
            px.recorder.event(new UpgradeEvent(conn.id, ex.sequence, px.clock.nowNanos(), protocol));
        }
        Channel up = a.channel();
        a.backend().detach();
        leg = UpstreamLeg.IDLE;
        ctx.flush();
        TunnelHandler toUpstream = new TunnelHandler(up);
        TunnelHandler toClient = new TunnelHandler(ctx.channel());
        up.pipeline().replace(BackendHandler.class, "tunnel", toClient);
        up.pipeline().remove(HttpRequestEncoder.class);
        ctx.pipeline().replace(this, "tunnel", toUpstream);
        // Requests the client pipelined behind the upgrade are not HTTP to us any more.
        clearPending();
        ctx.pipeline().remove(HttpRequestDecoder.class);
        ctx.pipeline().remove(HttpResponseEncoder.class);
        up.read();
        ctx.channel().read();
    }

    void upstreamTimedOut() {
        upstreamFailed(UpstreamFailure.TIMEOUT);
    }

    void upstreamClosed(Throwable cause) {
        if (cause == null && leg instanceof UpstreamLeg.Attached a && a.exchange().responseStarted()
                && a.backend().framing().untilClose()) {
            finishExchange(a, true); // the close is the end of a response framed by it
            return;
        }
        upstreamFailed(UpstreamFailure.ofBrokenConnection(cause));
    }

    /** Lets go of the upstream connection of the exchange in flight, closing it; the exchange stays current. */
    private void closeUpstream() {
        if (leg instanceof UpstreamLeg.Attached a) {
            a.backend().detach();
            a.channel().close();
            leg = new UpstreamLeg.Connecting(a.exchange());
        }
    }

    /**
     * Upstream failed the current exchange. A request that went out on a reused connection and got
     * no byte back is sent once more on a fresh one if it may be repeated (see docs/capture.md);
     * otherwise the client gets 502/504 if nothing was sent yet, or is cut off.
     */
    private void upstreamFailed(UpstreamFailure failure) {
        Exchange ex = leg.exchange();
        if (ex == null) {
            return;
        }
        boolean retry = failure == UpstreamFailure.RESET && leg instanceof UpstreamLeg.Attached a && a.reused()
                && !ex.anyResponseByte && ex.copy != null;
        closeUpstream();
        if (retry) {
            // The copy holds the decoded request: the retry encodes it, and the body parts after it.
            ex.headAsSent = null;
            px.metrics.upstreamRetries.increment();
            ex.record.retried();
            connect(ex, px.pool.connect(ctx.channel().eventLoop()));
            return;
        }
        if (ex.copy != null) {
            ex.copy.release();
            ex.copy = null;
        }
        px.metrics.upstreamError(failure.outcome());
        px.upstreamErrors.failed(failure);
        consumePendingBody(ex);
        ex.record.handOver();
        leg = UpstreamLeg.IDLE;
        if (ex.responseStarted()) {
            ex.record.cutShort(ex.status, failure.outcome());
            conn.closedBy = CloseSide.UPSTREAM;
            ctx.flush();
            Channels.closeOnFlush(ctx.channel());
            return;
        }
        boolean keepClient = ex.requestDone && ex.requestKeepAlive && !px.draining();
        LocalResponse local = LocalResponse.forFailure(failure, ex.request, keepClient);
        ex.record.answeredLocally(local, failure.outcome());
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
        while (!ex.requestDone && !pending.isEmpty() && pending.peek().msg() instanceof HttpContent c
                && !(c instanceof HttpRequest)) {
            long at = pending.poll().arrivalNanos();
            if (!c.decoderResult().isFailure()) {
                ex.record.requestBody(c.content());
            }
            if (c instanceof LastHttpContent) {
                ex.requestDone = true;
                ex.record.requestEnded(at);
            }
            c.release();
        }
    }

    /** Answers a request the proxy will not forward, and closes: what follows it cannot be trusted. */
    private void refuse(HttpRequest req, LocalResponse local) {
        switch (local.status()) {
            case 431 -> px.metrics.rejectedHeadersTooLarge.increment();
            case 414 -> px.metrics.rejectedLineTooLong.increment();
            case 405 -> px.metrics.rejectedNotAllowed.increment();
            case 501 -> px.metrics.rejectedNotImplemented.increment();
            default -> px.metrics.rejectedBadRequest.increment();
        }
        ReferenceCountUtil.release(req);
        conn.closedBy = CloseSide.PROXY;
        clearPending();
        ctx.writeAndFlush(local.response()).addListener(ChannelFutureListener.CLOSE);
    }

    /** The request head is upstream already; the client's framing is broken, so neither side can go on. */
    private void rejectMalformedMidBody(Exchange ex) {
        closeUpstream();
        if (ex.copy != null) {
            ex.copy.release();
        }
        px.metrics.rejectedBadRequest.increment();
        ex.record.cutShort(0, Outcome.CLIENT_ABORT);
        leg = UpstreamLeg.IDLE;
        conn.closedBy = CloseSide.PROXY;
        clearPending();
        if (ex.responseStarted()) {
            ctx.flush();
            ctx.close();
        } else {
            ctx.writeAndFlush(LocalResponse.forMalformed(null).response()).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Shutdown ({@link ProxyContext#draining()} is set): finish the exchange in flight, if any, then close. */
    void beginDrain() {
        if (leg instanceof UpstreamLeg.Idle && ctx != null && ctx.pipeline().get(FrontendHandler.class) == this) {
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
            input = ClientInput.SHUT;
            Exchange ex = leg.exchange();
            if (ex == null && pending.isEmpty()) {
                ctx.close();
            } else if (ex != null && !ex.requestDone
                    && (pending.isEmpty() || !(pending.peekLast().msg() instanceof LastHttpContent))) {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopTimeouts();
        Exchange ex = leg.exchange();
        if (ex != null) {
            closeUpstream();
            leg = UpstreamLeg.IDLE;
            if (ex.copy != null) {
                ex.copy.release();
            }
            px.metrics.clientAborts.increment();
            consumePendingBody(ex);
            ex.record.cutShort(ex.status, Outcome.CLIENT_ABORT);
        }
        clearPending();
    }

    /** Replaced by a tunnel after an upgrade: the client timeouts are HTTP's, not the tunnel's. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopTimeouts();
    }

    private void stopTimeouts() {
        if (timeouts != null) {
            timeouts.stop();
        }
    }

    private void clearPending() {
        for (Pending p; (p = pending.poll()) != null; ) {
            ReferenceCountUtil.release(p.msg());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset from the client; channelInactive follows and records the abort.
        ctx.close();
    }
}
