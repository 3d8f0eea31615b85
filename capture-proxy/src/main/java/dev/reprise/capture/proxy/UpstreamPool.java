package dev.reprise.capture.proxy;

import dev.reprise.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayDeque;

/**
 * Keep-alive connections to the upstream, one pool per event loop: a client connection borrows
 * from its own loop's pool, so both sides of an exchange stay on one thread and need no locks.
 * Every method must be called on the event loop it is given or runs on.
 */
final class UpstreamPool {
    private final Bootstrap bootstrap;
    private final ProxySettings settings;
    private final FastThreadLocal<ArrayDeque<Channel>> idle = new FastThreadLocal<>() {
        @Override
        protected ArrayDeque<Channel> initialValue() {
            return new ArrayDeque<>();
        }
    };

    UpstreamPool(ProxySettings settings, Transport transport) {
        this.settings = settings;
        this.bootstrap = new Bootstrap()
                .channel(transport.clientChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                .remoteAddress(settings.upstreamHost(), settings.upstreamPort())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Responses come in as bytes, framed by ResponseFraming and forwarded as they came.
                        ch.pipeline().addLast("http", new HttpRequestEncoder());
                        ch.pipeline().addLast("backend", new BackendHandler(settings.readTimeout(),
                                settings.upstreamIdleTimeout()));
                    }
                });
    }

    /** An idle pooled connection if one is open, else a new one. */
    Future<Channel> acquire(EventLoop loop) {
        ArrayDeque<Channel> q = idle.get();
        Channel ch;
        while ((ch = q.pollLast()) != null) {
            if (ch.isActive()) {
                backend(ch).leavePool();
                return loop.newSucceededFuture(ch);
            }
        }
        return connect(loop);
    }

    /** A new connection, never a pooled one: for a request that failed on a pooled one. */
    Future<Channel> connect(EventLoop loop) {
        Promise<Channel> promise = loop.newPromise();
        ChannelFuture cf = bootstrap.clone(loop).connect();
        cf.addListener(f -> {
            if (f.isSuccess()) {
                promise.setSuccess(cf.channel());
            } else {
                promise.setFailure(f.cause());
            }
        });
        return promise;
    }

    /** Returns a connection whose last exchange ended cleanly; it is closed if the pool is full. */
    void release(Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        ArrayDeque<Channel> q = idle.get();
        if (q.size() >= settings.maxIdlePerLoop()) {
            ch.close();
            return;
        }
        backend(ch).enterPool(q);
        q.addLast(ch);
    }

    static BackendHandler backend(Channel ch) {
        return ch.pipeline().get(BackendHandler.class);
    }
}
