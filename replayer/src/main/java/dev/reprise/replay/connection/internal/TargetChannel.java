package dev.reprise.replay.connection.internal;

import dev.reprise.replay.connection.ConnectionSettings;
import dev.reprise.replay.connection.ConnectionStats;
import dev.reprise.replay.connection.ExchangeSink;
import dev.reprise.replay.plan.ConnectionKey;
import dev.reprise.replay.results.ErrorKind;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

import java.util.concurrent.TimeUnit;

/**
 * One TCP connection to the target, carrying one exchange at a time (HTTP/1.1 without
 * pipelining). Confined to its event loop. Its owner decides what to send next; the channel
 * tells it when it is ready for more, when connecting failed and when it is gone.
 */
final class TargetChannel {
    interface Owner {
        /** Connected, or an exchange ended and the connection can carry the next one. */
        void ready(TargetChannel c);

        /** The connection could not be established; it is finished. */
        void connectFailed(TargetChannel c, ErrorKind kind, long attemptNanos);

        /** An established connection closed; it is finished. */
        void closed(TargetChannel c);
    }

    private final NettyTransport transport;
    private final EventLoop loop;
    private final Owner owner;
    private final ConnectionSettings settings;
    private final ConnectionStats stats;
    private final ExchangeSink sink;
    private final ChannelFutureListener writeListener = this::written;
    private final Runnable timeoutTask = () -> failed(ErrorKind.RESPONSE_TIMEOUT);
    private Channel channel;
    private boolean connected;
    private boolean finished;
    private boolean keepAlive;
    private long attemptNanos;
    private ConnectionKey currentKey;
    private Exchange current;

    TargetChannel(NettyTransport transport, EventLoop loop, Owner owner, ConnectionSettings settings,
                  ConnectionStats stats, ExchangeSink sink) {
        this.transport = transport;
        this.loop = loop;
        this.owner = owner;
        this.settings = settings;
        this.stats = stats;
        this.sink = sink;
    }

    void connect() {
        attemptNanos = System.nanoTime();
        ChannelFuture f = transport.connect(loop, this);
        channel = f.channel();
        f.addListener((ChannelFutureListener) this::connectDone);
    }

    /** Connected, open and carrying nothing. */
    boolean idle() {
        return connected && !finished && current == null;
    }

    boolean busy() {
        return current != null;
    }

    boolean finished() {
        return finished;
    }

    /** Sends the exchange's request; the channel must be {@link #idle()}. */
    void send(ConnectionKey key, Exchange x) {
        currentKey = key;
        current = x;
        FullHttpRequest request;
        try {
            x.sentTarget = settings.rewriter().rewriteTarget(x.send.request().target());
            request = settings.rewriter().rewrite(x.send.request(), x.sentTarget);
        } catch (IllegalArgumentException e) {
            end(ErrorKind.PROTOCOL_ERROR);
            owner.ready(this);
            return;
        }
        keepAlive = HttpUtil.isKeepAlive(request);
        x.sentNanos = System.nanoTime();
        if (settings.closedLoop()) {
            x.intendedNanos = x.sentNanos;
        }
        stats.onSent();
        x.timeout = loop.schedule(timeoutTask, settings.requestTimeoutNanos(), TimeUnit.NANOSECONDS);
        channel.writeAndFlush(request).addListener(writeListener);
    }

    void close() {
        finished = true;
        if (channel != null) {
            channel.close();
        }
    }

    void responseStarted(HttpResponse r) {
        if (current == null) {
            failed(ErrorKind.PROTOCOL_ERROR);
            return;
        }
        int code = r.status().code();
        if (code < 200 && code != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            return; // an interim response: the final one follows
        }
        current.status = code;
        keepAlive &= HttpUtil.isKeepAlive(r);
    }

    void responseContent(int bytes) {
        if (current != null) {
            current.responseBytes += bytes;
        }
    }

    void responseEnded() {
        if (current == null || current.status == 0) {
            return; // the end of an interim response
        }
        end(ErrorKind.NONE);
        if (keepAlive && !finished) {
            owner.ready(this);
        } else {
            close();
        }
    }

    /** The exchange in flight, if any, failed; the connection cannot be trusted any more. */
    void failed(ErrorKind kind) {
        if (current != null) {
            end(kind);
        }
        close();
    }

    private void end(ErrorKind kind) {
        Exchange x = current;
        current = null;
        if (x.timeout != null) {
            x.timeout.cancel(false);
        }
        stats.onEnded(kind, x.sentNanos != 0);
        if (!transport.closing()) {
            sink.completed(currentKey, x.sequence(), x.result(System.nanoTime(), kind));
        }
    }

    private void written(ChannelFuture f) {
        if (!f.isSuccess()) {
            failed(ErrorClassifier.classify(f.cause()));
        }
    }

    private void connectDone(ChannelFuture f) {
        if (!f.isSuccess()) {
            if (finished) {
                return; // closed on purpose while connecting
            }
            finished = true;
            stats.onConnectFailed();
            owner.connectFailed(this, ErrorClassifier.classify(f.cause()), attemptNanos);
            return;
        }
        connected = true;
        stats.onConnected();
        f.channel().closeFuture().addListener(c -> closedNow());
        if (finished) {
            channel.close(); // closed while it was connecting
            return;
        }
        owner.ready(this);
    }

    private void closedNow() {
        finished = true;
        connected = false;
        stats.onDisconnected();
        if (current != null) {
            end(ErrorKind.RESET);
        }
        owner.closed(this);
    }
}
